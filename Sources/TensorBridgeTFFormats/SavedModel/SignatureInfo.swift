/// One input or output of a SavedModel signature, as `saved_model_cli show --all` prints it.
public struct SignatureTensorInfo: Sendable, Hashable {
    /// The key in the signature (`x`, `scaled`).
    public let key: String
    /// The dtype's proto name, such as `DT_FLOAT` (`DT_INVALID` for the init op's output).
    public let dtype: String
    /// The shape with -1 for unknown dimensions, or nil for unknown rank.
    public let shape: [Int]?
    /// The graph tensor (`serving_default_x:0`), or the values tensor of a sparse input.
    public let tensorName: String

    /// `shape: (-1, 3)` the way `saved_model_cli` writes it (`unknown_rank` when nil).
    public var shapeDescription: String {
        guard let shape else { return "unknown_rank" }
        return "(" + shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? ",)" : ")")
    }
}

/// A SavedModel signature: its key, method name, inputs and outputs.
public struct SignatureInfo: Sendable, Hashable {
    /// The signature key (`serving_default`).
    public let name: String
    /// `tensorflow/serving/predict` for signatures saved by `tf.saved_model.save`.
    public let methodName: String
    /// Inputs sorted by key.
    public let inputs: [SignatureTensorInfo]
    /// Outputs sorted by key.
    public let outputs: [SignatureTensorInfo]
}
