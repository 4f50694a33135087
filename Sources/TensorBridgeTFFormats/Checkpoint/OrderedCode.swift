/// The key under which a partitioned variable's slice is stored in a checkpoint:
/// `checkpoint::EncodeTensorNameSlice` (tensorflow/core/util/saved_tensor_slice_util.cc), made of
/// `OrderedCode` items (tensorflow/core/lib/strings/ordered_code.cc): the number 0, the tensor
/// name, the rank, then each dimension's start and length (-1 for a full dimension).
enum OrderedCode {
    static func sliceKey(name: [UInt8], extents: [(start: Int64, length: Int64)]) -> [UInt8] {
        var out: [UInt8] = []
        writeNumIncreasing(&out, 0)
        writeString(&out, name)
        writeNumIncreasing(&out, UInt64(extents.count))
        for e in extents {
            writeSignedNumIncreasing(&out, e.start)
            writeSignedNumIncreasing(&out, e.length)
        }
        return out
    }

    /// A length byte, then the value big-endian without leading zero bytes.
    static func writeNumIncreasing(_ out: inout [UInt8], _ value: UInt64) {
        var bytes: [UInt8] = []
        var v = value
        while v > 0 {
            bytes.insert(UInt8(v & 0xff), at: 0)
            v >>= 8
        }
        out.append(UInt8(bytes.count))
        out += bytes
    }

    /// The bytes with 0x00 escaped as 00 ff and 0xff as ff 00, then the separator 00 01.
    static func writeString(_ out: inout [UInt8], _ s: [UInt8]) {
        for b in s {
            switch b {
            case 0x00: out += [0x00, 0xff]
            case 0xff: out += [0xff, 0x00]
            default: out.append(b)
            }
        }
        out += [0x00, 0x01]
    }

    /// Header bits that mark the encoded length in the first two bytes.
    private static let headerBits: [(UInt8, UInt8)] = [
        (0, 0), (0x80, 0), (0xc0, 0), (0xe0, 0), (0xf0, 0), (0xf8, 0), (0xfc, 0), (0xfe, 0), (0xff, 0), (0xff, 0x80), (0xff, 0xc0),
    ]

    /// A sign bit, then as many length bits as bytes follow, then the value in two's complement.
    static func writeSignedNumIncreasing(_ out: inout [UInt8], _ value: Int64) {
        let x = UInt64(bitPattern: value < 0 ? ~value : value)
        if x < 64 {
            out.append(headerBits[1].0 ^ UInt8(truncatingIfNeeded: value))
            return
        }
        // Bits needed for the magnitude, plus the sign bit; 7 payload bits fit per byte.
        let bits = 64 - x.leadingZeroBitCount + 1
        let length = min((bits + 6) / 7, 10)
        var buf = [UInt8](repeating: value < 0 ? 0xff : 0, count: 10)
        for i in 0..<8 { buf[2 + i] = UInt8(truncatingIfNeeded: UInt64(bitPattern: value) >> (56 - 8 * UInt64(i))) }
        var encoded = Array(buf[(10 - length)...])
        encoded[0] ^= headerBits[length].0
        encoded[1] ^= headerBits[length].1
        out += encoded
    }
}
