import TensorBridge

/// String tensors ↔ NumPy. TensorFlow strings are bytes, so they become object arrays of
/// `bytes` (NULs kept), as `t.numpy()` gives; NumPy `S` arrays and object arrays of `bytes`
/// become string tensors. Always a copy: the bytes are repacked either way.
enum StringArrays {
    /// An object array of `bytes` with the tensor's shape, or one `bytes` for rank 0.
    static func makeArray(_ tensor: Tensor) throws -> PythonObject {
        let values = try tensor.strings()
        let np = try NumPyModule.get()
        let runtime = np.runtime
        return try runtime.withGIL {
            let list = try runtime.wrap(runtime.api.listNew(values.count))
            for (i, value) in values.enumerated() {
                let item = try value.withUnsafeBytes { raw in
                    try runtime.wrap(runtime.api.bytesFromStringAndSize(raw.baseAddress?.assumingMemoryBound(to: CChar.self), raw.count))
                }
                _ = runtime.api.listSetItem(list.pointer, i, item.newReference())  // steals
            }
            if tensor.rank == 0, let only = try list.elements().first { return only }
            let flat = try np.numpy.array(list, dtype: "object")
            return try flat.reshape(tensor.shape.dimensions)
        }
    }

    /// A string tensor from a C-contiguous NumPy `S<width>` buffer: each element is `width`
    /// bytes with trailing NULs removed, as NumPy itself reads them.
    static func tensor(fixedWidth raw: UnsafeRawBufferPointer, width: Int, shape: [Int]) throws -> Tensor {
        let count = shape.reduce(1, *)
        var values: [[UInt8]] = []
        values.reserveCapacity(count)
        for i in 0..<count {
            var element = raw[(i * width)..<((i + 1) * width)]
            while element.last == 0 { element = element.dropLast() }
            values.append(Array(element))
        }
        return try Tensor(strings: values, shape: shape)
    }

    /// A string tensor from an object array whose every element is `bytes`.
    /// - Throws: `TensorBridgeError` (`.unsupportedDType`) naming the first element that is not bytes.
    static func tensor(objects array: PythonObject, shape: [Int]) throws -> Tensor {
        let items = try array.ravel().tolist().elements()
        var values: [[UInt8]] = []
        values.reserveCapacity(items.count)
        for item in items {
            do {
                values.append(try item.bytes())
            } catch {
                throw TensorBridgeError.unsupportedDType(.string, "Cannot convert a NumPy object array to a Tensor: only object arrays of bytes are accepted (as string tensors), but it holds a \(item.typeName) (\(item.repr.prefix(60))). Convert it to a numeric or bytes array first.")
            }
        }
        return try Tensor(strings: values, shape: shape)
    }
}
