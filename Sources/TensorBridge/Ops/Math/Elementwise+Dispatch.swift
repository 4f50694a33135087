/// One binary element-wise op of real numbers: TensorFlow's name, the dtypes its kernel
/// accepts, and the scalar function for floats (float32/float64; float16 and bfloat16
/// compute in float32) and for integers.
protocol BinaryMath {
    static var name: String { get }
    static var allowed: [DType] { get }
    static func float<T: MathFloat>(_ a: T, _ b: T) -> T
    static func integer<T: MathInteger>(_ a: T, _ b: T) -> T
    /// Checks TensorFlow makes on the operands before computing (integer division by zero).
    static func validate(_ pair: TensorPair) throws
    /// float16/bfloat16: by default the float32 result rounded once.
    static func half<T: HalfFloat>(_ a: T, _ b: T) -> T
    /// Whether ``half(_:_:)`` is the float32 result rounded once (the default), so float16
    /// may run through float32 blocks (`HalfBlocks`). An op that overrides `half` says false.
    static var halfIsRoundedFloat32: Bool { get }
    /// A vectorized C loop for two float32 tensors of one shape, where the op has one (the
    /// same results as ``float(_:_:)``).
    static var float32Kernel: Float32BinaryKernel? { get }
    /// The same with a one-element right operand.
    static var float32ScalarKernel: Float32ScalarKernel? { get }
}

/// A C loop over `count` float32 elements and one float32 value: input, value, output, count.
typealias Float32ScalarKernel = @Sendable (UnsafePointer<Float>, Float, UnsafeMutablePointer<Float>, Int) -> Void

/// A C loop over `count` float32 element pairs: inputs, output, count.
typealias Float32BinaryKernel = @Sendable (UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void

extension BinaryMath {
    static var float32Kernel: Float32BinaryKernel? { nil }
    static var float32ScalarKernel: Float32ScalarKernel? { nil }
    static var allowed: [DType] { MathCheck.reals }
    static func validate(_ pair: TensorPair) throws {}
    @inline(__always) static func half<T: HalfFloat>(_ a: T, _ b: T) -> T { T(narrowing: float(a.widened, b.widened)) }
    static var halfIsRoundedFloat32: Bool { true }
}

struct FloatOf<M: BinaryMath, T: MathFloat>: BinaryFunction {
    @inline(__always) static func apply(_ a: T, _ b: T) -> T { M.float(a, b) }
}

struct HalfOf<M: BinaryMath, T: HalfFloat>: BinaryFunction {
    @inline(__always) static func apply(_ a: T, _ b: T) -> T { M.half(a, b) }
}

struct IntegerOf<M: BinaryMath, T: MathInteger>: BinaryFunction {
    @inline(__always) static func apply(_ a: T, _ b: T) -> T { M.integer(a, b) }
}

enum BinaryMathKernel {
    /// The CPU kernel of `M`: TensorFlow's checks in its order (dtypes, then shapes), then the loop.
    static func run<M: BinaryMath>(_: M.Type, _ pair: TensorPair) throws -> Tensor {
        try MathCheck.sameDType(M.name, pair.x, pair.y)
        if pair.x.dtype.isComplex, let complex = M.self as? any ComplexMath.Type {
            return try complex.runComplex(pair)
        }
        try MathCheck.allowed(M.name, pair.x.dtype, M.allowed)
        _ = try BroadcastPlan.shape(pair.x.shape, pair.y.shape)
        try M.validate(pair)
        return try RealDispatch.visit(pair.x.dtype, BinaryMathVisitor<M>(pair: pair))
    }
}

struct BinaryMathVisitor<M: BinaryMath>: RealVisitor {
    let pair: TensorPair
    func float<T: MathFloat>(_: T.Type) throws -> Tensor {
        if T.self == Float.self, pair.x.shape == pair.y.shape, let kernel = M.float32Kernel {
            return try BinaryKernel.runFloat32(kernel, pair.x, pair.y)
        }
        if T.self == Float.self, pair.y.elementCount == 1, pair.y.rank <= pair.x.rank, let kernel = M.float32ScalarKernel {
            return try BinaryKernel.runFloat32(kernel, pair.x, pair.y)
        }
        return try BinaryKernel.run(FloatOf<M, T>.self, pair.x, pair.y, dtype: pair.x.dtype)
    }
    func half<T: HalfFloat>(_: T.Type) throws -> Tensor {
        if T.self == Float16.self, M.halfIsRoundedFloat32 {
            let kernel = M.float32Kernel
            if let out = try HalfBlocks.binary(pair.x, pair.y, { a, b, o, n in
                if let kernel { kernel(a, b, o, n) } else { for i in 0..<n { o[i] = M.float(a[i], b[i]) } }
            }) {
                return out
            }
        }
        return try BinaryKernel.run(HalfOf<M, T>.self, pair.x, pair.y, dtype: pair.x.dtype)
    }
    func integer<T: MathInteger>(_: T.Type) throws -> Tensor {
        try BinaryKernel.run(IntegerOf<M, T>.self, pair.x, pair.y, dtype: pair.x.dtype)
    }
}

/// Whether any element of an integer tensor satisfies `test` (division by zero, negative powers).
func anyInteger(_ t: Tensor, _ test: @escaping (Int64) -> Bool, unsigned: @escaping (UInt64) -> Bool) throws -> Bool {
    struct Scan: RealVisitor {
        let t: Tensor, test: (Int64) -> Bool, unsigned: (UInt64) -> Bool
        func float<T: MathFloat>(_: T.Type) throws -> Bool { false }
        func half<T: HalfFloat>(_: T.Type) throws -> Bool { false }
        func integer<T: MathInteger>(_: T.Type) throws -> Bool {
            let p = try hostPointer(t, as: T.self).value
            for i in 0..<t.elementCount {
                if T.isSigned ? test(Int64(truncatingIfNeeded: p[i])) : unsigned(UInt64(truncatingIfNeeded: p[i])) { return true }
            }
            return false
        }
    }
    return try RealDispatch.visit(t.dtype, Scan(t: t, test: test, unsigned: unsigned))
}

/// One unary element-wise op of real numbers.
protocol UnaryMath {
    static var name: String { get }
    static var allowed: [DType] { get }
    static func float<T: MathFloat>(_ a: T) -> T
    static func integer<T: MathInteger>(_ a: T) -> T
    static func half<T: HalfFloat>(_ a: T) -> T
    /// Whether ``half(_:)`` is the float32 result rounded once (the default), so float16
    /// may run through float32 blocks (`HalfBlocks`). An op that overrides `half` says false.
    static var halfIsRoundedFloat32: Bool { get }
    /// A vectorized C loop for float32 tensors, where the op has one (same results as
    /// ``float(_:)`` within the op's stated tolerance).
    static var float32Kernel: Float32Kernel? { get }
}

/// A C loop over `count` float32 elements: input, output, count.
typealias Float32Kernel = @Sendable (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void

extension UnaryMath {
    static var float32Kernel: Float32Kernel? { nil }
    static func integer<T: MathInteger>(_ a: T) -> T { a }
    @inline(__always) static func half<T: HalfFloat>(_ a: T) -> T { T(narrowing: float(a.widened)) }
    static var halfIsRoundedFloat32: Bool { true }
}

struct UnaryFloatOf<M: UnaryMath, T: MathFloat>: UnaryFunction {
    @inline(__always) static func apply(_ a: T) -> T { M.float(a) }
}

struct UnaryHalfOf<M: UnaryMath, T: HalfFloat>: UnaryFunction {
    @inline(__always) static func apply(_ a: T) -> T { M.half(a) }
}

struct UnaryIntegerOf<M: UnaryMath, T: MathInteger>: UnaryFunction {
    @inline(__always) static func apply(_ a: T) -> T { M.integer(a) }
}

enum UnaryMathKernel {
    static func run<M: UnaryMath>(_: M.Type, _ x: Tensor) throws -> Tensor {
        try MathCheck.allowed(M.name, x.dtype, M.allowed)
        return try RealDispatch.visit(x.dtype, UnaryMathVisitor<M>(x: x))
    }
}

struct UnaryMathVisitor<M: UnaryMath>: RealVisitor {
    let x: Tensor
    func float<T: MathFloat>(_: T.Type) throws -> Tensor {
        if T.self == Float.self, let kernel = M.float32Kernel { return try UnaryKernel.runFloat32(kernel, x) }
        return try UnaryKernel.run(UnaryFloatOf<M, T>.self, x, dtype: x.dtype)
    }
    func half<T: HalfFloat>(_: T.Type) throws -> Tensor {
        if T.self == Float16.self, M.halfIsRoundedFloat32 {
            let kernel = M.float32Kernel
            if let out = try HalfBlocks.unary(x, { a, o, n in
                if let kernel { kernel(a, o, n) } else { for i in 0..<n { o[i] = M.float(a[i]) } }
            }) {
                return out
            }
        }
        return try UnaryKernel.run(UnaryHalfOf<M, T>.self, x, dtype: x.dtype)
    }
    func integer<T: MathInteger>(_: T.Type) throws -> Tensor { try UnaryKernel.run(UnaryIntegerOf<M, T>.self, x, dtype: x.dtype) }
}
