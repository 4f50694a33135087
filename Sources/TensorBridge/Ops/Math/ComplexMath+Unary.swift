/// `Sign`, `Rsqrt`, `Sin`, `Cos`, `Tanh`, `Sigmoid` and `Pow` on complex tensors, each as
/// TensorFlow 2.21's CPU kernel computes it. Eigen has no packet path for these on complex
/// numbers (but `Sign`), so TensorFlow applies one scalar formula to every element: the C
/// library's (glibc's) functions for sin, cos, tanh, sigmoid's exp and pow, Eigen's
/// `complex_rsqrt` for rsqrt. Bit-exact against TensorFlow on the same C library, measured on
/// finite values, zeros of both signs, subnormal, huge, infinite and NaN parts; two known
/// exceptions: `Sign` where `|z|` overflows (see ``Sign``), and `Pow` where the product
/// `y · log(x)` comes out with both parts NaN (a zero or infinite base with some exponents:
/// the C library then retries the product in C99's Annex G way, TensorBridge does not).
enum ComplexUnary {
    /// `z / |z|` with the C library's `hypot`, divided as `ComplexPart.divideByModulus`
    /// describes; 0 where `|z|²` flushes to zero (`|z|` below about 1.1e-19 in complex64,
    /// 1.5e-154 in complex128), as TensorFlow's kernel gives. Where `|z|` overflows with
    /// finite parts TensorFlow's vectorized body gives NaN and its scalar tail 0; TensorBridge
    /// gives NaN for complex64 and 0 for complex128.
    enum Sign: ComplexUnaryFunction {
        @inline(__always) static func apply<C: ComplexScalar>(_ z: C) -> C {
            let x = z.real, y = z.imaginary, h = C.Part.cHypot(x, y)
            if h * h == 0 { return C(0, 0) }
            let (r, i) = C.Part.divideByModulus(x, y, h)
            return C(r, i)
        }
    }

    /// Eigen's `complex_rsqrt` (Eigen/src/Core/MathFunctionsImpl.h): with `|z|` from Eigen's
    /// scaled hypot and `w = sqrt((|x| + |z|) / 2)`, `(w / |z|, -y / (2w|z|))` for `x > 0`
    /// and `(|y| / (2w|z|), ∓w / |z|)` for `x < 0`; zero gives `(inf, nan)`, an infinite
    /// part `(0, 0)`.
    enum ReciprocalSquareRoot: ComplexUnaryFunction {
        @inline(__always) static func apply<C: ComplexScalar>(_ z: C) -> C {
            let x = z.real, y = z.imaginary
            let r = modulus(x.magnitude, y.magnitude)
            let w = ((x.magnitude + r) * 0.5).squareRoot()
            let woz = w / r
            if r == 0 { return C(.infinity, .nan) }
            if x.isInfinite || y.isInfinite { return C(0, 0) }
            if x == 0 { return C(woz, y < 0 ? woz : -woz) }
            if x > 0 { return C(woz, -y / (2 * w * r)) }
            return C(y.magnitude / (2 * w * r), y < 0 ? woz : -woz)
        }

        /// Eigen's `positive_real_hypot`: `p · sqrt(1 + (q / p)²)` with `p` the larger part.
        @inline(__always) static func modulus<T: MathFloat>(_ x: T, _ y: T) -> T {
            if x.isInfinite || y.isInfinite { return .infinity }
            if x.isNaN || y.isNaN { return .nan }
            let p = x < y ? y : x
            if p == 0 { return 0 }
            let q = (x < y ? x : y) / p
            return p * (1 + q * q).squareRoot()
        }
    }

    enum Sine: ComplexUnaryFunction {
        @inline(__always) static func apply<C: ComplexScalar>(_ z: C) -> C {
            let (r, i) = CLibraryComplex.sin(z.real, z.imaginary)
            return C(r, i)
        }
    }

    enum Cosine: ComplexUnaryFunction {
        @inline(__always) static func apply<C: ComplexScalar>(_ z: C) -> C {
            let (r, i) = CLibraryComplex.cos(z.real, z.imaginary)
            return C(r, i)
        }
    }

    enum HyperbolicTangent: ComplexUnaryFunction {
        @inline(__always) static func apply<C: ComplexScalar>(_ z: C) -> C {
            let (r, i) = CLibraryComplex.tanh(z.real, z.imaginary)
            return C(r, i)
        }
    }

    /// Eigen's complex `scalar_logistic_op`: `e / (e + 1)` with `e = exp(z)` (the C library's
    /// `cexp`) and the quotient by Smith's algorithm; 1 where `e`'s real part is infinite.
    enum Sigmoid: ComplexUnaryFunction {
        @inline(__always) static func apply<C: ComplexScalar>(_ z: C) -> C {
            let (er, ei) = CLibraryComplex.exp(z.real, z.imaginary)
            if er.isInfinite { return C(1, 0) }
            return ComplexDivision.Smith<C>.apply(C(er, ei), C(er + 1, ei + 0))
        }
    }

    /// `std::pow` on `std::complex`: the C library's `cpow`, `exp(y · log(x))`; `0 ^ 0` is NaN.
    struct Power<C: ComplexScalar>: BinaryFunction {
        @inline(__always) static func apply(_ x: C, _ y: C) -> C {
            let (r, i) = CLibraryComplex.pow((x.real, x.imaginary), (y.real, y.imaginary))
            return C(r, i)
        }
    }

    /// Both operands complex of one dtype, shapes broadcast.
    static func pow(_ pair: TensorPair) throws -> Tensor {
        _ = try BroadcastPlan.shape(pair.x.shape, pair.y.shape)
        return pair.x.dtype == .complex64
            ? try BinaryKernel.run(Power<Complex64>.self, pair.x, pair.y, dtype: .complex64)
            : try BinaryKernel.run(Power<Complex128>.self, pair.x, pair.y, dtype: .complex128)
    }
}

/// A function of one complex element, for complex64 and complex128 alike.
protocol ComplexUnaryFunction {
    static func apply<C: ComplexScalar>(_ z: C) -> C
}

struct ComplexUnaryOf<F: ComplexUnaryFunction, C: ComplexScalar>: UnaryFunction {
    @inline(__always) static func apply(_ z: C) -> C { F.apply(z) }
}

extension ComplexUnaryFunction {
    /// The function over every element of a complex64 or complex128 tensor.
    static func run(_ x: Tensor) throws -> Tensor {
        x.dtype == .complex64
            ? try UnaryKernel.run(ComplexUnaryOf<Self, Complex64>.self, x, dtype: x.dtype)
            : try UnaryKernel.run(ComplexUnaryOf<Self, Complex128>.self, x, dtype: x.dtype)
    }
}
