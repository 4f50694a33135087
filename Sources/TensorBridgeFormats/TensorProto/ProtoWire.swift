import Foundation

/// A single pass over a serialized TensorProto's top-level fields, to find `tensor_content`
/// (field 4) without letting SwiftProtobuf copy it: the other fields are gathered into a
/// small message for SwiftProtobuf, and the content stays a range of the input, copied once
/// straight into the tensor's buffer.
enum ProtoWire {
    struct Split {
        /// Every top-level field except `tensor_content`, in their original order.
        var rest: Data
        /// The last `tensor_content` field's bytes (protobuf: the last one wins), if any.
        var content: Range<Int>?
    }

    /// Splits `bytes`; malformed wire data becomes `TensorBridgeError` (`.invalidFormat`).
    static func split(_ bytes: UnsafeRawBufferPointer) throws -> Split {
        var i = 0
        var rest = Data()
        var content: Range<Int>?
        let n = bytes.count
        func varint() throws -> UInt64 {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                guard i < n else { throw TensorBridgeError.truncated("TensorProto ends inside a varint") }
                let b = bytes[i]
                i += 1
                guard shift < 64 else { throw TensorBridgeError.invalidFormat("TensorProto has a varint longer than 10 bytes") }
                value |= UInt64(b & 0x7F) << shift
                if b & 0x80 == 0 { return value }
                shift += 7
            }
        }
        while i < n {
            let start = i
            let tag = try varint()
            let field = tag >> 3
            guard field > 0 else { throw TensorBridgeError.invalidFormat("TensorProto has a field numbered 0") }
            switch tag & 7 {
            case 0: _ = try varint()
            case 1: i += 8
            case 5: i += 4
            case 2:
                let length = try varint()
                guard length <= UInt64(n - i) else {
                    throw TensorBridgeError.truncated("TensorProto field \(field) claims \(length) bytes but \(n - i) remain")
                }
                if field == 4 {
                    content = i..<(i + Int(length))
                    i += Int(length)
                    continue
                }
                i += Int(length)
            default:
                throw TensorBridgeError.invalidFormat("TensorProto field \(field) has unsupported wire type \(tag & 7)")
            }
            guard i <= n else { throw TensorBridgeError.truncated("TensorProto field \(field) runs past the end") }
            if let base = bytes.baseAddress { rest.append(base.assumingMemoryBound(to: UInt8.self) + start, count: i - start) }
        }
        return Split(rest: rest, content: content)
    }

    /// The tag and length prefix of a length-delimited field.
    static func lengthDelimitedPrefix(field: Int, length: Int) -> [UInt8] {
        var out: [UInt8] = []
        for var v in [UInt64(field << 3 | 2), UInt64(length)] {
            while v >= 0x80 { out.append(UInt8(v & 0x7F) | 0x80); v >>= 7 }
            out.append(UInt8(v))
        }
        return out
    }
}
