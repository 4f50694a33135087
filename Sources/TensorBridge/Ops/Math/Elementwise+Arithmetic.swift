import _CTensorBridgeKernels

/// The arithmetic ops: `AddV2`, `Sub`, `Mul`, `RealDiv`, `Div`, `FloorDiv`, `FloorMod`, `Pow`.
enum Arithmetic {
    struct Add: ComplexMath {
        static let name = "AddV2"
        static func float<T: MathFloat>(_ a: T, _ b: T) -> T { a + b }
        static var float32Kernel: Float32BinaryKernel? { { tb_add_f32($0, $1, $2, $3) } }
        static func integer<T: MathInteger>(_ a: T, _ b: T) -> T { a &+ b }
        static func complex<T: MathFloat>(_ ar: T, _ ai: T, _ br: T, _ bi: T) -> (T, T) { (ar + br, ai + bi) }
    }

    struct Subtract: ComplexMath {
        static let name = "Sub"
        static func float<T: MathFloat>(_ a: T, _ b: T) -> T { a - b }
        static func integer<T: MathInteger>(_ a: T, _ b: T) -> T { a &- b }
        static func complex<T: MathFloat>(_ ar: T, _ ai: T, _ br: T, _ bi: T) -> (T, T) { (ar - br, ai - bi) }
    }

    struct Multiply: ComplexMath {
        static let name = "Mul"
        static func float<T: MathFloat>(_ a: T, _ b: T) -> T { a * b }
        static var float32Kernel: Float32BinaryKernel? { { tb_mul_f32($0, $1, $2, $3) } }
        static var float32ScalarKernel: Float32ScalarKernel? { { tb_mul_scalar_f32($0, $1, $2, $3) } }
        static func integer<T: MathInteger>(_ a: T, _ b: T) -> T { a &* b }
        static func complex<T: MathFloat>(_ ar: T, _ ai: T, _ br: T, _ bi: T) -> (T, T) {
            (ar * br - ai * bi, ar * bi + ai * br)
        }
    }

    /// `RealDiv`: float division (what `/` is for float and complex tensors).
    struct RealDivide: BinaryMath {
        static let name = "RealDiv"
        static var allowed: [DType] { MathCheck.floats }
        static func float<T: MathFloat>(_ a: T, _ b: T) -> T { a / b }
        static func integer<T: MathInteger>(_ a: T, _ b: T) -> T { a }
    }

    /// `Div` on integers: C's truncating division; a zero divisor is an error.
    struct TruncatingDivide: BinaryMath {
        static let name = "Div"
        static func float<T: MathFloat>(_ a: T, _ b: T) -> T { a / b }
        static func integer<T: MathInteger>(_ a: T, _ b: T) -> T { a.dividedReportingOverflow(by: b).partialValue }
        static func validate(_ pair: TensorPair) throws { try checkDivisor(name, pair.y) }
    }

    /// `FloorDiv`: `floor(x / y)`; for integers TensorFlow's sign-corrected integer quotient.
    struct FloorDivide: BinaryMath {
        static let name = "FloorDiv"
        static func float<T: MathFloat>(_ a: T, _ b: T) -> T { (a / b).rounded(.down) }
        static func integer<T: MathInteger>(_ a: T, _ b: T) -> T {
            // tensorflow/core/kernels/cwise_ops.h google_floor_div: one less than the
            // truncated quotient when there is a remainder and the signs differ.
            let z = a.dividedReportingOverflow(by: b).partialValue
            return T.isSigned && z &* b != a && ((a < 0) != (b < 0)) ? z &- 1 : z
        }
        /// Eigen divides in the half type (rounded) before the floor.
        static func half<T: HalfFloat>(_ a: T, _ b: T) -> T {
            T(narrowing: T(narrowing: a.widened / b.widened).widened.rounded(.down))
        }
        static var halfIsRoundedFloat32: Bool { false }
        static func validate(_ pair: TensorPair) throws { try checkDivisor(name, pair.y) }
    }

    /// `FloorMod`: the remainder with the divisor's sign (TensorFlow's google_floor_fmod / floor_mod).
    struct FloorModulo: BinaryMath {
        static let name = "FloorMod"
        static func float<T: MathFloat>(_ a: T, _ b: T) -> T {
            let r = T.cFmod(a, b)
            return r != 0 && ((b < 0) != (r < 0)) ? r + b : r
        }
        static func integer<T: MathInteger>(_ a: T, _ b: T) -> T {
            let r = a.remainderReportingOverflow(dividingBy: b).partialValue
            return r != 0 && ((b < 0) != (r < 0)) ? r &+ b : r
        }
        static func validate(_ pair: TensorPair) throws { try checkDivisor(name, pair.y) }
    }

    /// `Pow`: `pow` for floats; exponentiation by squaring (wrapping) for integers.
    struct Power: BinaryMath {
        static let name = "Pow"
        static var allowed: [DType] { MathCheck.floats + MathCheck.signedInts }
        /// Subnormal operands read as zero first (denormals-are-zero): `pow(-1e-310, -5.7)` is +inf.
        static func float<T: MathFloat>(_ a: T, _ b: T) -> T { T.cPow(a.flushedToZero, b.flushedToZero).flushedToZero }
        static func integer<T: MathInteger>(_ a: T, _ b: T) -> T {
            var base = a, exponent = b, result: T = 1
            while exponent > 0 {
                if exponent & 1 == 1 { result = result &* base }
                exponent >>= 1
                base = base &* base
            }
            return result
        }
        static func validate(_ pair: TensorPair) throws {
            guard pair.y.dtype.isInteger else { return }
            if try anyInteger(pair.y, { $0 < 0 }, unsigned: { _ in false }) {
                throw TensorBridgeError.invalidArgument("Integers to negative integer powers are not allowed")
            }
        }
    }

    static func checkDivisor(_ name: String, _ y: Tensor) throws {
        guard y.dtype.isInteger else { return }
        if try anyInteger(y, { $0 == 0 }, unsigned: { $0 == 0 }) {
            throw TensorBridgeError.invalidArgument("Integer division by zero")
        }
    }
}

extension Ops {
    /// `AddV2`.
    package static let add = Op<TensorPair, Tensor>("AddV2", pair: { try BinaryMathKernel.run(Arithmetic.Add.self, $0) })
    /// `Sub`.
    package static let subtract = Op<TensorPair, Tensor>("Sub", pair: { try BinaryMathKernel.run(Arithmetic.Subtract.self, $0) })
    /// `Mul`.
    package static let multiply = Op<TensorPair, Tensor>("Mul", pair: { try BinaryMathKernel.run(Arithmetic.Multiply.self, $0) })
    /// `RealDiv`.
    package static let realDivide = Op<TensorPair, Tensor>("RealDiv", pair: { pair in
        if pair.x.dtype.isComplex, pair.x.dtype == pair.y.dtype {
            _ = try BroadcastPlan.shape(pair.x.shape, pair.y.shape)
            return try ComplexDivision.run(pair)
        }
        return try BinaryMathKernel.run(Arithmetic.RealDivide.self, pair)
    })
    /// `Div` (integer truncating division).
    package static let truncatingDivide = Op<TensorPair, Tensor>("Div", pair: { try BinaryMathKernel.run(Arithmetic.TruncatingDivide.self, $0) })
    /// `FloorDiv`.
    package static let floorDivide = Op<TensorPair, Tensor>("FloorDiv", pair: { pair in
        if pair.x.dtype.isComplex, pair.x.dtype == pair.y.dtype {
            // FloorDiv's definition takes complex numbers, but TensorFlow has no CPU kernel for them.
            throw TensorBridgeError.unsupportedDType(
                pair.x.dtype, "Could not find device for node: {{node FloorDiv}} = FloorDiv[T=DT_\(pair.x.dtype.name.uppercased())]")
        }
        return try BinaryMathKernel.run(Arithmetic.FloorDivide.self, pair)
    })
    /// `FloorMod`.
    package static let floorMod = Op<TensorPair, Tensor>("FloorMod", pair: { try BinaryMathKernel.run(Arithmetic.FloorModulo.self, $0) })
    /// `Pow`.
    package static let pow = Op<TensorPair, Tensor>("Pow", pair: { pair in
        if pair.x.dtype.isComplex, pair.x.dtype == pair.y.dtype { return try ComplexUnary.pow(pair) }
        return try BinaryMathKernel.run(Arithmetic.Power.self, pair)
    })
}
