import Testing
import TensorBridgeTestSupport
@testable import TensorBridgePython

/// DLPack with real TensorFlow (tensorflow-cpu 2.21 in the venv), both directions.
/// TensorFlow takes only legacy capsules (`tf.experimental.dlpack.from_dlpack`) and gives
/// legacy capsules (`to_dlpack`), and needs `byte_offset == 0`.
extension DLPackPythonTests {
@Suite("DLPack with TensorFlow")
struct TensorFlow {
    @Test(arguments: dlpackTensorFlowDTypes)
    func everyDTypeToTensorFlowAndBackIsShared(dtype: DType) throws {
        let tf = try requireTensorFlow()
        for shape in [[], [0], [5], [2, 3, 4]] as [[Int]] {
            let released = ReleaseCounter()
            var t: Tensor? = try countedTensor(dtype: dtype, shape: shape, released: released)
            let expected = try dlpackBytes(of: try #require(t))
            let base = dlpackAddress(of: try #require(t))
            var x: PythonObject? = try t?.dlpackTensorFlow()
            #expect(try String(python: x!.dtype.name) == dtype.name)
            #expect(try [Int](python: x!.shape.as_list()) == shape)
            #expect(try dlpackPythonBytes(x!.numpy()) == expected, "values")
            // Back through TensorFlow's own exporter: still our memory, so TF shares it.
            var back: Tensor? = try Tensor(dlpack: try tf.experimental.dlpack.to_dlpack(x!))
            #expect(back?.dtype == dtype)
            #expect(back?.shape.dimensions == shape)
            if !shape.contains(0) { #expect(dlpackAddress(of: try #require(back)) == base, "TF shares our memory") }
            t = nil
            x = nil
            _ = x
            back = nil
            _ = back
            #expect(released.count == 1, "released exactly once, after TensorFlow let go")
        }
    }

    @Test func tensorFlowKeepsOurMemoryAlive() throws {
        _ = try requireTensorFlow()
        let released = ReleaseCounter()
        var t: Tensor? = try countedTensor(dtype: .float32, shape: [256], released: released)
        let expected = try dlpackBytes(of: try #require(t))
        var x: PythonObject? = try t?.dlpackTensorFlow()
        t = nil
        _ = t
        #expect(released.count == 0)
        #expect(try dlpackPythonBytes(x!.numpy()) == expected)
        x = nil
        _ = x
        #expect(released.count == 1)
    }

    @Test(arguments: dlpackTensorFlowDTypes)
    func tensorFlowToUsIsZeroCopy(dtype: DType) throws {
        let tf = try requireTensorFlow()
        let ns = try dlpackExec("""
            import tensorflow as tf
            x = tf.cast(tf.reshape(tf.range(24) % 7, [2, 3, 4]), tf.\(dtype.name))
            raw = x.numpy().tobytes()
            """)
        let x = try ns["x"]
        let t = try Tensor(dlpack: try tf.experimental.dlpack.to_dlpack(x))
        #expect(t.dtype == dtype)
        #expect(t.shape.dimensions == [2, 3, 4])
        #expect(try dlpackBytes(of: t) == ns["raw"].bytes())
        // A second export of the same TF tensor lands on the same address: TensorFlow hands
        // out its own buffer rather than a copy per export, and we keep it as it is.
        let again = try Tensor(dlpack: try tf.experimental.dlpack.to_dlpack(x))
        #expect(dlpackAddress(of: again) == dlpackAddress(of: t), "zero-copy from TensorFlow")
        // An EagerTensor also works directly, through its __dlpack__ method.
        let direct = try Tensor(dlpack: x)
        #expect(dlpackAddress(of: direct) == dlpackAddress(of: t))
    }

    @Test func rankZeroAndEmptyFromTensorFlow() throws {
        let tf = try requireTensorFlow()
        let s = try Tensor(dlpack: try tf.experimental.dlpack.to_dlpack(try tf.constant(7, dtype: tf.int64)))
        #expect(s.rank == 0)
        #expect(try s.scalar(as: Int64.self) == 7)
        let e = try Tensor(dlpack: try tf.experimental.dlpack.to_dlpack(try tf.zeros([3, 0], dtype: tf.float32)))
        #expect(e.shape.dimensions == [3, 0])
    }

    @Test func tensorFlowRefusesFloat8() throws {
        _ = try requireTensorFlow()
        for dtype in [DType.float8_e4m3fn, .float8_e5m2] {
            let t = try Tensor.zeros(shape: [2], dtype: dtype)
            #expect(throws: TensorBridgeError.self) { _ = try t.dlpackTensorFlow() }
        }
    }
}
}
