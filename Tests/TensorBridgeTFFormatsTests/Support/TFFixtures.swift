import Foundation
import Testing
import TensorBridge

/// The committed fixtures written by scripts/generate_tf_fixtures.py with TensorFlow 2.21, and
/// what TensorFlow itself read back from them (manifest.json).
enum TFFixtures {
    static let root: URL = {
        guard let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            Issue.record("Fixtures folder is missing from the test bundle")
            return URL(fileURLWithPath: "/nonexistent")
        }
        return url
    }()

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    nonisolated(unsafe) static let manifest: [String: Any] = {
        guard let data = try? Data(contentsOf: root.appendingPathComponent("manifest.json")),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            Issue.record("manifest.json is missing or unreadable; run scripts/generate_tf_fixtures.py")
            return [:]
        }
        return json
    }()

    static func section(_ name: String) -> [String: Any] { manifest[name] as? [String: Any] ?? [:] }
}

enum Hex {
    static func encode<C: Collection<UInt8>>(_ bytes: C) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ s: String) -> [UInt8] {
        var out = [UInt8]()
        var high: UInt8? = nil
        for c in s.utf8 {
            let v: UInt8 = c <= 57 ? c - 48 : c - 87
            if let h = high { out.append(h << 4 | v); high = nil } else { high = v }
        }
        return out
    }
}

/// One tensor as the manifest records it: dtype, shape, and the hex of its bytes or strings.
struct ExpectedTensor: CustomStringConvertible {
    let name: String
    let json: [String: Any]

    var description: String { name }

    /// Checks dtype, shape and the exact bytes (or byte strings).
    func check(_ tensor: Tensor, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(tensor.dtype.name == json["dtype"] as? String, "\(name): dtype", sourceLocation: sourceLocation)
        #expect(tensor.shape.dimensions == json["shape"] as? [Int], "\(name): shape", sourceLocation: sourceLocation)
        if let strings = json["strings"] as? [String] {
            let got = (try? tensor.strings()) ?? []
            #expect(got.map { Hex.encode($0) } == strings, "\(name): strings", sourceLocation: sourceLocation)
        } else {
            let got = (try? tensor.withUnsafeBytes { Hex.encode($0) }) ?? "<unreadable>"
            #expect(got == json["hex"] as? String, "\(name): bytes", sourceLocation: sourceLocation)
        }
    }
}
