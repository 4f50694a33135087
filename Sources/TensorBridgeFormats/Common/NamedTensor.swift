import TensorBridge

/// A tensor with the name it has in a file (an `.npz` member, a safetensors key).
public struct NamedTensor: Sendable {
    /// The name in the file (for `.npz`, without the `.npy` suffix).
    public var name: String
    /// The tensor; whether its bytes are shared with a mapping or owned is stated by the loader.
    public var tensor: Tensor

    /// Pairs a name with a tensor (nothing is copied).
    public init(name: String, tensor: Tensor) {
        self.name = name
        self.tensor = tensor
    }
}
