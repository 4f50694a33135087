import TensorBridge

/// Snappy decompression (the raw block format of github.com/google/snappy/format_description.txt),
/// for table blocks written with `kSnappyCompression`. TensorFlow's own writers store index
/// files uncompressed (tensor_bundle.cc sets `kNoCompression`), but its table reader accepts both.
enum Snappy {
    /// Decompresses `input`, refusing output over `limit` bytes before allocating it.
    static func decompress(_ input: UnsafeRawBufferPointer, limit: Int, what: String) throws -> [UInt8] {
        var cursor = ByteCursor(input, what: what)
        let declared = try cursor.varint64()
        guard declared <= UInt64(limit) else {
            throw TensorBridgeError(.limitExceeded, "\(what): snappy block claims \(declared) bytes, more than the \(limit) allowed")
        }
        let total = Int(declared)
        var out = [UInt8]()
        out.reserveCapacity(total)
        while !cursor.atEnd {
            let tag = input[cursor.position]
            cursor.position += 1
            switch tag & 3 {
            case 0:
                var length = Int(tag >> 2) + 1
                if length > 60 {
                    let extra = length - 60
                    let raw = try cursor.take(extra)
                    var v = 0
                    for i in 0..<extra { v |= Int(raw[i]) << (8 * i) }
                    length = v + 1
                }
                guard length <= total - out.count else { throw TensorBridgeError.dataLoss("\(what): snappy literal runs past the declared length") }
                out.append(contentsOf: try cursor.take(length))
            default:
                let length: Int, offset: Int
                switch tag & 3 {
                case 1:
                    length = Int((tag >> 2) & 7) + 4
                    offset = Int(tag >> 5) << 8 | Int(try cursor.take(1)[0])
                case 2:
                    length = Int(tag >> 2) + 1
                    let raw = try cursor.take(2)
                    offset = Int(raw[0]) | Int(raw[1]) << 8
                default:
                    length = Int(tag >> 2) + 1
                    let raw = try cursor.take(4)
                    offset = Int(raw[0]) | Int(raw[1]) << 8 | Int(raw[2]) << 16 | Int(raw[3]) << 24
                }
                guard offset > 0, offset <= out.count else { throw TensorBridgeError.dataLoss("\(what): snappy copy offset \(offset) is outside the \(out.count) bytes decoded so far") }
                guard length <= total - out.count else { throw TensorBridgeError.dataLoss("\(what): snappy copy runs past the declared length") }
                let start = out.count - offset
                for i in 0..<length { out.append(out[start + i]) }  // copies may overlap themselves
            }
        }
        guard out.count == total else { throw TensorBridgeError.dataLoss("\(what): snappy block decodes to \(out.count) bytes, not the declared \(total)") }
        return out
    }
}
