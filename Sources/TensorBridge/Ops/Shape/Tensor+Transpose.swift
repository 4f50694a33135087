/// The arguments of `Transpose`.
package struct TransposeRequest: Sendable {
    package let tensor: Tensor
    package let permutation: [Int]
}

extension Ops {
    /// `Transpose`.
    package static let transpose = Op<TransposeRequest, Tensor>(
        "Transpose", inputsToHost: { TransposeRequest(tensor: try $0.tensor.copy(to: .cpu), permutation: $0.permutation) },
        cpu: { try ShapeKernels.transpose($0.tensor, permutation: $0.permutation) })
}

extension Tensor {
    /// `tf.transpose`: output axis `i` is input axis `permutation[i]`; with `nil`, the axes
    /// reversed. A new tensor (the elements are moved, not viewed).
    /// - Throws: TensorFlow's "1 is missing from {0,0}." for a permutation that is not one.
    public func transposed(_ permutation: [Int]? = nil) throws -> Tensor {
        let perm = permutation ?? Array((0..<rank).reversed())
        return try Ops.transpose(TransposeRequest(tensor: self, permutation: perm), on: device)
    }

    /// `tf.squeeze`: drops the given size-1 axes (negative counts from the end), or every
    /// size-1 axis with `nil`. Shares the buffer (a new shape only, like ``reshaped(to:)``).
    /// - Throws: "Can not squeeze dim[0], expected a dimension of 1, got 2", and for an axis
    ///   out of range.
    public func squeezed(axes: [Int]? = nil) throws -> Tensor {
        let dims = shape.dimensions
        var drop = Set<Int>()
        if let axes {
            for a in axes {
                guard a >= -rank && a < rank else {
                    throw TensorBridgeError.invalidArgument("Tried to squeeze dim index \(a) for tensor with \(rank) dimensions.")
                }
                let n = a < 0 ? a + rank : a
                guard dims[n] == 1 else {
                    throw TensorBridgeError.invalidArgument("Can not squeeze dim[\(n)], expected a dimension of 1, got \(dims[n])")
                }
                drop.insert(n)
            }
        } else {
            drop = Set(dims.indices.filter { dims[$0] == 1 })
        }
        return try reshaped(to: dims.indices.filter { !drop.contains($0) }.map { dims[$0] })
    }

    /// `tf.expand_dims`: a size-1 axis inserted at `axis` (in `-rank-1...rank`). Shares the buffer.
    /// - Throws: "Tried to expand dim index 5 for tensor with 2 dimensions."
    public func expandingDims(axis: Int) throws -> Tensor {
        guard axis >= -rank - 1 && axis <= rank else {
            throw TensorBridgeError.invalidArgument("Tried to expand dim index \(axis) for tensor with \(rank) dimensions.")
        }
        var dims = shape.dimensions
        dims.insert(1, at: axis < 0 ? axis + rank + 1 : axis)
        return try reshaped(to: dims)
    }
}
