/// The arguments of `ArgMax`/`ArgMin`.
package struct ArgRequest: Sendable {
    package let tensor: Tensor
    package let axis: Int
}

/// `ArgMax` and `ArgMin` as Eigen computes them: scanning from the start, an element
/// replaces the best so far only when strictly better, starting from -inf (+inf), so ties
/// give the first index and NaN never wins (all-NaN gives 0).
enum ArgExtremum {
    static func run(_ r: ArgRequest, max: Bool) throws -> Tensor {
        let name = max ? "ArgMax" : "ArgMin"
        let t = r.tensor, rank = t.rank
        guard r.axis >= -rank && r.axis < rank, rank > 0 else {
            throw TensorBridgeError.invalidArgument("Expected dimension in the range [\(-rank), \(rank)), but got \(r.axis)")
        }
        let axis = r.axis < 0 ? r.axis + rank : r.axis
        let dims = t.shape.dimensions
        guard dims[axis] > 0 else {
            throw TensorBridgeError.invalidArgument("Reduction axis \(axis) is empty in shape \(tfShape(t.shape))")
        }
        let layout = try ReductionLayout(ReduceRequest(tensor: t, axes: [axis], keepDims: false), op: name)
        let (out, o) = try allocateHost(Int64.self, dtype: .int64, shape: layout.shape)
        let scanner = Scanner(layout: layout, out: o, max: max)
        switch t.dtype {
        case .float32: try scanner.scan(Float.self, start: max ? -.infinity : .infinity, better: max ? { $0 > $1 } : { $0 < $1 })
        case .float64: try scanner.scan(Double.self, start: max ? -.infinity : .infinity, better: max ? { $0 > $1 } : { $0 < $1 })
        case .float16: try scanner.scan(Float16.self, start: max ? -.infinity : .infinity, better: max ? { $0 > $1 } : { $0 < $1 })
        case .bfloat16:
            try scanner.scan(BFloat16.self, start: BFloat16(max ? -Float.infinity : .infinity),
                             better: max ? { $0.floatValue > $1.floatValue } : { $0.floatValue < $1.floatValue })
        case .bool: try scanner.scan(UInt8.self, start: max ? 0 : 1, better: max ? { $0 > $1 } : { $0 < $1 })
        default:
            try MathCheck.allowed(name, t.dtype, MathCheck.reals + [.bool])
            try RealDispatch.visit(t.dtype, scanner)
        }
        return out
    }
}

/// The scan of one arg-extremum, per element type.
struct Scanner: RealVisitor {
    let layout: ReductionLayout
    let out: UnsafeSendable<UnsafeMutablePointer<Int64>>
    let max: Bool

    func scan<T>(_: T.Type, start: T, better: @escaping (T, T) -> Bool) throws {
        let p = try hostPointer(layout.source, as: T.self), o = out
        let n = layout.reduced, inner = layout.inner
        Parallel.forEachChunk(count: layout.outer * inner, grain: Swift.max(1, BinaryKernel.grain / n)) { range in
            withTensorFlowFPMode {
                for c in range {
                    let row = c / inner, j = c - row * inner
                    let base = p.value + row * n * inner + j
                    var best = start, index: Int64 = 0
                    for k in 0..<n where better(base[k * inner], best) { best = base[k * inner]; index = Int64(k) }
                    o.value[c] = index
                }
            }
        }
    }

    func float<T: MathFloat>(_: T.Type) throws {}
    func half<T: HalfFloat>(_: T.Type) throws {}
    /// Integers start from the type's minimum (maximum) at index 0, which only a strictly
    /// better element replaces, as in Eigen.
    func integer<T: MathInteger>(_: T.Type) throws {
        try scan(T.self, start: max ? T.min : T.max, better: max ? { $0 > $1 } : { $0 < $1 })
    }
}

extension Ops {
    package static let argMax = Op<ArgRequest, Tensor>(
        "ArgMax", inputsToHost: { ArgRequest(tensor: try $0.tensor.copy(to: .cpu), axis: $0.axis) }) { try ArgExtremum.run($0, max: true) }
    package static let argMin = Op<ArgRequest, Tensor>(
        "ArgMin", inputsToHost: { ArgRequest(tensor: try $0.tensor.copy(to: .cpu), axis: $0.axis) }) { try ArgExtremum.run($0, max: false) }
}

extension Tensor {
    /// `tf.argmax`: the int64 index of the largest element along `axis` (first on ties; NaN
    /// is skipped). A new tensor without that axis.
    /// - Throws: "Reduction axis 0 is empty in shape [0]" for an empty axis, and for an axis
    ///   out of range.
    public func argMax(axis: Int = 0) throws -> Tensor { try Ops.argMax(ArgRequest(tensor: self, axis: axis), on: device) }
    /// `tf.argmin`: the int64 index of the smallest element along `axis`.
    public func argMin(axis: Int = 0) throws -> Tensor { try Ops.argMin(ArgRequest(tensor: self, axis: axis), on: device) }
}
