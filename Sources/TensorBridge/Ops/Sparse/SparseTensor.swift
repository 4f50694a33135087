/// A sparse tensor in TensorFlow's COO layout (`tf.sparse.SparseTensor`): `indices` is an
/// int64 `[nnz, rank]` tensor, `values` a `[nnz]` tensor of any dense dtype, and
/// `denseShape` an int64 `[rank]` tensor.
///
/// The three tensors are shared, never copied: building a sparse tensor from tensors and
/// reading them back through the accessors hands out the same buffers. Construction makes
/// TensorFlow's static checks only; out-of-bounds, unordered and repeated indices are
/// accepted and caught by ``toDense(defaultValue:validateIndices:)``, as in TensorFlow.
/// There is no `numpy()`: densify with ``toDense(defaultValue:validateIndices:)`` first.
public struct SparseTensor: Sendable {
    /// int64 `[nnz, rank]` (shared with the caller's tensor when built from one).
    public let indices: Tensor
    /// `[nnz]` values, any dense dtype (shared).
    public let values: Tensor
    /// int64 `[rank]` (shared).
    public let denseShape: Tensor
    /// The dense shape as Swift integers.
    public let shape: [Int64]

    /// Builds from tensors without copying them.
    /// - Throws: TensorFlow's messages: `Dimension -3 must be >= 0`, `Shape (2,) must have
    ///   rank 2`, `Dimensions 2 and 1 are not compatible`; a dtype error for non-int64
    ///   indices or shape.
    public init(indices: Tensor, values: Tensor, denseShape: Tensor) throws {
        for (name, t) in [("indices", indices), ("dense_shape", denseShape)] where t.dtype != .int64 {
            throw TensorBridgeError.invalidArgument("Tensor conversion requested dtype int64 for Tensor with dtype \(t.dtype.name): \(name)")
        }
        // The dense shape is metadata the host needs: read from a device it costs one counted copy.
        let dims = try denseShape.copy(to: .cpu).scalars(as: Int64.self)
        if let negative = dims.first(where: { $0 < 0 }) {
            throw TensorBridgeError.invalidShape("Dimension \(negative) must be >= 0")
        }
        for (t, rank) in [(indices, 2), (values, 1), (denseShape, 1)] where t.rank != rank {
            throw TensorBridgeError.invalidShape("Shape \(t.shape) must have rank \(rank)")
        }
        guard values.dtype != .string else {
            throw TensorBridgeError.unsupportedDType(.string, "SparseTensor values must have a dense dtype; string values are not supported")
        }
        guard indices.shape[0] == values.shape[0] else {
            throw TensorBridgeError.invalidShape("Dimensions \(indices.shape[0]) and \(values.shape[0]) are not compatible")
        }
        guard indices.shape[1] == denseShape.shape[0] else {
            throw TensorBridgeError.invalidShape("Dimensions \(indices.shape[1]) and \(denseShape.shape[0]) are not compatible")
        }
        self.indices = indices
        self.values = values
        self.denseShape = denseShape
        self.shape = dims
    }

    /// Parts already checked by ``init(indices:values:denseShape:)-(Tensor,_,Tensor)``,
    /// possibly moved to another device since.
    package init(checkedIndices indices: Tensor, values: Tensor, denseShape: Tensor, shape: [Int64]) {
        self.indices = indices
        self.values = values
        self.denseShape = denseShape
        self.shape = shape
    }

    /// Builds from tensors, with the dense shape given as integers.
    public init(indices: Tensor, values: Tensor, denseShape: [Int64]) throws {
        // Kept on the host whatever the placement scope: only the host reads it.
        try self.init(indices: indices, values: values,
                      denseShape: try withDevice(Device.cpu) { try Tensor(denseShape, shape: [denseShape.count]) })
    }

    /// Builds from Swift index rows (copied into a new int64 tensor); `values` is shared.
    /// An empty `indices` means no entries, with as many columns as `denseShape` has dims.
    /// - Throws: as ``init(indices:values:denseShape:)-(Tensor,_,Tensor)``, and TensorFlow's
    ///   message for ragged rows.
    public init(indices: [[Int64]], values: Tensor, denseShape: [Int64]) throws {
        let columns = indices.first?.count ?? denseShape.count
        guard indices.allSatisfy({ $0.count == columns }) else { throw TensorBridgeError.invalidShape(Tensor.raggedMessage) }
        try self.init(indices: try Tensor(indices.flatMap { $0 }, shape: [indices.count, columns]),
                      values: values, denseShape: denseShape)
    }

    /// Number of stored entries.
    public var nonZeroCount: Int { values.elementCount }
    /// Rank of the dense tensor.
    public var rank: Int { shape.count }
    /// The dtype of the values (and of the dense tensor).
    public var dtype: DType { values.dtype }

    /// Always throws: a sparse tensor has no NumPy form. TensorFlow raises AttributeError (or
    /// silently wraps the object in `np.asarray`); here the error names the fix.
    public func numpy() throws -> Never {
        throw TensorBridgeError.unimplemented("A SparseTensor has no numpy(): call toDense() first and convert the dense tensor")
    }
}
