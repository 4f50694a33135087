import Foundation
import Testing
@testable import TensorBridgeFormats

/// `.npz` against np.savez / np.savez_compressed (NumPy 2.4.6, ZIP64 local headers).
@Suite struct NPZTests {
    static func expected(_ name: String) -> [ExpectedTensor] {
        (Fixtures.section("npz")[name] as? [[String: Any]] ?? []).map { ExpectedTensor($0) }
    }

    @Test(arguments: ["stored.npz", "deflated.npz", "positional.npz"])
    func readsNumPyArchives(_ name: String) throws {
        let tensors = try NPZ.load(Fixtures.url("npz/" + name))
        let expected = Self.expected(name)
        #expect(tensors.map(\.name) == expected.map(\.name))
        for (t, e) in zip(tensors, expected) { e.check(t.tensor) }
    }

    /// np.load reads our stored and deflated archives with the same names and values.
    @Test(arguments: [false, true])
    func numpyLoadsOurArchives(compressed: Bool) throws {
        let dir = try temporaryDirectory()
        let expected = Self.expected("stored.npz")
        try NPZ.save(try expected.map { NamedTensor(name: $0.name, tensor: try $0.tensor()) },
                     to: dir.appendingPathComponent("ours.npz"), compressed: compressed)
        let script = """
        with np.load(os.path.join(sys.argv[1], 'ours.npz')) as z:
            print(json.dumps([dict(rec(z[k]), name=k) for k in z.files]))
        """
        guard let json = ReferencePython.json(script, [dir.path]) as? [[String: Any]] else { return }
        #expect(json.map { $0["name"] as? String ?? "" } == expected.map(\.name))
        for (got, e) in zip(json, expected) {
            #expect(got["hex"] as? String == e.hex, "\(e.name)")
            #expect(got["shape"] as? [Int] == e.shape, "\(e.name)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["ours.npz"])
    }

    @Test func refusesDamagedArchives() throws {
        let dir = try temporaryDirectory()
        let url = dir.appendingPathComponent("bad.npz")
        var bytes = try Data(contentsOf: Fixtures.url("npz/deflated.npz"))
        try bytes.prefix(bytes.count / 2).write(to: url)
        #expect(throws: TensorBridgeError.self) { try NPZ.load(url) }
        try Data("PK\u{3}\u{4}garbage".utf8).write(to: url)
        #expect(throws: TensorBridgeError.self) { try NPZ.load(url) }
        // Flip bytes inside the first member's deflated data: CRC or inflate failure.
        for i in 120..<140 { bytes[i] ^= 0x5A }
        try bytes.write(to: url)
        #expect(throws: TensorBridgeError.self) { try NPZ.load(url) }
    }

    /// A member that inflates to far more than its compressed size allows is refused before
    /// anything is allocated, and the total-size limit is enforced.
    @Test func refusesZipBombs() throws {
        let dir = try temporaryDirectory()
        let url = dir.appendingPathComponent("bomb.npz")
        // 64 MiB of zeros deflates to about 64 KiB: fine with the default limits...
        try NPZ.save([NamedTensor(name: "z", tensor: try Tensor.zeros(shape: [16 << 20], dtype: .float32))], to: url, compressed: true)
        #expect(try NPZ.load(url).count == 1)
        // ...but not under a ratio or total the caller sets lower.
        #expect(throws: TensorBridgeError.self) { try NPZ.load(url, limits: .init(maxTotalBytes: 64 << 30, maxCompressionRatio: 100)) }
        #expect(throws: TensorBridgeError.self) { try NPZ.load(url, limits: .init(maxTotalBytes: 1 << 20, maxCompressionRatio: 1100)) }
    }
}

/// The CRC-32 of the stored-archive writer, on the check value every CRC catalogue lists.
@Suite struct CRC32Tests {
    @Test func checkValue() {
        var crc = CRC32()
        Array("123456789".utf8).withUnsafeBytes { crc.update($0) }
        #expect(crc.value == 0xCBF4_3926)
        var split = CRC32()
        let long = [UInt8](repeating: 0xA5, count: 1000) + Array("123456789".utf8)
        long.withUnsafeBytes { split.update(UnsafeRawBufferPointer(rebasing: $0[0..<501])); split.update(UnsafeRawBufferPointer(rebasing: $0[501...])) }
        var whole = CRC32()
        long.withUnsafeBytes { whole.update($0) }
        #expect(split.value == whole.value)
    }
}
