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
