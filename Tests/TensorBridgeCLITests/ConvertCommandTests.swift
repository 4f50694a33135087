import Foundation
import Testing
import TensorBridge
import TensorBridgeFormats
import TensorBridgeTestSupport

@Suite("tensorbridge convert")
struct ConvertCommandTests {
    @Test func safetensorsMetadataIsKeptOrTheConversionRefused() throws {
        try withTemporaryDirectory { dir in
            let input = dir.appendingPathComponent("in.safetensors")
            try Safetensors.save([NamedTensor(name: "w", tensor: try Tensor([1, 2] as [Float], shape: [2]))],
                                 metadata: ["format": "pt"], to: input)
            let out = dir.appendingPathComponent("out.safetensors")
            #expect(try CLI.run(["convert", input.path, out.path]).status == 0)
            #expect(try Safetensors.load(out).metadata == ["format": "pt"])
            let npy = dir.appendingPathComponent("w.npy")
            let refused = try CLI.run(["convert", input.path, npy.path])
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("--drop-metadata"))
            #expect(!FileManager.default.fileExists(atPath: npy.path), "refused before writing")
            #expect(try CLI.run(["convert", "--drop-metadata", input.path, npy.path]).status == 0)
        }
    }

    @Test func bfloat16ToNpyWarnsAndReadsBackWithVoidAs() throws {
        try withTemporaryDirectory { dir in
            let input = dir.appendingPathComponent("b.safetensors")
            try Safetensors.save([NamedTensor(name: "b", tensor: try Tensor.zeros(shape: [2], dtype: .bfloat16))], to: input)
            let npy = dir.appendingPathComponent("b.npy")
            let r = try CLI.run(["convert", input.path, npy.path])
            #expect(r.status == 0)
            #expect(r.stderr.contains("warning: .npy cannot name bfloat16"))
            let plain = try CLI.run(["inspect", npy.path])
            #expect(plain.status == 1)
            #expect(plain.stderr.contains("--void-as"))
            let typed = try CLI.run(["inspect", "--void-as", "bfloat16", npy.path])
            #expect(typed.stdout.contains("b  bfloat16  (2,)  4 B"))
        }
    }

    @Test func npzCompressionFollowsTheInputOrTheFlag() throws {
        try withTemporaryDirectory { dir in
            let t = [NamedTensor(name: "z", tensor: try Tensor.zeros(shape: [1000]))]
            let deflated = dir.appendingPathComponent("d.npz")
            try NPZ.save(t, to: deflated, compressed: true)
            let kept = dir.appendingPathComponent("kept.npz"), stored = dir.appendingPathComponent("stored.npz")
            #expect(try CLI.run(["convert", deflated.path, kept.path]).status == 0)
            #expect(try NPZ.isCompressed(kept))
            #expect(try CLI.run(["convert", "--no-compress", deflated.path, stored.path]).status == 0)
            #expect(try !NPZ.isCompressed(stored))
            let fromSafetensors = dir.appendingPathComponent("c.npz")
            let st = dir.appendingPathComponent("z.safetensors")
            try Safetensors.save(t, to: st)
            #expect(try CLI.run(["convert", "--compress", st.path, fromSafetensors.path]).status == 0)
            #expect(try NPZ.isCompressed(fromSafetensors))
        }
    }

    @Test func manyToOneNeedsAName() throws {
        try withTemporaryDirectory { dir in
            let input = dir.appendingPathComponent("two.npz")
            try NPZ.save(try [NamedTensor(name: "a", tensor: Tensor([1] as [Float], shape: [1])),
                              NamedTensor(name: "b", tensor: Tensor([2] as [Float], shape: [1]))], to: input)
            let r = try CLI.run(["convert", input.path, dir.appendingPathComponent("x.pb").path])
            #expect(r.status == 1)
            #expect(r.stderr.contains("pick one with --name (names: a, b)"))
            #expect(try CLI.run(["convert", "--name", "b", input.path, dir.appendingPathComponent("x.pb").path]).status == 0)
        }
    }
}
