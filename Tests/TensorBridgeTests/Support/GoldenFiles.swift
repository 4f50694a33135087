import Foundation
import Testing

/// Test-only access to the golden files written by `scripts/generate_op_goldens.py`
/// (TensorFlow 2.21): a minimal `.npy` reader for little-endian unsigned bit arrays and the
/// JSON index that says which slice of which file holds each case.
enum GoldenFiles {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func url(_ relative: String) throws -> URL {
        guard let base = Bundle.module.resourceURL else { throw Failure(description: "no resource bundle") }
        return base.appendingPathComponent("Golden").appendingPathComponent(relative)
    }

    /// The parsed `Golden/ops/index.json`.
    static func opsIndex() throws -> [String: Any] {
        let data = try Data(contentsOf: try url("ops/index.json"))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw Failure(description: "index.json is not an object")
        }
        return object
    }

    /// A `.npy` file's raw little-endian element bytes, with its dtype descriptor and shape.
    struct NPY {
        let descr: String
        let shape: [Int]
        /// `[UInt8]`, not `Data`: `Data` keeps its storage pointer with enum tag bits set,
        /// so LeakSanitizer (scripts/sanitize) cannot see it from `cache` and reports
        /// every cached file as leaked.
        let data: [UInt8]
    }

    static func npy(_ relative: String) throws -> NPY {
        let bytes = try Data(contentsOf: try url(relative))
        guard bytes.count >= 10, bytes.prefix(6) == Data([0x93]) + Data("NUMPY".utf8) else {
            throw Failure(description: "\(relative) is not an .npy file")
        }
        let major = bytes[bytes.startIndex + 6]
        let headerLength: Int
        let headerStart: Int
        if major == 1 {
            headerLength = Int(bytes[bytes.startIndex + 8]) | Int(bytes[bytes.startIndex + 9]) << 8
            headerStart = 10
        } else {
            headerLength = (0..<4).reduce(0) { $0 | Int(bytes[bytes.startIndex + 8 + $1]) << (8 * $1) }
            headerStart = 12
        }
        let header = String(decoding: bytes[(bytes.startIndex + headerStart)..<(bytes.startIndex + headerStart + headerLength)], as: UTF8.self)
        guard let d = header.range(of: "'descr': '"), let dEnd = header[d.upperBound...].firstIndex(of: "'"),
              let s = header.range(of: "'shape': ("), let sEnd = header[s.upperBound...].firstIndex(of: ")") else {
            throw Failure(description: "\(relative): cannot parse header \(header)")
        }
        let shape = header[s.upperBound..<sEnd].split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        return NPY(descr: String(header[d.upperBound..<dEnd]), shape: shape,
                   data: [UInt8](bytes[(bytes.startIndex + headerStart + headerLength)...]))
    }

    nonisolated(unsafe) private static var cache: [String: NPY] = [:]
    private static let lock = NSLock()

    /// A slice `{"file", "offset", "count"}` of a pooled bit file, as unsigned integers.
    static func bits<T: FixedWidthInteger & UnsignedInteger>(_ slice: Any?, as: T.Type = T.self) throws -> [T] {
        guard let slice = slice as? [String: Any], let file = slice["file"] as? String,
              let offset = slice["offset"] as? Int, let count = slice["count"] as? Int else {
            throw Failure(description: "bad slice \(String(describing: slice))")
        }
        let npy = try lock.withLock { () throws -> NPY in
            if let hit = cache["ops/" + file] { return hit }
            let loaded = try GoldenFiles.npy("ops/" + file)
            cache["ops/" + file] = loaded
            return loaded
        }
        let width = MemoryLayout<T>.size
        guard npy.descr == "<u\(width)" || (width == 1 && npy.descr == "|u1") else {
            throw Failure(description: "\(file) holds \(npy.descr), not \(width)-byte unsigned")
        }
        return npy.data.withUnsafeBytes { raw in
            (0..<count).map { T(littleEndian: raw.loadUnaligned(fromByteOffset: (offset + $0) * width, as: T.self)) }
        }
    }
}

/// A plain mutex for tests that touch process-wide state.
final class NSLockish: @unchecked Sendable {
    private let lock = NSLock()
    func withLock<R>(_ body: () throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}
