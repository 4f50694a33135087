import Foundation
import Testing
@testable import TensorBridgeFormats

/// The committed fixtures written by scripts/generate_format_fixtures.py, and the values the
/// reference libraries read back from them (manifest.json).
enum Fixtures {
    static let root: URL = {
        guard let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            Issue.record("Fixtures folder is missing from the test bundle")
            return URL(fileURLWithPath: "/nonexistent")
        }
        return url
    }()

    static func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    nonisolated(unsafe) static let manifest: [String: Any] = {
        guard let data = try? Data(contentsOf: url("manifest.json")),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            Issue.record("manifest.json is missing or unreadable; run scripts/generate_format_fixtures.py")
            return [:]
        }
        return json
    }()

    static func section(_ name: String) -> [String: Any] { manifest[name] as? [String: Any] ?? [:] }
}

/// One expected tensor from the manifest.
struct ExpectedTensor: CustomStringConvertible {
    let name: String
    let dtype: String
    let shape: [Int]
    let hex: String?
    let strings: [String]?
    let voidAs: String?

    init(_ json: [String: Any], name: String = "") {
        self.name = json["name"] as? String ?? name
        dtype = json["dtype"] as? String ?? "?"
        shape = json["shape"] as? [Int] ?? []
        hex = json["hex"] as? String
        strings = json["strings"] as? [String]
        voidAs = json["voidAs"] as? String
    }

    var description: String { "\(name) \(dtype) \(shape)" }

    /// Checks dtype, shape and the exact bytes (or byte strings).
    func check(_ tensor: Tensor, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(tensor.dtype.name == dtype, "\(self): dtype", sourceLocation: sourceLocation)
        #expect(tensor.shape.dimensions == shape, "\(self): shape", sourceLocation: sourceLocation)
        if let strings {
            let got = (try? tensor.strings()) ?? []
            #expect(got.map(Hex.encode) == strings, "\(self): strings", sourceLocation: sourceLocation)
        } else {
            let got = (try? tensor.withUnsafeBytes { Hex.encode(Array($0)) }) ?? "<unreadable>"
            #expect(got == hex, "\(self): bytes", sourceLocation: sourceLocation)
        }
    }

    /// The tensor the manifest describes, built from its bytes.
    func tensor() throws -> Tensor {
        guard let type = DType(name: dtype) else { throw TensorBridgeError.unsupportedDType(dtype) }
        if let strings {
            return try Tensor(strings: strings.map(Hex.decode), shape: shape)
        }
        let bytes = Hex.decode(hex ?? "")
        let buffer = try TensorBuffer.allocateHost(byteCount: bytes.count)
        bytes.withUnsafeBytes { raw in
            if let base = raw.baseAddress, raw.count > 0 { buffer.baseAddress.copyMemory(from: base, byteCount: raw.count) }
        }
        return try Tensor(dtype: type, shape: Shape(shape), buffer: buffer)
    }
}

enum Hex {
    static func encode(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ text: String) -> [UInt8] {
        let chars = Array(text.utf8)
        func nibble(_ c: UInt8) -> UInt8 { c >= 97 ? c - 87 : c - 48 }
        return stride(from: 0, to: chars.count - 1, by: 2).map { nibble(chars[$0]) << 4 | nibble(chars[$0 + 1]) }
    }
}

/// A fresh temporary directory per test.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("tbformats-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
