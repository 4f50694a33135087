import Foundation
import Testing
@testable import TensorBridgeFormats

/// The upstream test vectors of NumPy (test_format.py, test_io.py), safetensors (tensor.rs)
/// and TensorFlow (tensor_util_test.py), each accepted or refused as the reference reader
/// does, with the same values when accepted (Fixtures/conformance.json, written by
/// scripts/generate_conformance_fixtures.py with the real libraries).
@Suite struct ConformanceTests {
    struct Vector: CustomTestStringConvertible, Sendable {
        let format: String
        let name: String
        let source: String
        /// Kept as `[UInt8]`: the vectors live in a static for the whole run, and LeakSanitizer
        /// cannot follow `Data`'s inline representation to its heap storage.
        let raw: [UInt8]
        var bytes: Data { Data(raw) }
        let accepted: Bool
        let deviation: String?
        let expected: [[String: String]]
        let shapes: [[Int]]
        let strings: [[String]?]

        var testDescription: String { "\(format): \(name)" }
    }

    static let vectors: [Vector] = {
        guard let data = try? Data(contentsOf: Fixtures.url("conformance.json")),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let list = json["vectors"] as? [[String: Any]] else {
            Issue.record("conformance.json is missing; run scripts/generate_conformance_fixtures.py")
            return []
        }
        return list.map { v in
            let tensors = v["tensors"] as? [[String: Any]] ?? []
            return Vector(format: v["format"] as? String ?? "", name: v["name"] as? String ?? "",
                          source: v["source"] as? String ?? "", raw: [UInt8](Data(hex: v["hex"] as? String ?? "")),
                          accepted: v["accepted"] as? Bool ?? false, deviation: v["deviation"] as? String,
                          expected: tensors.map { t in
                              ["name": t["name"] as? String ?? "", "dtype": t["dtype"] as? String ?? "", "hex": t["hex"] as? String ?? ""]
                          },
                          shapes: tensors.map { $0["shape"] as? [Int] ?? [] },
                          strings: tensors.map { $0["strings"] as? [String] })
        }
    }()

    static func read(_ v: Vector) throws -> [NamedTensor] {
        switch v.format {
        case "npy": return [NamedTensor(name: "array", tensor: try NPY.decode(v.bytes))]
        case "npz": return try NPZ.decode(v.bytes)
        case "safetensors": return try Safetensors.decode(v.bytes).tensors
        default: return [NamedTensor(name: "tensor", tensor: try TensorProtoFile.decode(v.bytes))]
        }
    }

    @Test(arguments: vectors)
    func matchesTheReferenceReader(_ v: Vector) throws {
        let ours = Result { try Self.read(v) }
        guard v.accepted, v.deviation == nil else {
            if case .success = ours {
                Issue.record("\(v.source) \(v.name): the reference refuses it (or it is a stated deviation: \(v.deviation ?? "none")), but it was read")
            }
            return
        }
        let tensors = try ours.get()
        #expect(tensors.count == v.expected.count, "\(v.source)")
        let byName = Dictionary(tensors.map { ($0.name, $0.tensor) }, uniquingKeysWith: { a, _ in a })
        for (i, e) in v.expected.enumerated() {
            let name = e["name"] ?? ""
            let named = v.format == "npz" || v.format == "safetensors"
            let found: Tensor? = named ? byName[name] : tensors.first?.tensor
            let t = try #require(found, "tensor \(name)")
            #expect(t.dtype.name == e["dtype"], "\(v.name) \(name) dtype")
            #expect(t.shape.dimensions == v.shapes[i], "\(v.name) \(name) shape")
            if let strings = v.strings[i] {
                let ours = try t.strings().map { hexString($0) }
                #expect(ours == strings, "\(v.name) \(name) strings")
            } else {
                let ours = try t.withUnsafeBytes { hexString($0) }
                #expect(ours == e["hex"], "\(v.name) \(name) bytes")
            }
        }
    }

    /// What TensorFlow writes for the narrow 2.21 dtypes, we write byte for byte.
    @Test func narrowDTypesEncodeLikeTensorFlow() throws {
        for v in Self.vectors where v.source.hasPrefix("tf.make_tensor_proto") {
            let t = try TensorProtoFile.decode(v.bytes)
            #expect(try TensorProtoFile.encode(t) == v.bytes, "\(v.name)")
        }
    }
}

extension Data {
    init(hex: String) {
        var bytes = [UInt8]()
        bytes.reserveCapacity(hex.count / 2)
        var index = hex.startIndex
        while index < hex.endIndex, let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex),
              let b = UInt8(hex[index..<next], radix: 16) {
            bytes.append(b)
            index = next
        }
        self.init(bytes)
    }
}

func hexString(_ bytes: some Sequence<UInt8>) -> String {
    bytes.map { String(format: "%02x", $0) }.joined()
}
