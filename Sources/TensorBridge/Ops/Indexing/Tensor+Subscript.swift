/// The arguments of `StridedSlice`.
package struct SliceRequest: Sendable {
    package let tensor: Tensor
    package let indices: [TensorIndex]
}

extension Ops {
    /// `StridedSlice`.
    package static let stridedSlice = Op<SliceRequest, Tensor>(
        "StridedSlice", inputsToHost: { SliceRequest(tensor: try $0.tensor.copy(to: .cpu), indices: $0.indices) },
        cpu: { try StridedSlice.run($0) })
}

extension Tensor {
    /// Indexing with `tf.strided_slice` semantics (see ``TensorIndex``):
    /// `try t[0, .all, 1..<3, .newAxis, .ellipsis]`. Returns a new tensor (the selected
    /// elements are copied, as TensorFlow does), where `self` lives.
    /// - Throws: "slice index 5 of dimension 0 out of bounds." for a position outside its axis,
    ///   and for a zero step, more than one ellipsis, or more entries than axes.
    public subscript(_ indices: any TensorIndexConvertible...) -> Tensor {
        get throws { try self[indices.map(\.tensorIndex)] }
    }

    /// Indexing that starts with an ellipsis, written as Swift's `...`: `t[..., 0]`.
    public subscript(_ ellipsis: (UnboundedRange_) -> Void, _ indices: any TensorIndexConvertible...) -> Tensor {
        get throws { try self[[TensorIndex.ellipsis] + indices.map(\.tensorIndex)] }
    }

    /// Indexing with a list of entries built at run time.
    public subscript(_ indices: [TensorIndex]) -> Tensor {
        get throws { try Ops.stridedSlice(SliceRequest(tensor: self, indices: indices), on: device) }
    }
}

/// `tf.strided_slice`'s shape rules (tensorflow/core/util/strided_slice_op.cc) applied to
/// Swift entries, then one strided copy.
enum StridedSlice {
    static func run(_ r: SliceRequest) throws -> Tensor {
        let t = r.tensor, dims = t.shape.dimensions
        let ellipses = r.indices.filter { $0.kind == .ellipsis }.count
        guard ellipses <= 1 else { throw TensorBridgeError.invalidArgument("Multiple ellipses in slice spec not allowed") }
        let consuming = r.indices.filter { $0.kind != .newAxis && $0.kind != .ellipsis }.count
        guard consuming <= t.rank else {
            throw TensorBridgeError.invalidArgument("Index out of range using input dim \(t.rank); input has only \(t.rank) dims")
        }
        // Expand the ellipsis (or pad the end) with whole axes.
        var entries: [TensorIndex.Kind] = []
        for index in r.indices {
            if index.kind == .ellipsis {
                entries += [TensorIndex.Kind](repeating: .whole, count: t.rank - consuming)
            } else {
                entries.append(index.kind)
            }
        }
        if ellipses == 0 { entries += [TensorIndex.Kind](repeating: .whole, count: t.rank - consuming) }

        let inStrides = StridedCopy.rowMajor(dims)
        var outDims: [Int] = [], outStrides: [Int] = [], offset = 0, axis = 0
        for entry in entries {
            switch entry {
            case .newAxis:
                outDims.append(1); outStrides.append(0)
            case .whole:
                outDims.append(dims[axis]); outStrides.append(inStrides[axis]); axis += 1
            case .position(let i):
                let d = dims[axis]
                guard i >= -d && i < d else {
                    throw TensorBridgeError.invalidArgument("slice index \(i) of dimension \(axis) out of bounds.")
                }
                offset += (i < 0 ? i + d : i) * inStrides[axis]
                axis += 1
            case .range(let start, let end, let step):
                guard step != 0 else { throw TensorBridgeError.invalidArgument("strides[\(axis)] must be non-zero") }
                let d = dims[axis]
                func canonical(_ x: Int?, _ isStart: Bool) -> Int {
                    guard let x else {
                        // Unset bounds run to the end in the step's direction.
                        if isStart { return step > 0 ? 0 : d - 1 }
                        return step > 0 ? d : -1
                    }
                    let v = x < 0 ? x + d : x
                    return step > 0 ? Swift.min(Swift.max(v, 0), d) : Swift.min(Swift.max(v, -1), d - 1)
                }
                let b = canonical(start, true), e = canonical(end, false)
                let span = step > 0 ? e - b : b - e, magnitude = Swift.abs(step)
                let size = span <= 0 ? 0 : (span + magnitude - 1) / magnitude
                outDims.append(size); outStrides.append(inStrides[axis] * step)
                if size > 0 { offset += b * inStrides[axis] }
                axis += 1
            case .ellipsis:
                break
            }
        }
        return try ShapeKernels.gathered(t, dims: outDims, strides: outStrides, offset: offset)
    }
}
