import Foundation
import Testing
@testable import TensorBridgeFormats

/// safetensors against files written by safetensors 0.8.0 (safetensors.numpy).
@Suite struct SafetensorsTests {
    static func expected(_ key: String) -> [ExpectedTensor] {
        (Fixtures.section("safetensors")[key] as? [[String: Any]] ?? []).map { ExpectedTensor($0) }
    }

    @Test(arguments: ["all.safetensors", "all_nometa.safetensors", "nometa.safetensors", "float8.safetensors"], [false, true])
    func readsReferenceFiles(_ name: String, mmap: Bool) throws {
        let file = try Safetensors.load(Fixtures.url("safetensors/" + name), mmap: mmap)
        let expected = Self.expected(name)
        #expect(!expected.isEmpty)
        #expect(Set(file.names) == Set(expected.map(\.name)))
        for e in expected {
            guard let t = file[e.name] else { Issue.record("missing \(e.name)"); continue }
            e.check(t)
        }
        if name == "all.safetensors" {
            #expect(file.metadata == Fixtures.section("safetensors")["all.safetensors.metadata"] as? [String: String])
        }
    }

    /// Our writer produces the reference's bytes exactly (no metadata: its order is unfixed).
    @Test(arguments: ["all_nometa.safetensors", "nometa.safetensors", "float8.safetensors"])
    func writesExactlyWhatTheReferenceWrites(_ name: String) throws {
        let tensors = try Self.expected(name).map { NamedTensor(name: $0.name, tensor: try $0.tensor()) }
        #expect(try Safetensors.encode(tensors) == Data(contentsOf: Fixtures.url("safetensors/" + name)))
    }

    @Test func shardedCheckpoint() throws {
        let file = try Safetensors.loadSharded(index: Fixtures.url("safetensors/sharded/model.safetensors.index.json"))
        let expected = Self.expected("sharded")
        #expect(file.names == expected.map(\.name).sorted())
        for e in expected { if let t = file[e.name] { e.check(t) } else { Issue.record("missing \(e.name)") } }
        #expect(file.metadata["total_size"] == "26")

        let dir = try temporaryDirectory()
        try Safetensors.saveSharded(file.tensors, to: dir, maxShardBytes: 20)
        let again = try Safetensors.loadSharded(index: dir.appendingPathComponent("model.safetensors.index.json"), mmap: true)
        #expect(again.names == file.names)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".safetensors") }.count == 3)
        for e in expected { if let t = again[e.name] { e.check(t) } }
    }

    @Test func mmapSharesTheFile() throws {
        let dir = try temporaryDirectory()
        let url = dir.appendingPathComponent("m.safetensors")
        try Safetensors.save([NamedTensor(name: "x", tensor: try Tensor((0..<64).map(Float.init), shape: [8, 8]))], to: url)
        let file = try Safetensors.load(url, mmap: true)
        try FileManager.default.removeItem(at: dir)
        #expect(try file["x"]?.scalars(as: Float.self) == (0..<64).map(Float.init))
    }

    /// safetensors.numpy loads every dtype we write with the same values.
    @Test func referenceLoadsOurFiles() throws {
        let dir = try temporaryDirectory()
        let expected = Self.expected("all.safetensors")
        let tensors = try expected.map { NamedTensor(name: $0.name, tensor: try $0.tensor()) }
        try Safetensors.save(tensors, metadata: ["a": "b", "quote\"": "é"], to: dir.appendingPathComponent("ours.safetensors"))
        let script = """
        from safetensors.numpy import load_file
        from safetensors import safe_open
        p = os.path.join(sys.argv[1], 'ours.safetensors')
        with safe_open(p, framework='numpy') as f: meta = f.metadata()
        print(json.dumps({'meta': meta, 'tensors': {k: rec(v) for k, v in load_file(p).items()}}))
        """
        guard let json = ReferencePython.json(script, [dir.path]) as? [String: Any] else { return }
        #expect(json["meta"] as? [String: String] == ["a": "b", "quote\"": "é"])
        let got = json["tensors"] as? [String: [String: Any]] ?? [:]
        #expect(got.count == expected.count)
        for e in expected {
            #expect(got[e.name]?["dtype"] as? String == e.dtype, "\(e.name)")
            #expect(got[e.name]?["shape"] as? [Int] == e.shape, "\(e.name)")
            #expect(got[e.name]?["hex"] as? String == e.hex, "\(e.name)")
        }
    }

    @Test func refusesWhatItCannotWrite() throws {
        let c = try Tensor([Complex128(1, 2)], shape: [1])
        #expect(throws: TensorBridgeError.self) { try Safetensors.encode([NamedTensor(name: "c", tensor: c)]) }
        let s = try Tensor(strings: ["a"])
        #expect(throws: TensorBridgeError.self) { try Safetensors.encode([NamedTensor(name: "s", tensor: s)]) }
        let f = try Tensor([Float(1)], shape: [1])
        #expect(throws: TensorBridgeError.self) { try Safetensors.encode([NamedTensor(name: "x", tensor: f), NamedTensor(name: "x", tensor: f)]) }
    }
}
