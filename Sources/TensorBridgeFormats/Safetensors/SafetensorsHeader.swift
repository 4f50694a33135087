import Foundation

/// The parsed and validated JSON header of a safetensors file.
struct SafetensorsHeader {
    struct Entry {
        let name: String
        let dtype: DType
        let shape: Shape
        let begin: Int
        let end: Int

        var info: TensorInfo { TensorInfo(name: name, dtype: dtype, shape: shape.dimensions, byteCount: end - begin) }
    }

    /// The reference refuses headers over 100,000,000 bytes (safetensors/src/tensor.rs, `MAX_HEADER_SIZE`).
    static let maxHeaderLength = 100_000_000

    var entries: [Entry]
    var metadata: [String: String]
    /// Where the data region starts (8 + header length).
    var dataStart: Int

    /// Reads the length prefix and JSON through `read`, and applies every check the
    /// reference reader makes: header size limit, header inside the file, valid JSON object,
    /// known dtypes, `end - begin == elements × size`, entries contiguous from 0 once sorted,
    /// and no trailing bytes.
    static func parse(fileSize: Int, read: (_ offset: Int, _ count: Int) throws -> [UInt8]) throws -> SafetensorsHeader {
        guard fileSize >= 8 else { throw TensorBridgeError.truncated("a safetensors file needs an 8-byte header length, this one has \(fileSize) bytes") }
        let prefix = try read(0, 8)
        var n: UInt64 = 0
        for i in (0..<8).reversed() { n = n << 8 | UInt64(prefix[i]) }
        guard n <= UInt64(maxHeaderLength) else {
            throw TensorBridgeError.limitExceeded("safetensors header length \(n) is over the \(maxHeaderLength)-byte limit")
        }
        let length = Int(n)
        guard 8 + length <= fileSize else {
            throw TensorBridgeError.truncated("safetensors header claims \(length) bytes but the file has \(fileSize - 8) after the length")
        }
        // Like the reference (serde_json), JSON whitespace may surround the object.
        let json = try read(8, length)
        guard String(validating: json, as: UTF8.self) != nil else { throw TensorBridgeError.invalidFormat("safetensors header is not valid UTF-8") }
        guard let dict = try JSONValue.parse(json, what: "safetensors header").object else { throw TensorBridgeError.invalidFormat("safetensors header is not a JSON object") }
        var entries: [Entry] = []
        var metadata: [String: String] = [:]
        for (name, value) in dict {
            if name == "__metadata__" {
                guard let map = value.object else { throw TensorBridgeError.invalidFormat("__metadata__ must be a map of strings to strings") }
                for (k, v) in map {
                    guard let s = v.string else { throw TensorBridgeError.invalidFormat("__metadata__ value for '\(k)' is not a string") }
                    metadata[k] = s
                }
                continue
            }
            entries.append(try entry(name: name, value))
        }
        try checkLayout(entries.sorted { ($0.begin, $0.end) < ($1.begin, $1.end) }, dataBytes: fileSize - 8 - length)
        return SafetensorsHeader(entries: entries.sorted { ($0.begin, $0.name) < ($1.begin, $1.name) },
                                 metadata: metadata, dataStart: 8 + length)
    }

    private static func entry(name: String, _ value: JSONValue) throws -> Entry {
        guard let info = value.object, let dtypeName = info["dtype"]?.string,
              let dims = info["shape"]?.array, let offsets = info["data_offsets"]?.array, offsets.count == 2 else {
            throw TensorBridgeError.invalidFormat("safetensors entry '\(name)' needs dtype, shape and two data_offsets")
        }
        let dtype = try SafetensorsDType.dtype(dtypeName)
        let shape = try Shape.fromFile(try dims.map { try integer($0, "shape of '\(name)'") }, what: "safetensors entry '\(name)'")
        let begin = try integer(offsets[0], "data_offsets of '\(name)'")
        let end = try integer(offsets[1], "data_offsets of '\(name)'")
        guard begin <= end else { throw TensorBridgeError.invalidFormat("safetensors entry '\(name)' ends before it begins") }
        guard let bytes = try? shape.byteCount(for: dtype) else {
            throw TensorBridgeError.invalidFormat("safetensors entry '\(name)': \(shape) is too large")
        }
        guard end - begin == bytes else {
            throw TensorBridgeError.invalidFormat("safetensors entry '\(name)': \(end - begin) bytes for \(dtypeName) \(shape), which needs \(bytes)")
        }
        return Entry(name: name, dtype: dtype, shape: shape, begin: begin, end: end)
    }

    /// A non-negative integer that fits in `Int` (JSON floats, negatives and booleans refused).
    static func integer(_ value: JSONValue, _ what: String) throws -> Int {
        if let i = value.integer, i >= 0 { return i }
        throw TensorBridgeError.invalidFormat("\(what) must be non-negative integers that fit in 64 bits")
    }

    private static func checkLayout(_ sorted: [Entry], dataBytes: Int) throws {
        var cursor = 0
        for e in sorted {
            guard e.begin == cursor else {
                throw TensorBridgeError.invalidFormat(e.begin < cursor
                    ? "safetensors entry '\(e.name)' overlaps the previous tensor"
                    : "safetensors entry '\(e.name)' leaves a gap at offset \(cursor)")
            }
            cursor = e.end
        }
        guard cursor <= dataBytes else {
            throw TensorBridgeError.truncated("safetensors data ends at \(cursor) but the file holds only \(dataBytes) data bytes")
        }
        guard cursor == dataBytes else {
            throw TensorBridgeError.invalidFormat("safetensors file has \(dataBytes - cursor) trailing bytes after the last tensor")
        }
    }
}
