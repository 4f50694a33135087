/// The element-wise complex kernels beyond `+ - * /`: `Neg`, `Square`, `ComplexAbs`, `Equal`
/// and `NotEqual`, as TensorFlow's CPU kernels compute them.
enum ComplexElementwise {
    struct Negate<C: ComplexScalar>: UnaryFunction {
        @inline(__always) static func apply(_ a: C) -> C { C(-a.real, -a.imaginary) }
    }

    /// Eigen's `scalar_square_op`: `x * x` with the product's plain formula (as `Mul`).
    struct Square<C: ComplexScalar>: UnaryFunction {
        @inline(__always) static func apply(_ a: C) -> C {
            C(a.real * a.real - a.imaginary * a.imaginary, a.real * a.imaginary + a.imaginary * a.real)
        }
    }

    /// `ComplexAbs`: the C library's `hypot` of the parts (`std::abs` of a `std::complex`).
    struct Magnitude<C: ComplexScalar>: UnaryFunction {
        @inline(__always) static func apply(_ a: C) -> C.Part { C.Part.cHypot(a.real, a.imaginary) }
    }

    /// `Equal`: both parts equal (NaN is unequal, `-0 == 0`).
    struct Equal<C: ComplexScalar>: BinaryFunction {
        @inline(__always) static func apply(_ a: C, _ b: C) -> Bool { a.real == b.real && a.imaginary == b.imaginary }
    }

    struct NotEqual<C: ComplexScalar>: BinaryFunction {
        @inline(__always) static func apply(_ a: C, _ b: C) -> Bool { !(a.real == b.real && a.imaginary == b.imaginary) }
    }

    static func negate(_ x: Tensor) throws -> Tensor {
        x.dtype == .complex64 ? try UnaryKernel.run(Negate<Complex64>.self, x, dtype: x.dtype)
            : try UnaryKernel.run(Negate<Complex128>.self, x, dtype: x.dtype)
    }

    static func square(_ x: Tensor) throws -> Tensor {
        x.dtype == .complex64 ? try UnaryKernel.run(Square<Complex64>.self, x, dtype: x.dtype)
            : try UnaryKernel.run(Square<Complex128>.self, x, dtype: x.dtype)
    }

    /// complex64 gives float32, complex128 float64.
    static func magnitude(_ x: Tensor) throws -> Tensor {
        x.dtype == .complex64 ? try UnaryKernel.run(Magnitude<Complex64>.self, x, dtype: .float32)
            : try UnaryKernel.run(Magnitude<Complex128>.self, x, dtype: .float64)
    }

    static func equal(_ pair: TensorPair, negated: Bool) throws -> Tensor {
        switch (pair.x.dtype, negated) {
        case (.complex64, false): try BinaryKernel.run(Equal<Complex64>.self, pair.x, pair.y, dtype: .bool)
        case (.complex64, true): try BinaryKernel.run(NotEqual<Complex64>.self, pair.x, pair.y, dtype: .bool)
        case (_, false): try BinaryKernel.run(Equal<Complex128>.self, pair.x, pair.y, dtype: .bool)
        case (_, true): try BinaryKernel.run(NotEqual<Complex128>.self, pair.x, pair.y, dtype: .bool)
        }
    }
}
