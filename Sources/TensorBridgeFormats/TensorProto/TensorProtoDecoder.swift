import Foundation

/// TensorProto → ``Tensor`` with `tf.make_ndarray`'s rules: `tensor_content` wins; otherwise
/// the dtype's typed field, where no values means zeros and too few values are padded with
/// the last one; too many values, or content of the wrong size, is an error (Python raises).
enum TensorProtoDecoder {
    /// `content` is the `tensor_content` bytes when the caller split them off (fast path);
    /// otherwise `proto.tensorContent` is used. `maxExpandedBytes` bounds what padding or
    /// zero-filling may allocate beyond the input's own size.
    /// The dtype and shape fields, checked.
    static func dtypeAndShape(_ proto: Tensorflow_TensorProto) throws -> (DType, Shape) {
        let code = proto.dtype.rawValue
        guard let dtype = DType(rawValue: Int32(truncatingIfNeeded: code)), dtype.isMaterializable, code == Int(dtype.rawValue) else {
            throw TensorBridgeError.unsupportedDType("unsupported TensorProto dtype \(TensorProtoDecoder.dtypeName(code))")
        }
        guard !proto.tensorShape.unknownRank else { throw TensorBridgeError.invalidFormat("TensorProto shape has unknown rank") }
        let dims = try proto.tensorShape.dim.map { d -> Int in
            guard d.size >= 0, d.size <= Int64(Int.max) else { throw TensorBridgeError.invalidFormat("TensorProto dimension \(d.size) is not a known size") }
            return Int(d.size)
        }
        return (dtype, try Shape.fromFile(dims, what: "TensorProto shape"))
    }

    /// TensorFlow's name for a `DataType` code (`DT_RESOURCE`, `DT_FLOAT_REF`), or the number
    /// when the code is unknown.
    static func dtypeName(_ code: Int) -> String {
        if let dtype = DType(rawValue: Int32(truncatingIfNeeded: code)), code == Int(dtype.rawValue) { return dtype.name }
        if code > 100, let base = DType(rawValue: Int32(truncatingIfNeeded: code - 100)) { return "\(base.name)_ref (a reference dtype, code \(code))" }
        return "code \(code) (unknown to this version)"
    }

    static func tensor(_ proto: Tensorflow_TensorProto, content: UnsafeRawBufferPointer?, maxExpandedBytes: Int) throws -> Tensor {
        let (dtype, shape) = try dtypeAndShape(proto)
        if dtype == .string { return try strings(proto, shape: shape, maxExpandedBytes: maxExpandedBytes) }
        guard let itemSize = dtype.byteSize, let byteCount = try? shape.byteCount(for: dtype) else {
            throw TensorBridgeError.invalidFormat("TensorProto shape \(shape) is too large for \(dtype.name)")
        }
        if let content, content.count > 0 {
            return try fromContent(content, dtype: dtype, shape: shape, byteCount: byteCount)
        }
        if content == nil, !proto.tensorContent.isEmpty {
            return try proto.tensorContent.withUnsafeBytes { try fromContent($0, dtype: dtype, shape: shape, byteCount: byteCount) }
        }
        let values = try TypedValues(proto, dtype: dtype)
        guard values.count <= shape.elementCount else {
            throw TensorBridgeError.invalidFormat("TensorProto has \(values.count) values for shape \(shape) (\(shape.elementCount) elements)")
        }
        guard byteCount <= maxExpandedBytes else {
            throw TensorBridgeError.limitExceeded("TensorProto would expand \(values.count) values to \(byteCount) bytes, over the \(maxExpandedBytes)-byte limit")
        }
        let buffer = try TensorBuffer.allocateHost(byteCount: byteCount, zeroed: values.count == 0)
        if values.count > 0 {
            values.write(into: buffer.baseAddress)
            // Pad with the last element (np.pad mode "edge"): [values.count-1, filled) all hold
            // the last value, so copying that run forward doubles it each step.
            let lastIndex = values.count - 1
            var filled = values.count
            while filled < shape.elementCount {
                let run = min(filled - lastIndex, shape.elementCount - filled)
                (buffer.baseAddress + filled * itemSize).copyMemory(from: buffer.baseAddress + lastIndex * itemSize, byteCount: run * itemSize)
                filled += run
            }
        }
        return try Tensor(dtype: dtype, shape: shape, buffer: buffer)
    }

    private static func fromContent(_ content: UnsafeRawBufferPointer, dtype: DType, shape: Shape, byteCount: Int) throws -> Tensor {
        guard content.count == byteCount, let base = content.baseAddress else {
            throw TensorBridgeError.invalidFormat("TensorProto tensor_content has \(content.count) bytes; \(dtype.name) \(shape) needs \(byteCount)")
        }
        let buffer = try TensorBuffer.allocateHost(byteCount: byteCount)
        FastCopy.copy(from: base, to: buffer.baseAddress, count: byteCount)
        if dtype == .bool { ElementLayout.canonicalizeBool(buffer.baseAddress, count: byteCount) }
        return try Tensor(dtype: dtype, shape: shape, buffer: buffer)
    }

    private static func strings(_ proto: Tensorflow_TensorProto, shape: Shape, maxExpandedBytes: Int) throws -> Tensor {
        var values = proto.stringVal.map { [UInt8]($0) }
        guard values.count <= shape.elementCount else {
            throw TensorBridgeError.invalidFormat("TensorProto has \(values.count) strings for shape \(shape)")
        }
        let last = values.last ?? []
        let (padBytes, overflow) = (shape.elementCount - values.count).multipliedReportingOverflow(by: max(last.count, 8))
        guard !overflow, padBytes <= maxExpandedBytes else {
            throw TensorBridgeError.limitExceeded("TensorProto string padding to \(shape.elementCount) elements is over the limit")
        }
        values += [[UInt8]](repeating: last, count: shape.elementCount - values.count)
        return try Tensor(strings: values, shape: shape.dimensions)
    }
}
