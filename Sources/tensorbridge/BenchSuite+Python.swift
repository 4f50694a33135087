import TensorBridge
import TensorBridgePython

extension BenchSuite {
    /// NumPy conversion, our embedded interpreter against TensorFlow's own, side by side.
    /// Zero-copy cases run 1,000 calls per timing on both sides (the table's ms are then µs
    /// per call), so that clock and `exec` overheads do not swamp a microsecond.
    static var python: [BenchCase] {
        [
            zeroCopy(label: "1 KiB", count: 256),
            zeroCopy(label: "100 MiB", count: 25 << 20),
            zeroCopy(label: "1 GiB", count: 256 << 20),
            againstTFNumpy(count: 25 << 20),
            copyAgainstNpCopy(count: 25 << 20),
            fromNumPy(count: 25 << 20),
            fromWritableNumPy(count: 25 << 20),
        ]
    }

    static let calls = 1_000

    private static func zeroCopy(label: String, count: Int) -> BenchCase {
        BenchCase(
            name: "numpy() ×1000 vs np.asarray(tf tensor) ×1000 (zero-copy)", size: "\(label) float32", library: "TF",
            referenceSetup: "t = tf.zeros([\(count)], tf.float32)",
            referenceStatement: "for _ in range(\(calls)): np.asarray(t)",
            prepare: {
                let t = try Tensor.zeros(shape: [count])
                _ = try t.numpy()  // load Python and NumPy outside the timing
                return { for _ in 0..<calls { _ = try t.numpy() } }
            })
    }

    private static func againstTFNumpy(count: Int) -> BenchCase {
        BenchCase(
            name: "numpy() vs TF t.numpy() (TF copies)", size: "100 MiB float32", library: "TF",
            referenceSetup: "t = tf.fill([\(count)], 1.0)",
            referenceStatement: "t.numpy()",
            prepare: {
                let t = try Tensor.fill(shape: [count], value: Float(1))
                _ = try t.numpy()
                return { _ = try t.numpy() }
            })
    }

    private static func copyAgainstNpCopy(count: Int) -> BenchCase {
        BenchCase(
            name: "numpy(copy: true) vs np.copy", size: "100 MiB float32", library: "NumPy",
            referenceSetup: "a = np.ones(\(count), np.float32)",
            referenceStatement: "np.copy(a)",
            prepare: {
                let t = try Tensor.fill(shape: [count], value: Float(1))
                _ = try t.numpy()
                return { _ = try t.numpy(copy: true) }
            })
    }

    /// `Tensor(numpy:)` shares a read-only array and copies a writable one (tensors are
    /// immutable); TensorFlow copies both.
    private static func fromNumPy(count: Int) -> BenchCase {
        BenchCase(
            name: "Tensor(numpy:) read-only (shares) vs tf.convert_to_tensor", size: "100 MiB float32", library: "TF",
            referenceSetup: "a = np.ones(\(count), np.float32); a.setflags(write=False)",
            referenceStatement: "tf.convert_to_tensor(a)",
            prepare: {
                let a = try Python.import("numpy").ones(count, dtype: "float32")
                _ = try a.setflags(write: false)
                return { _ = try Tensor(numpy: a) }
            })
    }

    private static func fromWritableNumPy(count: Int) -> BenchCase {
        BenchCase(
            name: "Tensor(numpy:) writable (copies) vs tf.convert_to_tensor", size: "100 MiB float32", library: "TF",
            referenceSetup: "a = np.ones(\(count), np.float32)",
            referenceStatement: "tf.convert_to_tensor(a)",
            prepare: {
                let a = try Python.import("numpy").ones(count, dtype: "float32")
                return { _ = try Tensor(numpy: a) }
            })
    }
}
