import TensorBridge

extension BenchSuite {
    /// Everyday math (element-wise, broadcasting, reductions, slicing, matmul), each against
    /// the same TensorFlow call on the same shapes and values.
    static var math: [BenchCase] {
        [
            binary("x + y", size: "16M float32", tf: "x + y") { x, y in try x + y },
            binary("x * 2", size: "16M float32", tf: "x * 2") { x, _ in try x * 2 },
            binary("maximum(x, y)", size: "16M float32", tf: "tf.maximum(x, y)") { x, y in try x.maximum(y) },
            binary("less(x, y)", size: "16M float32", tf: "tf.less(x, y)") { x, y in try x.less(y) },
            binary("exp(x)", size: "16M float32", tf: "tf.exp(x)") { x, _ in try x.exp() },
            broadcastAdd(),
            binary("reduceSum(x)", size: "16M float32", tf: "tf.reduce_sum(x)") { x, _ in try x.reduceSum() },
            square("reduceSum(axes: [0])", tf: "tf.reduce_sum(x, axis=0)") { try $0.reduceSum(axes: [0]) },
            square("reduceMax(axes: [1])", tf: "tf.reduce_max(x, axis=1)") { try $0.reduceMax(axes: [1]) },
            square("x[.all, 1..<4095]", tf: "x[:, 1:4095]") { try $0[.all, 1..<4095] },
            square("x[.stride(by: 2)]", tf: "x[::2]") { try $0[.stride(by: 2)] },
            square("transposed()", tf: "tf.transpose(x)") { try $0.transposed() },
            matmul(batch: nil, side: 2048),
            matmul(batch: 64, side: 256),
        ]
    }

    // --- Python reference statements (TensorFlow), one block -------------------------------
    private static let count = 16 << 20
    private static let flatSetup = """
        x = tf.random.stateless_normal([\(16 << 20)], seed=[1, 2])
        y = tf.random.stateless_normal([\(16 << 20)], seed=[3, 4])
        """
    private static let squareSetup = "x = tf.random.stateless_normal([4096, 4096], seed=[1, 2])"
    private static func matmulSetup(_ shape: [Int]) -> String {
        "a = tf.random.stateless_normal(\(shape), seed=[1, 2])\nb = tf.random.stateless_normal(\(shape), seed=[3, 4])"
    }
    // ----------------------------------------------------------------------------------------

    private static func binary(_ name: String, size: String, tf: String,
                               _ op: @escaping @Sendable (Tensor, Tensor) throws -> Tensor) -> BenchCase {
        BenchCase(
            name: "Tensor \(name)", size: size, library: "TF", referenceSetup: flatSetup, referenceStatement: tf,
            prepare: {
                let x = try Random.statelessNormal(shape: [count], seed: (1, 2))
                let y = try Random.statelessNormal(shape: [count], seed: (3, 4))
                return { _ = try op(x, y) }
            })
    }

    private static func broadcastAdd() -> BenchCase {
        BenchCase(
            name: "Tensor x + row (broadcast)", size: "4096x4096 + 4096 float32", library: "TF",
            referenceSetup: squareSetup + "\nrow = tf.random.stateless_normal([4096], seed=[3, 4])",
            referenceStatement: "x + row",
            prepare: {
                let x = try Random.statelessNormal(shape: [4096, 4096], seed: (1, 2))
                let row = try Random.statelessNormal(shape: [4096], seed: (3, 4))
                return { _ = try x + row }
            })
    }

    private static func square(_ name: String, tf: String, _ op: @escaping @Sendable (Tensor) throws -> Tensor) -> BenchCase {
        BenchCase(
            name: "Tensor \(name)", size: "4096x4096 float32", library: "TF", referenceSetup: squareSetup, referenceStatement: tf,
            prepare: {
                let x = try Random.statelessNormal(shape: [4096, 4096], seed: (1, 2))
                return { _ = try op(x) }
            })
    }

    private static func matmul(batch: Int?, side: Int) -> BenchCase {
        let shape = (batch.map { [$0] } ?? []) + [side, side]
        return BenchCase(
            name: "Tensor matmul", size: shape.map(String.init).joined(separator: "x") + " float32", library: "TF",
            referenceSetup: matmulSetup(shape), referenceStatement: "tf.linalg.matmul(a, b)",
            prepare: {
                let a = try Random.statelessNormal(shape: shape, seed: (1, 2))
                let b = try Random.statelessNormal(shape: shape, seed: (3, 4))
                return { _ = try a.matmul(b) }
            })
    }
}
