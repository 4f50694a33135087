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
            matmul(batch: nil, side: 1024, dtype: .float64),
            complex64("x * y", size: "4M complex64", shape: [complexCount], tf: "x * y") { x, y in try x * y },
            complex64("x / y", size: "4M complex64", shape: [complexCount], tf: "x / y") { x, y in try x / y },
            complex64("exp(x)", size: "4M complex64", shape: [complexCount], tf: "tf.exp(x)") { x, _ in try x.exp() },
            complex64("matmul", size: "512x512 complex64", shape: [512, 512], tf: "tf.linalg.matmul(x, y)") { x, y in try x.matmul(y) },
        ]
    }

    // --- Python reference statements (TensorFlow), one block -------------------------------
    private static let count = 16 << 20
    private static let flatSetup = """
        x = tf.random.stateless_normal([\(16 << 20)], seed=[1, 2])
        y = tf.random.stateless_normal([\(16 << 20)], seed=[3, 4])
        """
    private static let squareSetup = "x = tf.random.stateless_normal([4096, 4096], seed=[1, 2])"
    private static func matmulSetup(_ shape: [Int], _ dtype: DType) -> String {
        "a = tf.random.stateless_normal(\(shape), seed=[1, 2], dtype=tf.\(dtype))\n"
            + "b = tf.random.stateless_normal(\(shape), seed=[3, 4], dtype=tf.\(dtype))"
    }
    private static let complexCount = 4 << 20
    private static func complexSetup(_ shape: [Int]) -> String {
        """
        x = tf.complex(tf.random.stateless_normal(\(shape), seed=[1, 2]), tf.random.stateless_normal(\(shape), seed=[5, 6]))
        y = tf.complex(tf.random.stateless_normal(\(shape), seed=[3, 4]), tf.random.stateless_normal(\(shape), seed=[7, 8]))
        """
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

    /// A complex64 case on the same values as `complexSetup`: each part one stateless draw.
    private static func complex64(_ name: String, size: String, shape: [Int], tf: String,
                                  _ op: @escaping @Sendable (Tensor, Tensor) throws -> Tensor) -> BenchCase {
        BenchCase(
            name: "Tensor \(name)", size: size, library: "TF", referenceSetup: complexSetup(shape), referenceStatement: tf,
            prepare: {
                func draw(_ real: (Int64, Int64), _ imaginary: (Int64, Int64)) throws -> Tensor {
                    let re = try Random.statelessNormal(shape: shape, seed: real).scalars(as: Float.self)
                    let im = try Random.statelessNormal(shape: shape, seed: imaginary).scalars(as: Float.self)
                    return try Tensor(zip(re, im).map { Complex64($0, $1) }, shape: shape)
                }
                let x = try draw((1, 2), (5, 6)), y = try draw((3, 4), (7, 8))
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

    private static func matmul(batch: Int?, side: Int, dtype: DType = .float32) -> BenchCase {
        let shape = (batch.map { [$0] } ?? []) + [side, side]
        return BenchCase(
            name: "Tensor matmul", size: shape.map(String.init).joined(separator: "x") + " \(dtype)", library: "TF",
            referenceSetup: matmulSetup(shape, dtype), referenceStatement: "tf.linalg.matmul(a, b)",
            prepare: {
                let a = try Random.statelessNormal(shape: shape, seed: (1, 2), dtype: dtype)
                let b = try Random.statelessNormal(shape: shape, seed: (3, 4), dtype: dtype)
                return { _ = try a.matmul(b) }
            })
    }
}
