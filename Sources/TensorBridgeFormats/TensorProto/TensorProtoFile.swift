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
    /// - Throws: ``FormatError`` for malformed wire data, an unknown dtype, or values that do
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
            throw FormatError.invalidHeader("not a TensorProto: \(error)")
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
            throw FormatError.invalidHeader("not a text-format TensorProto: \(error)")
        }
        return try TensorProtoDecoder.tensor(proto, content: nil, maxExpandedBytes: maxExpandedBytes)
    }

    /// The binary encoding `tf.make_tensor_proto(...).SerializeToString()` gives.
    public static func encode(_ tensor: Tensor) throws -> Data { try TensorProtoEncoder.binary(tensor) }

    /// The text format encoding (parsable by `text_format.Parse`).
    public static func encodeText(_ tensor: Tensor) throws -> String {
        try TensorProtoEncoder.proto(tensor, includeContent: true).textFormatString()
    }

    /// Loads a `.pbtxt` file as text format and anything else as binary. Binary files are
    /// mapped, and the content copied once from the mapping.
    public static func load(_ url: URL, maxExpandedBytes: Int = defaultMaxExpandedBytes) throws -> Tensor {
        let mapped = try MappedFile(url: url)
        if url.pathExtension == "pbtxt" {
            guard let text = String(validating: mapped.bytes, as: UTF8.self) else {
                throw FormatError.invalidHeader("\(url.lastPathComponent) is not UTF-8 text")
            }
            return try decode(text: text, maxExpandedBytes: maxExpandedBytes)
        }
        return try decode(bytes: mapped.bytes, maxExpandedBytes: maxExpandedBytes)
    }

    /// Saves atomically: text format for a `.pbtxt` URL, binary otherwise.
    public static func save(_ tensor: Tensor, to url: URL) throws {
        let bytes = url.pathExtension == "pbtxt" ? Array(try encodeText(tensor).utf8) : [UInt8](try encode(tensor))
        try AtomicFile.write(bytes, to: url)
    }
}
