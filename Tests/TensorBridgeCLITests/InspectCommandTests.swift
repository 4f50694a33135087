import Foundation
import Testing
import TensorBridge
import TensorBridgeFormats
import TensorBridgeTestSupport

@Suite("tensorbridge inspect")
struct InspectCommandTests {
    @Test func versionIsPrinted() throws {
        let r = try CLI.run(["--version"])
        #expect(r.status == 0)
        #expect(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == TensorBridgeVersion.string)
    }

    @Test func aBareFileIsInspected() throws {
        try withTemporaryDirectory { dir in
            let url = dir.appendingPathComponent("a.npy")
            try NPY.save(try Tensor([1, 2, 3] as [Float], shape: [3]), to: url)
            let r = try CLI.run([url.path])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("a.npy (npy, 1 tensor)"))
            #expect(r.stdout.contains("a  float32  (3,)  12 B"))
        }
    }

    @Test func formatComesFromContentNotExtension() throws {
        try withTemporaryDirectory { dir in
            let misnamed = dir.appendingPathComponent("model.safetensors")
            try NPY.save(try Tensor([1, 2] as [Int32], shape: [2]), to: misnamed)
            let r = try CLI.run(["inspect", misnamed.path])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("(npy, 1 tensor)"))
            #expect(r.stdout.contains("the content is .npy although the extension says .safetensors"))
            let bare = dir.appendingPathComponent("weights")
            try Safetensors.save([NamedTensor(name: "w", tensor: try Tensor([1] as [Float], shape: [1]))], to: bare)
            #expect(try CLI.run(["inspect", bare.path]).stdout.contains("(safetensors, 1 tensor)"))
            let empty = try CLI.run(["inspect", dir.appendingPathComponent("nothing").path])
            #expect(empty.status == 1)
            let directory = try CLI.run(["inspect", dir.path])
            #expect(directory.status == 1)
            #expect(directory.stderr.contains("is a directory without model.safetensors.index.json"))
        }
    }

    /// Header-only by default: statistics are null until --stats, and then exact for integers.
    @Test func statisticsAreOptInAndExact() throws {
        try withTemporaryDirectory { dir in
            let url = dir.appendingPathComponent("big.npy")
            try NPY.save(try Tensor([Int64(1) << 62 + 1, -5], shape: [2]), to: url)
            let plain = try CLI.run(["inspect", "--json", url.path])
            #expect(plain.stdout.contains(#""min":null,"max":null,"mean":null"#))
            let stats = try CLI.run(["inspect", "--json", "--stats", url.path])
            #expect(stats.stdout.contains(#""min":-5,"max":4611686018427387905"#), "\(stats.stdout)")
            let floats = dir.appendingPathComponent("f.npy")
            try NPY.save(try Tensor([1, .infinity] as [Double], shape: [2]), to: floats)
            #expect(try CLI.run(["inspect", "--json", "--stats", floats.path]).stdout.contains(#""min":1.0,"max":"inf","mean":"inf""#))
        }
    }

    @Test func safetensorsMetadataIsShown() throws {
        try withTemporaryDirectory { dir in
            let url = dir.appendingPathComponent("m.safetensors")
            try Safetensors.save([NamedTensor(name: "w", tensor: try Tensor([1] as [Float], shape: [1]))],
                                 metadata: ["format": "pt", "note": "x"], to: url)
            let text = try CLI.run(["inspect", url.path])
            #expect(text.stdout.contains("metadata:\n  format: pt\n  note: x"))
            let json = try CLI.run(["inspect", "--json", url.path])
            #expect(json.stdout.contains(#""metadata":{"format":"pt","note":"x"}"#))
        }
    }

    @Test func shardedIndexIsInspected() throws {
        try withTemporaryDirectory { dir in
            let tensors = try (0..<3).map { NamedTensor(name: "t\($0)", tensor: try Tensor([Float($0)], shape: [1])) }
            try Safetensors.saveSharded(tensors, to: dir, maxShardBytes: 4)
            let index = dir.appendingPathComponent("model.safetensors.index.json")
            for target in [index.path, dir.path] {
                let r = try CLI.run(["inspect", target])
                #expect(r.status == 0, "\(r.stderr)")
                #expect(r.stdout.contains("(safetensors-index, 3 tensors)"))
                #expect(r.stdout.contains("total_size: 12"))
            }
        }
    }
}
