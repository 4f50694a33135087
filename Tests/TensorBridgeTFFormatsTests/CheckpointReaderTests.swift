import Foundation
import Testing
import TensorBridge
@testable import TensorBridgeTFFormats

/// Checkpoints written by TensorFlow 2.21 read back with the values `tf.train.load_checkpoint`
/// gives (scripts/generate_tf_fixtures.py).
@Suite struct CheckpointReaderTests {
    func expectAllTensors(_ section: String, reader: CheckpointReader) throws {
        let expected = TFFixtures.section(section)["tensors"] as? [String: [String: Any]] ?? [:]
        #expect(!expected.isEmpty, "manifest has no tensors for \(section)")
        #expect(Set(reader.keys) == Set(expected.keys))
        for (key, json) in expected where key != CheckpointReader.objectGraphKey {
            ExpectedTensor(name: key, json: json).check(try reader.tensor(named: key))
        }
    }

    @Test func everyDTypeAndStringsAcrossTwoShards() throws {
        let reader = try CheckpointReader(path: TFFixtures.path("dtypes/all"))
        #expect(reader.shardCount == 2)
        try expectAllTensors("dtypes", reader: reader)
        #expect(reader.variable(named: "string")?.dtype == .string)
    }

    @Test func prefixIndexFileAndDirectoryAllOpen() throws {
        let latest = TFFixtures.section("keras")["latest"] as? String ?? "?"
        let fromDirectory = try CheckpointReader(path: TFFixtures.path("keras"))
        #expect(fromDirectory.prefix.hasSuffix("/keras/" + latest))
        let fromIndex = try CheckpointReader(path: TFFixtures.path("keras/\(latest).index"))
        #expect(fromIndex.prefix == fromDirectory.prefix)
        let earlier = try CheckpointReader(path: TFFixtures.path("keras/ckpt-1"))
        #expect(earlier.prefix.hasSuffix("ckpt-1"))
    }

    @Test func kerasCheckpointThroughTheObjectGraph() throws {
        let reader = try CheckpointReader(path: TFFixtures.path("keras"))
        #expect(reader.hasObjectGraph)
        try expectAllTensors("keras", reader: reader)
        // Readable names are the variables' own names that TensorFlow's object graph records.
        let graph = TFFixtures.section("keras")["object_graph"] as? [[String: String]] ?? []
        #expect(!graph.isEmpty)
        for attr in graph {
            let key = attr["checkpoint_key"] ?? "?"
            #expect(reader.variables.first { $0.key == key }?.name == attr["full_name"], "name of \(key)")
        }
        // And by those names the values are the Keras model's weights.
        let weights = TFFixtures.section("keras")["variables"] as? [[String: String]] ?? []
        #expect(weights.count == 4)
        for w in weights {
            let t = try reader.tensor(named: w["path"] ?? "?")
            #expect(try t.withUnsafeBytes { Hex.encode($0) } == w["hex"], "weight \(w["path"] ?? "?")")
        }
        // The raw key still works, and the object graph itself is readable as a string scalar.
        #expect(try reader.tensor(named: "optimizer/_trainable_variables/0/.ATTRIBUTES/VARIABLE_VALUE").shape.dimensions == [4, 3])
        #expect(try reader.tensor(named: CheckpointReader.objectGraphKey).dtype == .string)
    }

    @Test func tf1SaverWithAPartitionedVariable() throws {
        let reader = try CheckpointReader(path: TFFixtures.path("tf1"))
        #expect(!reader.hasObjectGraph)
        try expectAllTensors("tf1", reader: reader)
        let part = try #require(reader.variable(named: "layer/part"))
        #expect(part.isPartitioned)
        #expect(part.shape == [7, 3])
        #expect(reader.variables.map(\.name) == ["global_step", "layer/bias", "layer/part"])
    }

    @Test func savedModelVariables() throws {
        let reader = try CheckpointReader(path: TFFixtures.path("savedmodel"))
        try expectAllTensors("savedmodel", reader: reader)
        #expect(Set(reader.variables.map(\.name)) == ["scale", "offset"])
    }

    @Test func alignedTensorsShareTheMappingAndOthersAreCopied() throws {
        let reader = try CheckpointReader(path: TFFixtures.path("dtypes/all"))
        var shared = 0, copied = 0
        for variable in reader.variables where variable.dtype != .string && variable.dtype != .bool {
            guard let value = reader.table.value(for: Array(variable.key.utf8)) else { continue }
            let entry = try CheckpointReader.parseEntry(value, key: variable.key, file: "index")
            guard entry.slices.isEmpty, entry.size > 0 else { continue }
            let inFile = try reader.shard(Int(entry.shardID)).slice(Int(entry.offset), Int(entry.size), what: variable.key)
            let address = try #require(inFile.baseAddress)
            // Watched weakly, not through the process-wide TensorBuffer.liveCount, which
            // parallel suites move.
            weak var storage: TensorBuffer?
            do {
                let tensor = try reader.tensor(named: variable.key)
                let buffer = try #require(tensor.buffer)
                if Int(bitPattern: address) % variable.dtype.elementAlignment == 0 {
                    #expect(UnsafeRawPointer(buffer.baseAddress) == address, "\(variable.name) is aligned in the shard but was copied")
                    shared += 1
                } else {
                    #expect(UnsafeRawPointer(buffer.baseAddress) != address)
                    copied += 1
                }
                storage = buffer
            }
            #expect(storage == nil, "\(variable.name)'s buffer outlived its tensor")
        }
        #expect(shared + copied > 0)
    }
}
