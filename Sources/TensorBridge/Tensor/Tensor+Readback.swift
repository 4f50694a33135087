/// Reading a tensor's values back into Swift, without Python. Tensors on an accelerator
/// must be copied to the host first with ``Tensor/copy(to:)``.
extension Tensor {
    /// The buffer, if it is directly readable by the host.
    /// - Throws: ``TensorBridgeError`` (`.notOnHost`) for accelerator tensors,
    ///   ``TensorBridgeError`` (`.unsupportedDType`) for string tensors.
    public func hostBuffer() throws -> TensorBuffer {
        switch contents {
        case .strings:
            throw TensorBridgeError.unsupportedDType(.string, "string tensors have no flat buffer; read them with strings()")
        case .dense(let buffer):
            guard buffer.device.isHost else {
                throw TensorBridgeError.notOnHost("tensor is on \(buffer.device.name); copy it to the host first with copy(to: .cpu)")
            }
            return buffer
        }
    }

    /// Calls `body` with the tensor's bytes (shared, not copied; valid only inside `body`).
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        let buffer = try hostBuffer()
        let count = try shape.byteCount(for: dtype)
        return try withExtendedLifetime(buffer) {
            try body(UnsafeRawBufferPointer(start: buffer.baseAddress, count: count))
        }
    }

    /// Calls `body` with the elements as `T` (shared, not copied).
    /// - Throws: ``TensorBridgeError`` (`.dtypeMismatch`) if `T` is not the dtype.
    public func withUnsafeBufferPointer<T: TensorScalar, R>(as type: T.Type, _ body: (UnsafeBufferPointer<T>) throws -> R) throws -> R {
        guard T.dtype == dtype else { throw TensorBridgeError.dtypeMismatch(expected: T.dtype, actual: dtype) }
        return try withUnsafeBytes { raw in
            try body(raw.bindMemory(to: T.self))
        }
    }

    /// All elements in row-major order, copied into a Swift array.
    public func scalars<T: TensorScalar>(as type: T.Type = T.self) throws -> [T] {
        try withUnsafeBufferPointer(as: T.self) { Array($0) }
    }

    /// The single element of a tensor with one element (rank 0, or all dimensions 1).
    public func scalar<T: TensorScalar>(as type: T.Type = T.self) throws -> T {
        guard elementCount == 1 else {
            throw TensorBridgeError.invalidShape("scalar(as:) needs exactly one element, but the shape is \(shape)")
        }
        return try withUnsafeBufferPointer(as: T.self) { $0[0] }
    }

    /// The elements of a string tensor, as byte strings in row-major order.
    public func strings() throws -> [[UInt8]] {
        guard case .strings(let values) = contents else {
            throw TensorBridgeError.dtypeMismatch(expected: .string, actual: dtype)
        }
        return values
    }

    /// The values with their shape, as a Swift value independent of this tensor.
    public func array<T: TensorScalar>(as type: T.Type = T.self) throws -> ShapedArray<T> {
        ShapedArray(shape: shape.dimensions, scalars: try scalars(as: T.self))
    }
}

/// A host copy of a tensor's values with their shape: plain Swift data, indexable by position.
public struct ShapedArray<Scalar: TensorScalar>: Sendable {
    public let shape: [Int]
    public let scalars: [Scalar]

    public init(shape: [Int], scalars: [Scalar]) {
        self.shape = shape
        self.scalars = scalars
    }

    public var rank: Int { shape.count }

    /// The element at a full index, or `nil` if the index has the wrong rank or is out of bounds.
    public subscript(_ index: Int...) -> Scalar? {
        guard index.count == shape.count else { return nil }
        var flat = 0
        for (i, d) in zip(index, shape) {
            guard i >= 0 && i < d else { return nil }
            flat = flat * d + i
        }
        return scalars[flat]
    }
}

extension ShapedArray: Equatable where Scalar: Equatable {}
