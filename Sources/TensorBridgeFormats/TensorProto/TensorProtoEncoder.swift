import SwiftProtobuf
import Foundation

/// ``Tensor`` → TensorProto with `tf.make_tensor_proto`'s choice: `tensor_content` for the
/// dtypes TensorFlow puts there (`_TENSOR_CONTENT_TYPES`) when there is more than one
/// element; otherwise the typed field. Strings, bool, complex and uint16 (absent from that
/// list) always use their typed fields.
enum TensorProtoEncoder {
    static func usesContent(_ tensor: Tensor) -> Bool {
        switch tensor.dtype {
        case .string, .bool, .complex64, .complex128, .uint16, .resource, .variant: false
        // tf.make_tensor_proto puts these in int_val, whatever the count.
        case .int4, .uint4, .int2, .uint2: false
        // TensorFlow's Python cannot write one element of these (no typed field), but reads
        // tensor_content for any count, so content is always used.
        case .float8_e4m3fnuz, .float8_e4m3b11fnuz, .float8_e5m2fnuz: tensor.elementCount > 0
        default: tensor.elementCount > 1
        }
    }

    /// The proto without `tensor_content` (the caller appends it when ``usesContent(_:)``).
    static func proto(_ tensor: Tensor, includeContent: Bool) throws -> Tensorflow_TensorProto {
        guard let dtype = Tensorflow_DataType(rawValue: Int(tensor.dtype.rawValue)) else {
            throw TensorBridgeError.unsupportedDType("dtype \(tensor.dtype.name) has no TensorProto code")
        }
        var proto = Tensorflow_TensorProto()
        proto.dtype = dtype
        var shape = Tensorflow_TensorShapeProto()
        shape.dim = tensor.shape.dimensions.map { var d = Tensorflow_TensorShapeProto.Dim(); d.size = Int64($0); return d }
        proto.tensorShape = shape
        if tensor.dtype == .string {
            proto.stringVal = try tensor.strings().map { Data($0) }
            return proto
        }
        if usesContent(tensor) {
            if includeContent { proto.tensorContent = try tensor.withUnsafeBytes { Data($0) } }
            return proto
        }
        try tensor.withUnsafeBytes { raw in
            func values<T: BitwiseCopyable>(_: T.Type) -> [T] { Array(raw.bindMemory(to: T.self)) }
            switch tensor.dtype {
            case .float32: proto.floatVal = values(Float.self)
            case .float64: proto.doubleVal = values(Double.self)
            case .int32, .qint32: proto.intVal = values(Int32.self)
            case .int16, .qint16: proto.intVal = values(Int16.self).map(Int32.init)
            case .int8, .qint8: proto.intVal = values(Int8.self).map(Int32.init)
            case .uint8, .quint8: proto.intVal = values(UInt8.self).map(Int32.init)
            case .uint16, .quint16: proto.intVal = values(UInt16.self).map(Int32.init)
            case .float16, .bfloat16: proto.halfVal = values(UInt16.self).map(Int32.init)
            case .float8_e5m2, .float8_e4m3fn, .float4_e2m1fn: proto.float8Val = Data(raw)
            // Each byte holds the low bits (ml_dtypes' layout): sign-extend int4/int2 from them.
            case .int4: proto.intVal = values(UInt8.self).map { Int32(Int8(bitPattern: $0 << 4) >> 4) }
            case .int2: proto.intVal = values(UInt8.self).map { Int32(Int8(bitPattern: $0 << 6) >> 6) }
            case .uint4: proto.intVal = values(UInt8.self).map { Int32($0 & 0x0F) }
            case .uint2: proto.intVal = values(UInt8.self).map { Int32($0 & 0x03) }
            case .int64: proto.int64Val = values(Int64.self)
            case .uint32: proto.uint32Val = values(UInt32.self)
            case .uint64: proto.uint64Val = values(UInt64.self)
            case .bool: proto.boolVal = values(UInt8.self).map { $0 != 0 }
            case .complex64: proto.scomplexVal = values(Float.self)
            case .complex128: proto.dcomplexVal = values(Double.self)
            default: break
            }
        }
        return proto
    }

    /// The binary encoding. Content is appended after the other fields by hand, so the large
    /// bytes are copied once (SwiftProtobuf would copy them twice); fields 1–3 come first in
    /// both encodings, so the result equals SwiftProtobuf's (and Python's) field order.
    static func binary(_ tensor: Tensor) throws -> Data {
        // Typed fields take at least a byte per data byte, so this refuses before encoding.
        try checkSize(tensor.byteCount)
        var out = try proto(tensor, includeContent: false).serializedData()
        if usesContent(tensor) {
            try checkSize(out.count + 16 + tensor.byteCount)
            try tensor.withUnsafeBytes { raw in
                out.append(contentsOf: ProtoWire.lengthDelimitedPrefix(field: 4, length: raw.count))
                out.append(contentsOf: raw)
            }
        }
        try checkSize(out.count)
        return out
    }

    /// Protobuf messages are limited to 2 GiB − 1 bytes: TensorFlow (and every protobuf
    /// reader) refuses to parse a larger one, so such a file is refused before it is written.
    static let maxMessageBytes = Int(Int32.max)

    static func checkSize(_ bytes: Int) throws {
        guard bytes <= maxMessageBytes else {
            throw TensorBridgeError.limitExceeded(
                "a TensorProto of \(bytes) bytes is over protobuf's 2 GiB limit (\(maxMessageBytes) bytes), which TensorFlow cannot parse; save it as .npy or safetensors instead")
        }
    }
}
