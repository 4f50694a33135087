import TensorBridge

/// One tensor stored in a checkpoint, as listed by `tf.train.list_variables`, with the name a
/// user recognises next to the raw key.
public struct CheckpointVariable: Sendable, Hashable {
    /// The readable name. For object-based (TF2, Keras) checkpoints this is the variable's own
    /// scoped name from the object graph (`sequential/dense/kernel`) when it has one and it is
    /// unique, else the object path (the key without `/.ATTRIBUTES/VARIABLE_VALUE`); for TF1
    /// `Saver` checkpoints it is the key.
    public let name: String
    /// The key in the checkpoint's index, as `tf.train.load_checkpoint(...).get_tensor` takes it.
    public let key: String
    /// The element type.
    public let dtype: DType
    /// The full shape (for a partitioned variable, the shape after reassembly).
    public let shape: [Int]
    /// Whether the variable is stored as slices of a partitioned variable.
    public let isPartitioned: Bool

    /// The number of elements.
    public var elementCount: Int { shape.reduce(1, *) }
}
