/// A complex number type the kernels compute with: its parts as float32 or float64.
protocol ComplexScalar: TensorScalar {
    associatedtype Part: ComplexPart
    init(_ real: Part, _ imaginary: Part)
    var real: Part { get }
    var imaginary: Part { get }
}

extension Complex64: ComplexScalar {}
extension Complex128: ComplexScalar {}

/// A binary op that also has a complex kernel (`+ - *`).
protocol ComplexMath: BinaryMath {
    static func complex<T: MathFloat>(_ ar: T, _ ai: T, _ br: T, _ bi: T) -> (T, T)
}

struct ComplexOf<M: ComplexMath, C: ComplexScalar>: BinaryFunction {
    @inline(__always) static func apply(_ a: C, _ b: C) -> C {
        let (r, i) = M.complex(a.real, a.imaginary, b.real, b.imaginary)
        return C(r, i)
    }
}

extension ComplexMath {
    static func runComplex(_ pair: TensorPair) throws -> Tensor {
        switch pair.x.dtype {
        case .complex64: try BinaryKernel.run(ComplexOf<Self, Complex64>.self, pair.x, pair.y, dtype: .complex64)
        default: try BinaryKernel.run(ComplexOf<Self, Complex128>.self, pair.x, pair.y, dtype: .complex128)
        }
    }
}

/// Complex `RealDiv` as TensorFlow's CPU kernel computes it. Eigen's vectorized body
/// (`pdiv_complex`, Eigen/src/Core/arch/Default/GenericPacketMathFunctions.h) scales the divisor
/// by `s = max(|c|, |d|)` and returns `(x * conj(y / s)) / |y / s|² / s`; the scalar tail, the
/// last `count % packet` elements of the output, uses Smith's algorithm. The packet holds 4
/// complex64 or 2 complex128 values (AVX), so TensorBridge uses the same split. Bit-exact for
/// finite, nonzero parts; with infinite, NaN or zero parts the NaN-ness of a result can differ
/// and zeros can differ in sign from Eigen's packet arithmetic.
enum ComplexDivision {
    /// The packet path's formula.
    struct Packet<C: ComplexScalar>: BinaryFunction {
        @inline(__always) static func apply(_ x: C, _ y: C) -> C {
            let (a, b, c, d) = (x.real, x.imaginary, y.real, y.imaginary)
            let s = Swift.max(c.magnitude, d.magnitude)
            let (cs, ds) = (c / s, d / s)
            let denominator = cs * cs + ds * ds
            return C((a * cs + b * ds) / denominator / s, (b * cs - a * ds) / denominator / s)
        }
    }

    /// Smith's algorithm (the scalar path).
    struct Smith<C: ComplexScalar>: BinaryFunction {
        @inline(__always) static func apply(_ x: C, _ y: C) -> C {
            let (a, b, c, d) = (x.real, x.imaginary, y.real, y.imaginary)
            if c.magnitude >= d.magnitude {
                let r = d / c, denominator = c + d * r
                return C((a + b * r) / denominator, (b - a * r) / denominator)
            }
            let r = c / d, denominator = c * r + d
            return C((a * r + b) / denominator, (b * r - a) / denominator)
        }
    }

    static func run(_ pair: TensorPair) throws -> Tensor {
        switch pair.x.dtype {
        case .complex64: try run(Complex64.self, packet: 4, pair)
        default: try run(Complex128.self, packet: 2, pair)
        }
    }

    /// The packet formula everywhere, then the tail from Smith's algorithm.
    static func run<C: ComplexScalar>(_: C.Type, packet: Int, _ pair: TensorPair) throws -> Tensor {
        let out = try BinaryKernel.run(Packet<C>.self, pair.x, pair.y, dtype: pair.x.dtype)
        let count = out.elementCount, tail = count % packet
        guard tail > 0 else { return out }
        let scalar = try BinaryKernel.run(Smith<C>.self, pair.x, pair.y, dtype: pair.x.dtype)
        // `out` is new and not yet shared: writing its tail in place is safe.
        let target = UnsafeMutablePointer(mutating: try hostPointer(out, as: C.self).value)
        let source = try hostPointer(scalar, as: C.self).value
        for i in (count - tail)..<count { target[i] = source[i] }
        return out
    }
}
