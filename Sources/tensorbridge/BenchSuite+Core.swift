import TensorBridge

extension BenchSuite {
    /// Tensor creation and casts (the core runtime).
    static var core: [BenchCase] {
        [
            creation(label: "1 KiB", count: 256),
            creation(label: "256 MiB", count: 64 << 20),
            cast(to: .int32, tf: "tf.int32"),
            cast(to: .bfloat16, tf: "tf.bfloat16"),
        ]
    }

    private static func creation(label: String, count: Int) -> BenchCase {
        BenchCase(
            name: "Tensor([Float]) vs tf.constant(ndarray)", size: label, library: "TF",
            referenceSetup: "a = np.arange(\(count), dtype=np.float32)",
            referenceStatement: "tf.constant(a)",
            prepare: {
                let values = (0..<count).map(Float.init)
                return { _ = try Tensor(values, shape: [count]) }
            })
    }

    private static func cast(to dtype: DType, tf: String) -> BenchCase {
        let count = 64 << 20
        return BenchCase(
            name: "cast float32→\(dtype.name)", size: "64M", library: "TF",
            referenceSetup: "x = tf.random.stateless_uniform([\(count)], seed=[1, 2], minval=-1e6, maxval=1e6)",
            referenceStatement: "tf.cast(x, \(tf))",
            prepare: {
                let x = try Tensor((0..<count).map { Float($0) * (2e6 / Float(count)) - 1e6 }, shape: [count])
                return { _ = try x.cast(to: dtype) }
            })
    }
}
