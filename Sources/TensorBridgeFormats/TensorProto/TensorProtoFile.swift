import Foundation
import SwiftProtobuf

/// TensorFlow's `TensorProto` (`tensorflow/core/framework/tensor.proto`), binary (`.pb`) and
/// text format (`.pbtxt`).
///
/// Reading follows `tf.make_ndarray`: `tensor_content` wins; otherwise the dtype's typed field,
/// with zeros for no values and padding with the last value. Writing follows
/// `tf.make_tensor_proto` in choosing `tensor_content` or a typed field, so the binary bytes
/// equal TensorFlow's. Decoding copies the data once into a new host buffer.
public enum TensorProtoFile {
    /// The default bound on what padding or zero-filling may allocate (a proto of a few bytes
    /// can claim a huge shape): 1 GiB.
    public static let defaultMaxExpandedBytes = 1 << 30

    /// Decodes a binary TensorProto. `tensor_content` is copied straight from `data` into the
    /// tensor's buffer (one copy).
    /// - Throws: `TensorBridgeError` for malformed wire data, an unknown dtype, or values that do
    ///   not fit the shape.
    public static func decode(_ data: Data, maxExpandedBytes: Int = defaultMaxExpandedBytes) throws -> Tensor {
        try data.withUnsafeBytes { try decode(bytes: $0, maxExpandedBytes: maxExpandedBytes) }
    }

    static func decode(bytes: UnsafeRawBufferPointer, maxExpandedBytes: Int) throws -> Tensor {
        let split = try ProtoWire.split(bytes)
        let proto: Tensorflow_TensorProto
        do {
            proto = try Tensorflow_TensorProto(serializedBytes: split.rest)
        } catch {
            throw TensorBridgeError.invalidFormat("not a TensorProto: \(error)")
        }
        let content = split.content.map { UnsafeRawBufferPointer(rebasing: bytes[$0]) }
        return try TensorProtoDecoder.tensor(proto, content: content, maxExpandedBytes: maxExpandedBytes)
    }

    /// Decodes text format (what `text_format.MessageToString` writes).
    public static func decode(text: String, maxExpandedBytes: Int = defaultMaxExpandedBytes) throws -> Tensor {
        let proto: Tensorflow_TensorProto
        do {
            proto = try Tensorflow_TensorProto(textFormatString: text)
        } catch {
            throw TensorBridgeError.invalidFormat("not a text-format TensorProto: \(error)")
        }
        return try TensorProtoDecoder.tensor(proto, content: nil, maxExpandedBytes: maxExpandedBytes)
    }

    /// The binary encoding `tf.make_tensor_proto(...).SerializeToString()` gives.
    public static func encode(_ tensor: Tensor) throws -> Data { try TensorProtoEncoder.binary(tensor) }

    /// The text format encoding (parsable by `text_format.Parse`).
    public static func encodeText(_ tensor: Tensor) throws -> String {
        try TensorProtoEncoder.proto(tensor, includeContent: true).textFormatString()
    }

    /// Loads a `.pbtxt` file as text format and anything else as binary (or as `text` says).
    /// Binary files are mapped, and the content copied once from the mapping.
    public static func load(_ url: URL, text: Bool? = nil, maxExpandedBytes: Int = defaultMaxExpandedBytes) throws -> Tensor {
        let mapped = try MappedFile(url: url)
        if text ?? (url.pathExtension == "pbtxt") {
            guard let text = String(validating: mapped.bytes, as: UTF8.self) else {
                throw TensorBridgeError.invalidFormat("\(url.lastPathComponent) is not UTF-8 text")
            }
            return try decode(text: text, maxExpandedBytes: maxExpandedBytes)
        }
        return try decode(bytes: mapped.bytes, maxExpandedBytes: maxExpandedBytes)
    }

    /// Saves atomically: text format for a `.pbtxt` URL, binary otherwise (or as `text` says).
    /// - Throws: `TensorBridgeError` (`.limitExceeded`) before writing anything when the proto
    ///   would be over protobuf's 2 GiB limit, which TensorFlow cannot parse.
    public static func save(_ tensor: Tensor, to url: URL, text: Bool? = nil, durable: Bool = false) throws {
        let bytes: [UInt8]
        if text ?? (url.pathExtension == "pbtxt") {
            try TensorProtoEncoder.checkSize(tensor.byteCount)
            bytes = Array(try encodeText(tensor).utf8)
        } else {
            bytes = [UInt8](try encode(tensor))
        }
        try AtomicFile.write(bytes, to: url, durable: durable)
    }

    /// Reads only dtype, shape and data size. A binary file is mapped and only its small
    /// fields are parsed (the content is skipped); a text file must be parsed whole.
    public static func readInfo(_ url: URL, name: String, text: Bool? = nil) throws -> TensorInfo {
        let mapped = try MappedFile(url: url)
        if text ?? (url.pathExtension == "pbtxt") {
            let t = try load(url, text: true)
            return TensorInfo(name: name, dtype: t.dtype, shape: t.shape.dimensions, byteCount: t.byteCount)
        }
        let split = try ProtoWire.split(mapped.bytes)
        let proto: Tensorflow_TensorProto
        do {
            proto = try Tensorflow_TensorProto(serializedBytes: split.rest)
        } catch {
            throw TensorBridgeError.invalidFormat("not a TensorProto: \(error)")
        }
        let (dtype, shape) = try TensorProtoDecoder.dtypeAndShape(proto)
        let bytes = dtype == .string ? proto.stringVal.reduce(0) { $0 + $1.count } : (try? shape.byteCount(for: dtype)) ?? 0
        return TensorInfo(name: name, dtype: dtype, shape: shape.dimensions, byteCount: bytes)
    }
}
