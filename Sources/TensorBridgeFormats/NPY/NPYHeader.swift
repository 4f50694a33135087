/// The header of an `.npy` file: magic, version, header length and the Python dict literal
/// `{'descr': ..., 'fortran_order': ..., 'shape': (...), }`.
struct NPYHeader: Equatable {
    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // \x93NUMPY
    /// NumPy refuses longer headers (`np.load` without `max_header_size`).
    static let maxHeaderLength = 10_000

    var descr: NPYDescr
    var fortranOrder: Bool
    var shape: [Int]

    /// Parses the prelude and the dict, reading through `read` (offset, count), which must
    /// check its range; returns the header and the data offset.
    static func parse(fileSize: Int, read: (_ offset: Int, _ count: Int) throws -> [UInt8]) throws -> (NPYHeader, dataOffset: Int) {
        guard fileSize >= 10 else { throw TensorBridgeError.truncated("an .npy file needs at least 10 bytes, this one has \(fileSize)") }
        let prelude = try read(0, min(12, fileSize))
        guard Array(prelude[0..<6]) == magic else { throw TensorBridgeError.invalidFormat("not an .npy file: the magic string \\x93NUMPY is missing") }
        let major = prelude[6], minor = prelude[7]
        guard minor == 0, (1...3).contains(major) else {
            throw TensorBridgeError.invalidFormat("unsupported .npy version \(major).\(minor)")
        }
        let length: Int, start: Int
        if major == 1 {
            length = Int(prelude[8]) | Int(prelude[9]) << 8
            start = 10
        } else {
            guard prelude.count >= 12 else { throw TensorBridgeError.truncated(".npy version \(major) header length is cut off") }
            length = Int(prelude[8]) | Int(prelude[9]) << 8 | Int(prelude[10]) << 16 | Int(prelude[11]) << 24
            start = 12
        }
        guard length <= maxHeaderLength else {
            throw TensorBridgeError.limitExceeded(".npy header of \(length) bytes is over the \(maxHeaderLength)-byte limit")
        }
        guard start + length <= fileSize else {
            throw TensorBridgeError.truncated(".npy header claims \(length) bytes but the file has only \(fileSize - start) after the prelude")
        }
        let raw = try read(start, length)
        let text: String
        if major == 3 {
            guard let utf8 = String(validating: raw, as: UTF8.self) else { throw TensorBridgeError.invalidFormat(".npy v3 header is not UTF-8") }
            text = utf8
        } else {
            text = String(raw.map { Character(Unicode.Scalar($0)) })  // latin1
        }
        return (try NPYHeaderDict.parse(text), start + length)
    }

    /// The complete header bytes NumPy would write: the dict, padded with spaces so that the
    /// data starts on a multiple of 64, ended by `\n`; version 1.0 unless the length needs 2.0.
    func encoded() -> [UInt8] {
        let dims = shape.map(String.init)
        let shapeText = dims.count == 1 ? "(\(dims[0]),)" : "(" + dims.joined(separator: ", ") + ")"
        let dict = "{'descr': '\(descr.text)', 'fortran_order': \(fortranOrder ? "True" : "False"), 'shape': \(shapeText), }"
        var header = Array(dict.utf8)
        // Spare room so the first axis can grow in place (NumPy's GROWTH_AXIS_MAX_DIGITS = 21).
        if let growth = fortranOrder ? shape.last : shape.first {
            header += [UInt8](repeating: 0x20, count: max(0, 21 - String(growth).count))
        }
        // NumPy's _wrap_header: padlen = 64 - (prelude + len + 1) % 64, so 1...64 spaces.
        var version: UInt8 = 1
        var prelude = 10
        if header.count + 1 + 64 - (10 + header.count + 1) % 64 > 65535 {
            version = 2
            prelude = 12
        }
        let padding = 64 - (prelude + header.count + 1) % 64
        let body = header + [UInt8](repeating: 0x20, count: padding) + [0x0A]
        var out = NPYHeader.magic + [version, 0]
        let n = body.count
        out += [UInt8(n & 0xFF), UInt8((n >> 8) & 0xFF)]
        if version == 2 { out += [UInt8((n >> 16) & 0xFF), UInt8((n >> 24) & 0xFF)] }
        return out + body
    }
}
