import TensorBridge
import TensorBridgeDLPack
import TensorBridgePython

extension BenchSuite {
    /// DLPack: export/import cost must not depend on size (zero-copy), and NumPy must take our
    /// tensors as cheaply as its own arrays. Each case runs its body 1000 times, so the
    /// milliseconds printed are microseconds per operation.
    static var dlpack: [BenchCase] {
        [
            roundTrip(label: "1 KiB", bytes: 1 << 10),
            roundTrip(label: "1 GiB", bytes: 1 << 30),
            numpyFromDLPack(),
        ]
    }

    private static let iterations = 1000

    /// Ours: `Tensor(dlpack: t.toDLPack())` (native, no Python). Theirs: `np.from_dlpack(a)`,
    /// NumPy's own export plus import of the same bytes.
    private static func roundTrip(label: String, bytes: Int) -> BenchCase {
        BenchCase(
            name: "DLPack export+import ×1000 vs np.from_dlpack(ndarray)", size: label, library: "NumPy",
            referenceSetup: "a = np.zeros(\(bytes), dtype=np.uint8)",
            referenceStatement: "for _ in range(\(iterations)): np.from_dlpack(a)",
            prepare: {
                let t = try Tensor.zeros(shape: [bytes], dtype: .uint8)
                return {
                    for _ in 0..<iterations {
                        _ = try Tensor(dlpack: try t.toDLPack())
                    }
                }
            })
    }

    /// Ours: `np.from_dlpack(x)` on our producer object, looped in Python. Theirs: the same loop
    /// on a NumPy array of the same 1 KiB.
    private static func numpyFromDLPack() -> BenchCase {
        BenchCase(
            name: "DLPack np.from_dlpack(ours) ×1000 vs np.from_dlpack(ndarray)", size: "1 KiB", library: "NumPy",
            referenceSetup: "a = np.zeros(256, dtype=np.float32)",
            referenceStatement: "for _ in range(\(iterations)): np.from_dlpack(a)",
            prepare: {
                let producer = try Tensor.zeros(shape: [256], dtype: .float32).dlpackObject()
                let builtins = try Python.builtins()
                let namespace = try builtins.dict()
                try namespace.setItem("np", try Python.import("numpy"))
                _ = try builtins.exec("""
                    def run(x):
                        for _ in range(\(iterations)):
                            np.from_dlpack(x)
                    """, namespace)
                let run = try namespace["run"]
                return { _ = try run(producer) }
            })
    }
}
