import Foundation
import Testing
import TensorBridge

/// The TensorFlow-file fixtures committed for TensorBridgeTFFormatsTests (written by
/// scripts/generate_tf_fixtures.py with TensorFlow 2.21), read here from the source tree:
/// manifest.json holds what TensorFlow read back from each file, cli_convert.json what
/// TensorFlow parses from examples.tfrecord with the schema `convert` infers.
enum TFFileFixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("TensorBridgeTFFormatsTests/Fixtures")

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    static func json(_ name: String) -> [String: Any] {
        guard let data = try? Data(contentsOf: root.appendingPathComponent(name)),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            Issue.record("FIXTURE MISSING: \(name) under \(root.path); run scripts/generate_tf_fixtures.py")
            return [:]
        }
        return json
    }

    static func section(_ name: String) -> [String: Any] { json("manifest.json")[name] as? [String: Any] ?? [:] }

    /// The tensors TensorFlow parsed from examples.tfrecord, by the names `convert` writes.
    static var convertedRecords: [String: [String: Any]] {
        json("cli_convert.json")["tensors"] as? [String: [String: Any]] ?? [:]
    }

    /// Parses a command's JSON document.
    static func document(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> [String: Any] {
        guard let json = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            Issue.record("not a JSON object: \(text)", sourceLocation: sourceLocation)
            return [:]
        }
        return json
    }

    /// Checks dtype, shape and exact bytes (or byte strings) against a manifest record.
    static func check(_ tensor: Tensor, _ expected: [String: Any], _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(tensor.dtype.name == expected["dtype"] as? String, "\(name): dtype", sourceLocation: sourceLocation)
        #expect(tensor.shape.dimensions == expected["shape"] as? [Int], "\(name): shape", sourceLocation: sourceLocation)
        if let strings = expected["strings"] as? [String] {
            let got = (try? tensor.strings()) ?? []
            #expect(got.map(hex) == strings, "\(name): strings", sourceLocation: sourceLocation)
        } else {
            let got = (try? tensor.withUnsafeBytes { hex(Array($0)) }) ?? "<unreadable>"
            #expect(got == expected["hex"] as? String, "\(name): bytes", sourceLocation: sourceLocation)
        }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(decoding: bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] }, as: UTF8.self)
    }
}
