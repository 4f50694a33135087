/// A complex number type the kernels compute with: its parts as float32 or float64.
protocol ComplexScalar: TensorScalar {
    associatedtype Part: MathFloat
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
