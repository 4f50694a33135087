import Foundation
import Testing
import TensorBridge
import TensorBridgeFormats
import TensorBridgeTestSupport

/// `tensorbridge convert` from TensorFlow's own files, read back with TensorBridgeFormats and
/// compared with what TensorFlow itself read from the same fixtures.
@Suite("tensorbridge convert TensorFlow files")
struct ConvertTensorFlowCommandTests {
    /// Runs `convert input dir/out.EXT`, expects success, and reads the file back.
    static func convert(_ input: String, to ext: String, in dir: URL, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Tensor] {
        let out = dir.appendingPathComponent("out.\(ext)")
        let r = try CLI.run(["convert", input, out.path])
        #expect(r.status == 0, "\(r.stderr)", sourceLocation: sourceLocation)
        let tensors = ext == "npz" ? try NPZ.load(out) : try Safetensors.load(out).tensors
        return Dictionary(tensors.map { ($0.name, $0.tensor) }, uniquingKeysWith: { a, _ in a })
    }

    /// Exactly the expected names, each with its dtype, shape and bytes.
    static func checkAll(_ got: [String: Tensor], _ expected: [String: [String: Any]], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(Set(got.keys) == Set(expected.keys), sourceLocation: sourceLocation)
        for (name, e) in expected {
            guard let t = got[name] else { continue }
            TFFileFixtures.check(t, e, name, sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: ["safetensors", "npz"])
    func tf1CheckpointKeepsNamesDTypesAndValues(_ ext: String) throws {
        let expected = TFFileFixtures.section("tf1")["tensors"] as? [String: [String: Any]] ?? [:]
        #expect(expected.count == 3, "manifest lists the TF1 checkpoint's variables")
        try withTemporaryDirectory { dir in
            Self.checkAll(try Self.convert(TFFileFixtures.path("tf1/model.ckpt"), to: ext, in: dir), expected)
        }
    }

    @Test(arguments: ["safetensors", "npz"])
    func kerasCheckpointUsesObjectGraphNames(_ ext: String) throws {
        let keras = TFFileFixtures.section("keras")
        let graph = keras["object_graph"] as? [[String: Any]] ?? []
        let raw = keras["tensors"] as? [String: [String: Any]] ?? [:]
        #expect(!graph.isEmpty && !raw.isEmpty, "manifest lists the Keras checkpoint")
        try withTemporaryDirectory { dir in
            let got = try Self.convert(TFFileFixtures.path("keras"), to: ext, in: dir)
            #expect(got.count == graph.count, "one tensor per variable of the object graph")
            for entry in graph {
                guard let key = entry["checkpoint_key"] as? String, let name = entry["full_name"] as? String,
                      let e = raw[key] else { continue }
                guard let t = got[name] else {
                    Issue.record("\(name) (\(key)) missing from the converted file")
                    continue
                }
                TFFileFixtures.check(t, e, name)
            }
            // Keras' own view of the model weights agrees.
            for v in keras["variables"] as? [[String: Any]] ?? [] {
                guard let path = v["path"] as? String, let hex = v["hex"] as? String else { continue }
                let got = try got[path].map { try $0.withUnsafeBytes { TFFileFixtures.hex(Array($0)) } }
                #expect(got == hex, "\(path)")
            }
        }
    }

    @Test func tfrecordToNpzGivesDenseAndSparseFeatures() throws {
        let expected = TFFileFixtures.convertedRecords
        #expect(expected.count == 15, "3 dense features and 4 sparse ones of 3 parts")
        try withTemporaryDirectory { dir in
            Self.checkAll(try Self.convert(TFFileFixtures.path("tfrecord/examples.tfrecord"), to: "npz", in: dir), expected)
        }
    }

    @Test func corruptTFRecordFailsWithoutWriting() throws {
        try withTemporaryDirectory { dir in
            var bytes = try Data(contentsOf: URL(fileURLWithPath: TFFileFixtures.path("tfrecord/examples.tfrecord")))
            bytes[bytes.count / 2] ^= 0x40  // inside a record's data: its CRC no longer matches
            let input = dir.appendingPathComponent("bad.tfrecord")
            try bytes.write(to: input)
            let out = dir.appendingPathComponent("out.npz")
            let convert = try CLI.run(["convert", input.path, out.path])
            #expect(convert.status != 0)
            #expect(convert.stderr.hasPrefix("tensorbridge: error: "), "\(convert.stderr)")
            #expect(convert.stderr.lowercased().contains("corrupt") || convert.stderr.contains("CRC"), "\(convert.stderr)")
            #expect(convert.stderr.contains("record"), "names the record: \(convert.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out.path), "no partial output")
            let inspect = try CLI.run(["inspect", input.path])
            #expect(inspect.status != 0)
            #expect(inspect.stderr.hasPrefix("tensorbridge: error: "), "\(inspect.stderr)")
        }
    }

    @Test func missingCheckpointFailsWithoutWriting() throws {
        try withTemporaryDirectory { dir in
            let out = dir.appendingPathComponent("out.safetensors")
            let missing = try CLI.run(["convert", dir.appendingPathComponent("model.ckpt.index").path, out.path])
            #expect(missing.status != 0)
            #expect(missing.stderr.hasPrefix("tensorbridge: error: "), "\(missing.stderr)")
            #expect(missing.stderr.contains("model.ckpt"), "names the file: \(missing.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out.path), "no partial output")

            // The index is there but its data shard is not.
            let index = dir.appendingPathComponent("model.ckpt.index")
            try FileManager.default.copyItem(at: URL(fileURLWithPath: TFFileFixtures.path("tf1/model.ckpt.index")), to: index)
            let noShard = try CLI.run(["convert", index.path, out.path])
            #expect(noShard.status != 0)
            #expect(noShard.stderr.contains("data-00000-of-00001"), "names the missing shard: \(noShard.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out.path), "no partial output")
        }
    }
}
