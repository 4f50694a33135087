import TensorBridge

/// A variable-length feature as `tf.io.parse_example` returns it: the three components of a
/// sparse tensor. Numeric features convert to a `SparseTensor` (and from there `toDense()`);
/// byte-string features keep the components, since `SparseTensor` holds dense dtypes only.
public struct SparseFeature: Sendable {
    /// `int64` `[nnz, rank]`: `[example, position]` (or `[example, step, position]`).
    public let indices: Tensor
    /// `[nnz]` values in the feature's dtype (`int64`, `float32` or `string`).
    public let values: Tensor
    /// `int64` `[rank]`: the batch size, then the longest list (per step for sequences).
    public let denseShape: Tensor

    /// The feature as a `SparseTensor` (shares the components; nothing is copied).
    /// - Throws: `TensorBridgeError.unsupportedDType` for byte-string features.
    public func sparseTensor() throws -> SparseTensor {
        try SparseTensor(indices: indices, values: values, denseShape: denseShape)
    }

    init(indices: [Int64], rank: Int, values: Tensor, denseShape: [Int64]) throws {
        self.indices = try Tensor(indices, shape: [indices.count / rank, rank])
        self.values = values
        self.denseShape = try Tensor(denseShape, shape: [denseShape.count])
    }
}

extension SparseFeature {
    /// The components of a batch's variable-length feature, its `[example, position]` indices
    /// made from each example's list length (`runs` concatenated in order give one length per
    /// example) straight into the indices tensor.
    init(lengths runs: [[Int]], values: Tensor, batch: Int) throws {
        var nnz = 0, longest = 0
        for run in runs {
            for n in run {
                nnz += n
                longest = Swift.max(longest, n)
            }
        }
        guard nnz == values.elementCount else {
            throw TensorBridgeError.invalidArgument("\(nnz) sparse positions for \(values.elementCount) values")
        }
        let buffer = try TensorBuffer.allocateHost(byteCount: nnz * 2 * MemoryLayout<Int64>.stride)
        let out = buffer.baseAddress.bindMemory(to: Int64.self, capacity: nnz * 2)
        var at = 0
        var example: Int64 = 0
        for run in runs {
            for n in run {
                for position in 0..<n {
                    out[at] = example
                    out[at + 1] = Int64(position)
                    at += 2
                }
                example += 1
            }
        }
        indices = try Tensor(dtype: .int64, shape: Shape([nnz, 2]), buffer: buffer)
        self.values = values
        denseShape = try Tensor([Int64(batch), Int64(longest)], shape: [2])
    }
}
