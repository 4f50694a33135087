import Foundation
import TensorBridge
import TensorBridgeFormats

extension BenchSuite {
    /// File formats (.npy, safetensors, TensorProto), each against NumPy / safetensors / TF
    /// doing the same work in the same run. Files go to the system temporary directory.
    /// Our saves are atomic (temporary file, then rename) and, by default, not synced, like
    /// `np.save`; the durable save (fsync of file and directory) is compared with `np.save`
    /// followed by `os.fsync`.
    static var formats: [BenchCase] {
        let gib = 1 << 30
        let count = gib / 4
        let dir = FileManager.default.temporaryDirectory.path
        let oursNPY = URL(fileURLWithPath: "\(dir)/tb-bench-ours.npy")
        let oursST = URL(fileURLWithPath: "\(dir)/tb-bench-ours.safetensors")
        let theirsNPY = "\(dir)/tb-bench-theirs.npy"
        let theirsST = "\(dir)/tb-bench-theirs.safetensors"
        let makeArray = "a = np.arange(\(count), dtype=np.float32)"
        // Float steps stop advancing past 2^24, so build the values by index rather than by range.
        let makeTensor: @Sendable () throws -> Tensor = { try Tensor((0..<count).map { Float($0) }, shape: [count]) }
        return [
            BenchCase(name: ".npy save", size: "1 GiB", library: "NumPy",
                      referenceSetup: makeArray, referenceStatement: "np.save('\(theirsNPY)', a)",
                      prepare: { let t = try makeTensor(); return { try NPY.save(t, to: oursNPY) } }),
            BenchCase(name: ".npy save durable", size: "1 GiB", library: "NumPy",
                      referenceSetup: makeArray + "\nimport os",
                      referenceStatement: "f = open('\(theirsNPY)', 'wb'); np.save(f, a); f.flush(); os.fsync(f.fileno()); f.close()",
                      prepare: { let t = try makeTensor(); return { try NPY.save(t, to: oursNPY, durable: true) } }),
            BenchCase(name: ".npy load", size: "1 GiB", library: "NumPy",
                      referenceSetup: makeArray + "\nnp.save('\(theirsNPY)', a)", referenceStatement: "np.load('\(theirsNPY)')",
                      prepare: { try NPY.save(try makeTensor(), to: oursNPY); return { _ = try NPY.load(oursNPY) } }),
            BenchCase(name: ".npy mmap load", size: "1 GiB", library: "NumPy",
                      referenceSetup: makeArray + "\nnp.save('\(theirsNPY)', a)",
                      referenceStatement: "np.load('\(theirsNPY)', mmap_mode='r')",
                      prepare: { try NPY.save(try makeTensor(), to: oursNPY); return { _ = try NPY.load(oursNPY, mmap: true) } }),
            BenchCase(name: "inspect (header only) .npy", size: "1 GiB", library: "NumPy",
                      referenceSetup: makeArray + "\nnp.save('\(theirsNPY)', a)",
                      referenceStatement: "np.load('\(theirsNPY)', mmap_mode='r').shape",
                      prepare: { try NPY.save(try makeTensor(), to: oursNPY); return { _ = try TensorFileFormat.readHeader(oursNPY) } }),
            BenchCase(name: "convert .npy → .npz", size: "1 GiB", library: "NumPy",
                      referenceSetup: makeArray + "\nnp.save('\(theirsNPY)', a)",
                      referenceStatement: "np.savez('\(dir)/tb-bench-theirs.npz', a=np.load('\(theirsNPY)', mmap_mode='r'))",
                      prepare: {
                          try NPY.save(try makeTensor(), to: oursNPY)
                          return { try convert(oursNPY, URL(fileURLWithPath: "\(dir)/tb-bench-ours.npz")) }
                      }),
            BenchCase(name: "convert .npy → safetensors", size: "1 GiB", library: "safetensors",
                      referenceSetup: makeArray + "\nnp.save('\(theirsNPY)', a)\nimport safetensors.numpy",
                      referenceStatement: "safetensors.numpy.save_file({'a': np.load('\(theirsNPY)', mmap_mode='r')}, '\(theirsST)')",
                      prepare: {
                          try NPY.save(try makeTensor(), to: oursNPY)
                          return { try convert(oursNPY, oursST) }
                      }),
            BenchCase(name: "safetensors load", size: "1 GiB", library: "safetensors",
                      referenceSetup: stSetup(count: count, path: theirsST),
                      referenceStatement: "safetensors.numpy.load_file('\(theirsST)')",
                      prepare: { try saveST(makeTensor, oursST); return { _ = try Safetensors.load(oursST) } }),
            BenchCase(name: "safetensors mmap load", size: "1 GiB", library: "safetensors",
                      referenceSetup: stSetup(count: count, path: theirsST) + "\nfrom safetensors import safe_open",
                      referenceStatement: "f = safe_open('\(theirsST)', framework='numpy'); f.keys()",
                      prepare: { try saveST(makeTensor, oursST); return { _ = try Safetensors.load(oursST, mmap: true) } }),
            BenchCase(name: "TensorProto decode", size: "64 MiB", library: "TF",
                      referenceSetup: "p = tf.make_tensor_proto(np.arange(\(16 << 20), dtype=np.float32))",
                      referenceStatement: "tf.make_ndarray(p)",
                      prepare: {
                          let data = try TensorProtoFile.encode(try Tensor((0..<(16 << 20)).map { Float($0) }, shape: [16 << 20]))
                          return { _ = try TensorProtoFile.decode(data) }
                      }),
        ]
    }

    /// What `tensorbridge convert` does: map the input, stream it into the output.
    private static func convert(_ input: URL, _ output: URL) throws {
        let contents = try TensorFileFormat.open(input, mmap: true)
        try TensorFileFormat.save(contents.tensors, metadata: contents.metadata, to: output)
    }

    /// Four tensors of 256 MiB, as a model checkpoint has several.
    private static func stSetup(count: Int, path: String) -> String {
        "import safetensors.numpy\na = np.arange(\(count), dtype=np.float32)\n"
            + "safetensors.numpy.save_file({f'w{i}': a[i::4].copy() for i in range(4)}, '\(path)')"
    }

    private static func saveST(_ make: () throws -> Tensor, _ url: URL) throws {
        let t = try make()
        let quarter = t.elementCount / 4
        let parts = try (0..<4).map { i in
            NamedTensor(name: "w\(i)", tensor: try t.withUnsafeBytes { raw in
                try Tensor(Array(raw.bindMemory(to: Float.self)[(i * quarter)..<((i + 1) * quarter)]), shape: [quarter])
            })
        }
        try Safetensors.save(parts, to: url)
    }
}
