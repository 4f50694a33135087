import TensorBridge

extension BenchSuite {
    /// TensorFlow-exact ops (random, image, sparse), each against the same TensorFlow call.
    static var ops: [BenchCase] {
        [
            grayscale(dtype: .float32),
            grayscale(dtype: .uint8),
            statelessNormal(),
            toDense(),
            convertUInt8ToFloat(),
        ]
    }

    private static let imageShape = [32, 256, 256, 3]

    private static func grayscale(dtype: DType) -> BenchCase {
        let tfInput = dtype == .uint8
            ? "x = tf.cast(tf.random.stateless_uniform([32, 256, 256, 3], seed=[1, 2], maxval=256, dtype=tf.int32), tf.uint8)"
            : "x = tf.random.stateless_uniform([32, 256, 256, 3], seed=[1, 2])"
        return BenchCase(
            name: "Image.rgbToGrayscale \(dtype.name)", size: "(32,256,256,3)", library: "TF",
            referenceSetup: tfInput,
            referenceStatement: "tf.image.rgb_to_grayscale(x)",
            prepare: {
                let uniform = try Random.statelessUniform(shape: imageShape, seed: (1, 2))
                let x = dtype == .uint8 ? try Image.convertImageDtype(uniform, to: .uint8) : uniform
                return { _ = try Image.rgbToGrayscale(x) }
            })
    }

    private static func statelessNormal() -> BenchCase {
        let count = 16 << 20
        return BenchCase(
            name: "Random.statelessNormal float32", size: "16M", library: "TF",
            referenceSetup: "pass",
            referenceStatement: "tf.random.stateless_normal([\(count)], seed=[1, 2])",
            prepare: { { _ = try Random.statelessNormal(shape: [count], seed: (1, 2)) } })
    }

    private static func toDense() -> BenchCase {
        let side = 4096, nnz = 1 << 20
        return BenchCase(
            name: "SparseTensor.toDense float32, 1M sorted nnz", size: "4096x4096", library: "TF",
            referenceSetup: """
                flat = np.arange(\(nnz), dtype=np.int64) * 16 + (np.arange(\(nnz), dtype=np.int64) * 7919) % 16
                sp = tf.sparse.SparseTensor(np.stack([flat // \(side), flat % \(side)], axis=1), tf.ones([\(nnz)]), [\(side), \(side)])
                """,
            referenceStatement: "tf.sparse.to_dense(sp)",
            prepare: {
                var rows = [Int64](repeating: 0, count: 2 * nnz)
                for i in 0..<nnz {
                    // One entry in each run of 16 positions: sorted and unique, as in the setup.
                    let flat = Int64(i) * 16 + (Int64(i) * 7919) % 16
                    rows[2 * i] = flat / Int64(side)
                    rows[2 * i + 1] = flat % Int64(side)
                }
                let sp = try SparseTensor(indices: try Tensor(rows, shape: [nnz, 2]),
                                          values: try Tensor.ones(shape: [nnz]), denseShape: [Int64(side), Int64(side)])
                return { _ = try sp.toDense() }
            })
    }

    private static func convertUInt8ToFloat() -> BenchCase {
        let count = 64 << 20
        return BenchCase(
            name: "Image.convertImageDtype uint8→float32", size: "64M", library: "TF",
            referenceSetup: "x = tf.cast(tf.random.stateless_uniform([\(count)], seed=[1, 2], maxval=256, dtype=tf.int32), tf.uint8)",
            referenceStatement: "tf.image.convert_image_dtype(x, tf.float32)",
            prepare: {
                let x = try Image.convertImageDtype(try Random.statelessUniform(shape: [count], seed: (1, 2)), to: .uint8)
                return { _ = try Image.convertImageDtype(x, to: .float32) }
            })
    }
}
