/// Shape changes: these share the buffer, never copy.
extension Tensor {
    /// The same elements with another shape (`tf.reshape`). One dimension may be `-1`, inferred.
    /// - Throws: TensorFlow's messages when the element counts differ.
    public func reshaped(to newShape: [Int]) throws -> Tensor {
        var dims = newShape
        let unknown = dims.indices.filter { dims[$0] == -1 }
        guard unknown.count <= 1 else {
            throw TensorBridgeError.invalidArgument("Only one input size may be -1, not both \(unknown[0]) and \(unknown[1])")
        }
        if let axis = unknown.first {
            let known = try Shape(dims.enumerated().filter { $0.offset != axis }.map(\.element)).elementCount
            guard known > 0, elementCount % known == 0 else {
                throw TensorBridgeError.invalidArgument("Input to reshape is a tensor with \(elementCount) values, but the requested shape requires a multiple of \(known)")
            }
            dims[axis] = elementCount / known
        }
        let shape = try Shape(dims)
        guard shape.elementCount == elementCount else {
            throw TensorBridgeError.invalidArgument("Input to reshape is a tensor with \(elementCount) values, but the requested shape has \(shape.elementCount)")
        }
        switch contents {
        case .dense(let buffer): return Tensor(uncheckedDType: dtype, shape: shape, buffer: buffer)
        case .strings(let s): return try Tensor(strings: s, shape: shape.dimensions)
        }
    }
}
