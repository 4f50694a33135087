import Foundation
import Testing
@testable import TensorBridgeFormats

/// `.npy` against files written by NumPy 2.4.6 (scripts/generate_format_fixtures.py).
@Suite struct NPYTests {
    static let names: [String] = Fixtures.section("npy").keys.sorted()

    @Test(arguments: names)
    func readsNumPyFile(_ name: String) throws {
        let expected = ExpectedTensor(Fixtures.section("npy")[name] as? [String: Any] ?? [:], name: name)
        let voidAs = expected.voidAs.flatMap { DType(name: $0) }
        expected.check(try NPY.load(Fixtures.url("npy/" + name), voidAs: voidAs))
        expected.check(try NPY.load(Fixtures.url("npy/" + name), mmap: true, voidAs: voidAs))
        expected.check(try NPY.decode(Data(contentsOf: Fixtures.url("npy/" + name)), voidAs: voidAs))
    }

    /// For every C-order little-endian v1 fixture, our bytes equal np.save's bytes.
    @Test(arguments: names.filter { !$0.contains("_be") && !$0.contains("fortran") && !$0.contains("_v") && !$0.contains("unicode") })
    func writesExactlyWhatNumPyWrites(_ name: String) throws {
        let expected = ExpectedTensor(Fixtures.section("npy")[name] as? [String: Any] ?? [:], name: name)
        let original = try Data(contentsOf: Fixtures.url("npy/" + name))
        #expect(try NPY.encode(try expected.tensor()) == original, "\(name)")
    }

    @Test func voidItemsNeedADType() throws {
        #expect(throws: TensorBridgeError.self) { try NPY.load(Fixtures.url("npy/bfloat16.npy")) }
    }

    @Test func mmapSharesPagesAndOutlivesTheFile() throws {
        let dir = try temporaryDirectory()
        let url = dir.appendingPathComponent("m.npy")
        let original = try Tensor((0..<1000).map(Float.init), shape: [10, 100])
        try NPY.save(original, to: url)
        let mapped = try NPY.load(url, mmap: true)
        let address = Int(bitPattern: try mapped.hostBuffer().baseAddress)
        // The header is 128 bytes, so a shared buffer starts 128 bytes into a page.
        #expect(address % 4096 == 128)
        try FileManager.default.removeItem(at: dir)
        #expect(try mapped.scalars(as: Float.self) == (0..<1000).map(Float.init))
    }

    @Test func savesAtomicallyAndReplaces() throws {
        let dir = try temporaryDirectory()
        let url = dir.appendingPathComponent("a.npy")
        try NPY.save(try Tensor([1, 2, 3] as [Int32], shape: [3]), to: url)
        try NPY.save(try Tensor([4, 5] as [Int32], shape: [2]), to: url)
        #expect(try NPY.load(url).scalars(as: Int32.self) == [4, 5])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["a.npy"])
    }

    @Test func failedSaveLeavesTheOldFileAndNoTemporary() throws {
        let dir = try temporaryDirectory()
        let url = dir.appendingPathComponent("keep.npy")
        try NPY.save(try Tensor([1] as [Int8], shape: [1]), to: url)
        struct Interrupted: Error {}
        #expect(throws: Interrupted.self) {
            try AtomicFile.replace(url) { file in
                try file.write([1, 2, 3], at: 0)
                throw Interrupted()
            }
        }
        #expect(try NPY.load(url).scalars(as: Int8.self) == [1])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["keep.npy"])
    }

    /// np.load reads back every dtype we write, with the same values.
    @Test func numpyLoadsOurFiles() throws {
        let dir = try temporaryDirectory()
        var expected: [String: ExpectedTensor] = [:]
        for name in Self.names where !name.contains("unicode") {
            let e = ExpectedTensor(Fixtures.section("npy")[name] as? [String: Any] ?? [:], name: name)
            try NPY.save(try e.tensor(), to: dir.appendingPathComponent(name))
            expected[name] = e
        }
        let script = """
        d = sys.argv[1]; out = {}
        for f in sorted(os.listdir(d)):
            a = np.load(os.path.join(d, f))
            if f.startswith('bfloat16'): a = a.view(ml_dtypes.bfloat16)
            if f.startswith('float8_e4m3fn'): a = a.view(ml_dtypes.float8_e4m3fn)
            out[f] = rec(a)
        print(json.dumps(out))
        """
        guard let json = ReferencePython.json(script, [dir.path]) as? [String: [String: Any]] else { return }
        #expect(json.count == expected.count)
        for (name, e) in expected {
            let got = json[name] ?? [:]
            #expect(got["dtype"] as? String == e.dtype, "\(name)")
            #expect(got["shape"] as? [Int] == e.shape, "\(name)")
            #expect(got["hex"] as? String == e.hex, "\(name)")
            #expect(got["strings"] as? [String] == e.strings, "\(name)")
        }
    }
}
