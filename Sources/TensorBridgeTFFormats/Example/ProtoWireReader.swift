/// A minimal protobuf wire-format reader over bytes, for parsing `tf.train.Example` without
/// building intermediate messages (the hot path of ``ExampleParser``). Every length is checked
/// against the bytes that remain.
struct ProtoWireReader {
    let bytes: UnsafeRawBufferPointer
    var position = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var atEnd: Bool { position >= bytes.count }

    @inline(__always)
    mutating func varint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while position < bytes.count {
            let b = bytes[position]
            position += 1
            if shift == 63 && b > 1 { throw ExampleParser.malformed("a varint overflows 64 bits") }
            result |= UInt64(b & 0x7f) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw ExampleParser.malformed("a varint is longer than 10 bytes") }
        }
        throw ExampleParser.malformed("a varint runs past the end")
    }

    /// The next field number and wire type.
    @inline(__always)
    mutating func tag() throws -> (field: UInt64, wireType: UInt64) {
        let t = try varint()
        guard t >> 3 != 0 else { throw ExampleParser.malformed("field number 0") }
        return (t >> 3, t & 7)
    }

    mutating func lengthDelimited() throws -> UnsafeRawBufferPointer {
        let n = try varint()
        guard n <= UInt64(bytes.count - position) else { throw ExampleParser.malformed("a field of \(n) bytes runs past the end") }
        defer { position += Int(n) }
        return UnsafeRawBufferPointer(rebasing: bytes[position..<(position + Int(n))])
    }

    mutating func fixed32() throws -> UInt32 {
        guard bytes.count - position >= 4 else { throw ExampleParser.malformed("a 4-byte value runs past the end") }
        defer { position += 4 }
        return UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt32.self))
    }

    mutating func skip(wireType: UInt64) throws {
        switch wireType {
        case 0: _ = try varint()
        case 1:
            guard bytes.count - position >= 8 else { throw ExampleParser.malformed("an 8-byte value runs past the end") }
            position += 8
        case 2: _ = try lengthDelimited()
        case 5: _ = try fixed32()
        default: throw ExampleParser.malformed("unsupported wire type \(wireType)")
        }
    }
}
