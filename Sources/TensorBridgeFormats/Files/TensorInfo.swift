/// One tensor as a file's header describes it, without reading its data.
public struct TensorInfo: Sendable, Equatable {
    /// The name in the file (the file's stem for one-tensor formats).
    public var name: String
    /// The element type.
    public var dtype: DType
    /// The dimensions.
    public var shape: [Int]
    /// The data size in bytes as stored (for string tensors, the bytes of the stored items).
    public var byteCount: Int

    /// Describes one tensor.
    public init(name: String, dtype: DType, shape: [Int], byteCount: Int) {
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.byteCount = byteCount
    }
}

/// What a tensor file holds, read from its headers only: for any file size this takes
/// milliseconds, since no tensor data is read.
public struct TensorFileHeader: Sendable {
    /// The format found from the content.
    public var format: TensorFileFormat
    /// The tensors, in file order.
    public var tensors: [TensorInfo]
    /// String metadata (safetensors `__metadata__`, a sharded index's `metadata`); empty otherwise.
    public var metadata: [String: String]
    /// Remarks about the file, for example that its extension names another format.
    public var notes: [String]

    /// Collects the parts.
    public init(format: TensorFileFormat, tensors: [TensorInfo], metadata: [String: String] = [:], notes: [String] = []) {
        self.format = format
        self.tensors = tensors
        self.metadata = metadata
        self.notes = notes
    }
}

/// Every tensor of a file with its metadata, as loaded for conversion.
public struct TensorFileContents: Sendable {
    /// The format found from the content.
    public var format: TensorFileFormat
    /// The tensors, in file order.
    public var tensors: [NamedTensor]
    /// String metadata (safetensors `__metadata__`, a sharded index's `metadata`).
    public var metadata: [String: String]

    /// Collects the parts.
    public init(format: TensorFileFormat, tensors: [NamedTensor], metadata: [String: String] = [:]) {
        self.format = format
        self.tensors = tensors
        self.metadata = metadata
    }
}
