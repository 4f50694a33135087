/// The arguments of `Cumsum`.
package struct ScanRequest: Sendable {
    package let tensor: Tensor
    package let axis: Int
    package let exclusive: Bool
    package let reverse: Bool
}

extension Ops {
    /// `Cumsum`.
    package static let cumsum = Op<ScanRequest, Tensor>(
        "Cumsum", inputsToHost: { ScanRequest(tensor: try $0.tensor.copy(to: .cpu), axis: $0.axis, exclusive: $0.exclusive, reverse: $0.reverse) },
        cpu: { try CumulativeSum.run($0) })
}

extension Tensor {
    /// `tf.cumsum`: running sums along `axis` (negative counts from the end), in order, each
    /// step rounded to the dtype (float16 and bfloat16 through float32, as Eigen does).
    /// `exclusive` starts from 0 instead of the first element; `reverse` runs from the end.
    /// Complex tensors add their parts separately, in the same order (bit-exact).
    /// A new tensor of the same shape.
    /// - Throws: "ScanOp: Expected scan axis in the range [-2, 2), but got 3".
    public func cumsum(axis: Int = 0, exclusive: Bool = false, reverse: Bool = false) throws -> Tensor {
        try Ops.cumsum(ScanRequest(tensor: self, axis: axis, exclusive: exclusive, reverse: reverse), on: device)
    }
}

enum CumulativeSum {
    static func run(_ r: ScanRequest) throws -> Tensor {
        let t = r.tensor, rank = t.rank
        guard r.axis >= -rank && r.axis < rank else {
            throw TensorBridgeError.invalidArgument("ScanOp: Expected scan axis in the range [\(-rank), \(rank)), but got \(r.axis)")
        }
        try MathCheck.allowed("Cumsum", t.dtype, MathCheck.reals + [.complex64, .complex128])
        let axis = r.axis < 0 ? r.axis + rank : r.axis
        let dims = t.shape.dimensions
        let outer = dims[..<axis].reduce(1, *), n = dims[axis], inner = dims[(axis + 1)...].reduce(1, *)
        struct Visitor: RealVisitor {
            let t: Tensor, outer: Int, n: Int, inner: Int, exclusive: Bool, reverse: Bool
            func run<T>(_: T.Type, zero: T, add: @escaping (T, T) -> T) throws -> Tensor {
                let p = try hostPointer(t, as: T.self)
                let (out, o) = try allocateHost(T.self, dtype: t.dtype, shape: t.shape)
                let (n, inner, exclusive, reverse) = (n, inner, exclusive, reverse)
                Parallel.forEachChunk(count: outer * inner, grain: Swift.max(1, BinaryKernel.grain / Swift.max(n, 1))) { range in
                    withTensorFlowFPMode {
                        for c in range {
                            let row = c / inner, j = c - row * inner
                            let base = row * n * inner + j
                            var acc = zero
                            for step in 0..<n {
                                let k = reverse ? n - 1 - step : step
                                let at = base + k * inner
                                if exclusive { o.value[at] = acc; acc = add(acc, p.value[at]) } else { acc = add(acc, p.value[at]); o.value[at] = acc }
                            }
                        }
                    }
                }
                return out
            }
            func float<T: MathFloat>(_: T.Type) throws -> Tensor { try run(T.self, zero: 0) { $0 + $1 } }
            func half<T: HalfFloat>(_: T.Type) throws -> Tensor { try run(T.self, zero: T(narrowing: 0)) { T(narrowing: $0.widened + $1.widened) } }
            func integer<T: MathInteger>(_: T.Type) throws -> Tensor { try run(T.self, zero: 0) { $0 &+ $1 } }
        }
        let visitor = Visitor(t: t, outer: outer, n: n, inner: inner, exclusive: r.exclusive, reverse: r.reverse)
        switch t.dtype {
        case .complex64: return try visitor.run(Complex64.self, zero: Complex64(0, 0)) { Complex64($0.real + $1.real, $0.imaginary + $1.imaginary) }
        case .complex128: return try visitor.run(Complex128.self, zero: Complex128(0, 0)) { Complex128($0.real + $1.real, $0.imaginary + $1.imaginary) }
        default: return try RealDispatch.visit(t.dtype, visitor)
        }
    }
}
