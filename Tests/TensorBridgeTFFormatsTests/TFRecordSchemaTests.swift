import Foundation
import Testing
import TensorBridge
@testable import TensorBridgeTFFormats

/// The schema inferred from a TFRecord file, checked against TensorFlow: parsing the file with
/// the inferred spec gives what `tf.io.parse_example` gave with the same spec
/// (cli_convert.json, from scripts/generate_tf_fixtures.py).
@Suite struct TFRecordSchemaTests {
    static var expected: [String: [String: Any]] {
        guard let data = try? Data(contentsOf: TFFixtures.root.appendingPathComponent("cli_convert.json")),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            Issue.record("cli_convert.json is missing; run scripts/generate_tf_fixtures.py --cli-only")
            return [:]
        }
        return json["tensors"] as? [String: [String: Any]] ?? [:]
    }

    @Test(arguments: ["examples.tfrecord", "examples.tfrecord.gz", "examples.tfrecord.zz"])
    func inferredSpecParsesLikeTensorFlow(_ file: String) throws {
        let schema = try TFRecordSchema(path: TFFixtures.path("tfrecord/" + file))
        #expect(schema.records == 5 && schema.examples == 5)
        #expect(schema.compression == TFRecordCompression(guessingFrom: file))
        #expect(schema.features.map(\.name) == ["id", "name", "opt", "score", "tags", "tokens", "weights"])
        let opt = try #require(schema.features.first { $0.name == "opt" })
        #expect(opt.present == 4 && !opt.isFixed(records: 5), "opt is missing from record 3")
        let expected = Self.expected
        #expect(expected.count == 15)
        let parsed = try ExampleParser.parse(TFRecordReader(path: TFFixtures.path("tfrecord/" + file)).readAll(), features: schema.specs)
        for (name, json) in expected {
            let parts = name.split(separator: "/").map(String.init)
            let tensor: Tensor?
            if parts.count == 1 {
                tensor = parsed.dense[name]
            } else {
                let sparse = parsed.sparse[parts[0]]
                tensor = parts[1] == "indices" ? sparse?.indices : parts[1] == "values" ? sparse?.values : sparse?.denseShape
            }
            guard let tensor else {
                Issue.record("\(name) not parsed")
                continue
            }
            ExpectedTensor(name: name, json: json).check(tensor)
        }
    }

    @Test func aFeatureChangingKindIsAnError() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tb-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("mixed.tfrecord").path
        var writer = try TFRecordWriter(path: path)
        try writer.write(Example(features: ["x": .int64([1])]).serializedBytes())
        try writer.write([0xff])  // not an Example: counted, left out of the schema
        try writer.write(Example(features: ["x": .float32([1])]).serializedBytes())
        try writer.finish()
        let error = try #require(throws: TensorBridgeError.self) { try TFRecordSchema(path: path) }
        #expect(error.code == .invalidFormat)
        #expect(error.message.contains("feature 'x' is int64 in one record and float in record 2"))
        #expect(error.recordNumber == 2)
    }
}
