/// Swift `Int` arrays, which have no dtype of their own.
extension Tensor {
    /// A tensor from Swift `Int`s with TensorFlow's rule for Python integers: int32 when
    /// every value fits, int64 otherwise (`tf.constant([1, 2])` is int32,
    /// `tf.constant([2**40])` int64). The values are copied; `shape` defaults to `[count]`.
    /// - Throws: ``TensorBridgeError`` (`.invalidShape`) when the counts differ.
    public init(_ values: [Int], shape: [Int]? = nil) throws {
        let shape = shape ?? [values.count]
        if values.allSatisfy({ Int32(exactly: $0) != nil }) {
            try self.init(values.map { Int32(truncatingIfNeeded: $0) }, shape: shape)
        } else {
            try self.init(values.map { Int64($0) }, shape: shape)
        }
    }

    /// A tensor from nested Swift `Int` arrays (`[[1, 2], [3, 4]]`), int32 or int64 by the
    /// same rule as a flat `[Int]`. Ragged nesting throws.
    public init(_ rows: [[Int]]) throws {
        guard let width = rows.first?.count else {
            try self.init([Int](), shape: [0, 0])
            return
        }
        guard rows.allSatisfy({ $0.count == width }) else { throw TensorBridgeError.invalidShape(Tensor.raggedMessage) }
        try self.init(rows.flatMap { $0 }, shape: [rows.count, width])
    }
}
