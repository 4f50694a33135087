/// `Sum`, `Mean` and `Prod` over complex tensors. Sums add the parts in the reducers' order
/// (not Eigen's tree), so they agree with TensorFlow within a rounding error that grows with
/// the magnitudes summed; a mean divides both parts by the count, as Eigen's `MeanReducer`
/// dividing by `(count, 0)` does; a product multiplies with `Mul`'s formula in order.
enum ComplexReductions {
    enum Kind { case sum, mean, product }

    struct Sum<C: ComplexScalar>: Reducer {
        static var initial: C { C(0, 0) }
        @inline(__always) static func combine(_ acc: C, _ x: C) -> C { C(acc.real + x.real, acc.imaginary + x.imaginary) }
        @inline(__always) static func merge(_ a: C, _ b: C) -> C { combine(a, b) }
        static func finish(_ acc: C, count: Int) -> C { C(acc.real.flushedToZero, acc.imaginary.flushedToZero) }
    }

    struct Mean<C: ComplexScalar>: Reducer {
        static var initial: C { C(0, 0) }
        @inline(__always) static func combine(_ acc: C, _ x: C) -> C { Sum<C>.combine(acc, x) }
        @inline(__always) static func merge(_ a: C, _ b: C) -> C { Sum<C>.combine(a, b) }
        static func finish(_ acc: C, count: Int) -> C {
            let n = C.Part(count)
            return C((acc.real / n).flushedToZero, (acc.imaginary / n).flushedToZero)
        }
    }

    struct Product<C: ComplexScalar>: Reducer {
        static var initial: C { C(1, 0) }
        @inline(__always) static func combine(_ a: C, _ b: C) -> C {
            C(a.real * b.real - a.imaginary * b.imaginary, a.real * b.imaginary + a.imaginary * b.real)
        }
        @inline(__always) static func merge(_ a: C, _ b: C) -> C { combine(a, b) }
        static func finish(_ acc: C, count: Int) -> C { C(acc.real.flushedToZero, acc.imaginary.flushedToZero) }
    }

    static func run(_ kind: Kind, _ request: ReduceRequest, op: String) throws -> Tensor {
        let layout = try ReductionLayout(request, op: op)
        let dtype = request.tensor.dtype
        return dtype == .complex64 ? try run(Complex64.self, kind, layout, dtype) : try run(Complex128.self, kind, layout, dtype)
    }

    static func run<C: ComplexScalar>(_: C.Type, _ kind: Kind, _ layout: ReductionLayout, _ dtype: DType) throws -> Tensor {
        switch kind {
        case .sum: try ReductionKernel.run(Sum<C>.self, layout, dtype: dtype)
        case .mean: try ReductionKernel.run(Mean<C>.self, layout, dtype: dtype)
        case .product: try ReductionKernel.run(Product<C>.self, layout, dtype: dtype)
        }
    }
}
