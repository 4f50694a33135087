import TensorBridge

/// Reads little-endian integers and varints from a bounded byte range, failing with a
/// truncation error instead of reading past the end.
struct ByteCursor {
    let bytes: UnsafeRawBufferPointer
    var position: Int
    let what: String

    init(_ bytes: UnsafeRawBufferPointer, at position: Int = 0, what: String) {
        self.bytes = bytes
        self.position = position
        self.what = what
    }

    var remaining: Int { bytes.count - position }
    var atEnd: Bool { position >= bytes.count }

    mutating func varint64() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < bytes.count else { throw TensorBridgeError.truncated("\(what): a varint runs past the end") }
            let b = bytes[position]
            position += 1
            guard shift < 64 else { throw TensorBridgeError.invalid("\(what): a varint is longer than 10 bytes") }
            result |= UInt64(b & 0x7f) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
        }
    }

    /// A varint that must fit in `Int` and not exceed `limit`.
    mutating func length(limit: Int, _ field: @autoclosure () -> String) throws -> Int {
        let v = try varint64()
        guard v <= UInt64(limit) else {
            throw TensorBridgeError.invalid("\(what): \(field()) of \(v) is larger than the \(limit) bytes available")
        }
        return Int(v)
    }

    mutating func fixed32() throws -> UInt32 {
        guard remaining >= 4 else { throw TensorBridgeError.truncated("\(what): a 4-byte integer runs past the end") }
        let v = bytes.loadUnaligned(fromByteOffset: position, as: UInt32.self)
        position += 4
        return UInt32(littleEndian: v)
    }

    mutating func fixed64() throws -> UInt64 {
        guard remaining >= 8 else { throw TensorBridgeError.truncated("\(what): an 8-byte integer runs past the end") }
        let v = bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self)
        position += 8
        return UInt64(littleEndian: v)
    }

    mutating func take(_ n: Int) throws -> UnsafeRawBufferPointer {
        guard n >= 0, n <= remaining else { throw TensorBridgeError.truncated("\(what): \(n) bytes run past the end") }
        defer { position += n }
        return UnsafeRawBufferPointer(rebasing: bytes[position..<position + n])
    }
}

/// Appends little-endian integers and varints to a byte array.
extension Array where Element == UInt8 {
    mutating func appendVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        append(UInt8(v))
    }

    mutating func appendFixed32(_ value: UInt32) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }

    mutating func appendFixed64(_ value: UInt64) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}
