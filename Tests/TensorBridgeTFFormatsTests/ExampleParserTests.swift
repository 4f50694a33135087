import Foundation
import Testing
import TensorBridge
@testable import TensorBridgeTFFormats

/// Examples and SequenceExamples parsed like `tf.io.parse_example` /
/// `tf.io.parse_sequence_example` parsed them in scripts/generate_tf_fixtures.py.
@Suite struct ExampleParserTests {
    /// The spec the generator passed to `tf.io.parse_example`.
    static let spec: [String: FeatureSpec] = [
        "id": .fixedLen(shape: [], type: .int64),
        "score": .fixedLen(shape: [2], type: .float32),
        "name": .fixedLen(shape: [], type: .bytes),
        "opt": .fixedLen(shape: [2], type: .int64, defaultValue: .int64([7, 8])),
        "tokens": .varLen(.int64),
        "weights": .varLen(.float32),
        "tags": .varLen(.bytes),
    ]

    static var records: [[UInt8]] {
        let files = TFFixtures.section("tfrecord")["files"] as? [String: [String: Any]] ?? [:]
        return (files["examples.tfrecord"]?["records"] as? [String] ?? []).map(Hex.decode)
    }

    static func check(_ parsed: ParsedFeatures, sourceLocation: SourceLocation = #_sourceLocation) {
        let expected = TFFixtures.section("tfrecord")["parsed"] as? [String: [String: [String: Any]]] ?? [:]
        #expect(expected.count == 7, sourceLocation: sourceLocation)
        for (key, parts) in expected {
            if let d = parts["dense"] {
                guard let t = parsed.dense[key] else { Issue.record("no dense \(key)", sourceLocation: sourceLocation); continue }
                ExpectedTensor(name: key, json: d).check(t, sourceLocation: sourceLocation)
            } else {
                guard let s = parsed.sparse[key] else { Issue.record("no sparse \(key)", sourceLocation: sourceLocation); continue }
                ExpectedTensor(name: "\(key)/indices", json: parts["indices"] ?? [:]).check(s.indices, sourceLocation: sourceLocation)
                ExpectedTensor(name: "\(key)/values", json: parts["values"] ?? [:]).check(s.values, sourceLocation: sourceLocation)
                ExpectedTensor(name: "\(key)/dense_shape", json: parts["dense_shape"] ?? [:]).check(s.denseShape, sourceLocation: sourceLocation)
            }
        }
    }

    @Test func parsesLikeTensorFlow() throws {
        #expect(Self.records.count == 5)
        Self.check(try ExampleParser.parse(Self.records, features: Self.spec))
    }

    @Test func examplesBuiltInSwiftParseTheSame() throws {
        let rebuilt = try Self.records.map { try Example(serializedBytes: $0).serializedBytes() }
        Self.check(try ExampleParser.parse(rebuilt, features: Self.spec))
        #expect(try Example(serializedBytes: rebuilt[1]) == Example(serializedBytes: Self.records[1]))
    }

    @Test func sparseFeaturesConvertToDense() throws {
        let parsed = try ExampleParser.parse(Self.records, features: Self.spec)
        let tokens = try #require(parsed.sparse["tokens"])
        let dense = try tokens.sparseTensor().toDense()
        #expect(dense.shape.dimensions == [5, 4])
        #expect(try dense.scalars(as: Int64.self).suffix(4) == [0, 1, 2, 3])
    }

    @Test func sequenceExamples() throws {
        let seq = TFFixtures.section("tfrecord")["sequence"] as? [String: Any] ?? [:]
        let records = (TFFixtures.section("tfrecord")["sequence_records"] as? [String] ?? []).map(Hex.decode)
        #expect(records.count == 3)
        #expect(try TFRecordReader(path: TFFixtures.path("tfrecord/sequences.tfrecord")).readAll() == records)
        let parsed = try ExampleParser.parseSequences(
            records, context: ["length": .fixedLen(shape: [], type: .int64)],
            sequence: ["frames": .fixedLenSequence(shape: [2], type: .float32), "words": .varLen(.bytes)])
        let context = seq["context"] as? [String: [String: Any]] ?? [:]
        ExpectedTensor(name: "length", json: context["length"] ?? [:]).check(try #require(parsed.context.dense["length"]))
        ExpectedTensor(name: "frames", json: seq["frames"] as? [String: Any] ?? [:]).check(try #require(parsed.dense["frames"]))
        ExpectedTensor(name: "frames_length", json: seq["frames_length"] as? [String: Any] ?? [:]).check(try #require(parsed.lengths["frames"]))
        let words = seq["words"] as? [String: [String: Any]] ?? [:]
        let sparse = try #require(parsed.sparse["words"])
        ExpectedTensor(name: "words/indices", json: words["indices"] ?? [:]).check(sparse.indices)
        ExpectedTensor(name: "words/values", json: words["values"] ?? [:]).check(sparse.values)
        ExpectedTensor(name: "words/dense_shape", json: words["dense_shape"] ?? [:]).check(sparse.denseShape)
    }

    @Test func missingRequiredFeature() throws {
        let error = try #require(throws: TensorBridgeError.self) {
            try ExampleParser.parse(Self.records, features: ["opt": .fixedLen(shape: [2], type: .int64)])
        }
        #expect(error.message.contains("Feature: opt (data type: int64) is required but could not be found"))
        #expect(error.message.contains("record 3"))
    }

    @Test func wrongCountAndWrongType() throws {
        let count = try #require(throws: TensorBridgeError.self) {
            try ExampleParser.parse(Self.records, features: ["score": .fixedLen(shape: [3], type: .float32)])
        }
        #expect(count.message.contains("Key: score, Index: 0.  Number of float values != expected.  Values size: 2 but output shape: [3]"))
        let type = try #require(throws: TensorBridgeError.self) {
            try ExampleParser.parse(Self.records, features: ["score": .varLen(.int64)])
        }
        #expect(type.message.contains("Data types don't match. Data type: float but expected type: int64"))
        let badDefault = try #require(throws: TensorBridgeError.self) {
            try ExampleParser.parse(Self.records, features: ["opt": .fixedLen(shape: [2], type: .int64, defaultValue: .int64([1]))])
        }
        #expect(badDefault.code == .invalidArgument)
    }

    @Test func malformedBytes() throws {
        var bad = Self.records[0]
        bad.removeLast(3)
        let error = try #require(throws: TensorBridgeError.self) { try ExampleParser.parse([bad], features: Self.spec) }
        #expect(error.code == .invalidFormat)
        #expect(throws: TensorBridgeError.self) { try ExampleParser.parse([[0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]], features: Self.spec) }
        #expect(throws: TensorBridgeError.self) { try Example(serializedBytes: [0x0a, 0x05, 0x01]) }
    }
}
