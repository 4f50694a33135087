import Testing
import TensorBridgeTestSupport
@testable import TensorBridgePython

/// Whether `import jax` works in the loaded Python (not in the README's venv; see
/// `scripts/test-interop`). 64-bit types are switched on, as JAX drops them by default.
let jaxAvailable: Bool = {
    guard (try? Python.load()) != nil, let jax = try? Python.import("jax") else { return false }
    return (try? jax.config.update("jax_enable_x64", true)) != nil
}()

/// DLPack with real JAX (CPU), both directions. JAX arrays are immutable too, so sharing is
/// safe both ways; JAX shares 64-byte aligned memory, which all TensorBridge host memory is.
extension DLPackPythonTests {
@Suite("DLPack with JAX", .enabled(if: jaxAvailable, "jax is not installed in this Python (scripts/test-interop installs it)"))
struct JAX {
    static let dtypes: [DType] = dlpackNumPyDTypes.map(\.0) + [.bfloat16]

    @Test(arguments: dtypes)
    func everyDTypeToJAXAndBackIsShared(dtype: DType) throws {
        let jnp = try Python.import("jax.numpy"), np = try Python.import("numpy")
        for shape in [[], [5], [2, 3, 4]] as [[Int]] {
            let released = ReleaseCounter()
            var t: Tensor? = try countedTensor(dtype: dtype, shape: shape, released: released)
            let expected = try dlpackBytes(of: try #require(t))
            let base = dlpackAddress(of: try #require(t))
            var x: PythonObject? = try jnp.from_dlpack(try t!.dlpackObject())
            #expect(try String(python: x!.dtype.name) == dtype.name)
            #expect(try [Int](python: Python.builtins().list(x!.shape)) == shape)
            #expect(try UInt(UInt64(python: x!.unsafe_buffer_pointer())) == base, "JAX shares our memory")
            #expect(try dlpackPythonBytes(np.asarray(x!)) == expected, "values")
            var back: Tensor? = try Tensor(dlpack: x!)
            #expect(back?.dtype == dtype)
            #expect(back.map { dlpackAddress(of: $0) } == base)
            t = nil
            back = nil
            #expect(released.count == 0, "JAX keeps the storage alive")
            x = nil
            _ = (t, x, back)
            // JAX frees imported buffers through its runtime, not at the last decref: wait for it.
            let gc = try Python.import("gc"), time = try Python.import("time")
            for _ in 0..<200 where released.count == 0 {
                _ = try gc.collect()
                _ = try time.sleep(0.005)
            }
            #expect(released.count == 1, "released exactly once, after JAX let go")
        }
    }

    @Test func jaxToUsIsZeroCopy() throws {
        let jnp = try Python.import("jax.numpy")
        let x = try jnp.arange(24, dtype: jnp.float32).reshape(2, 3, 4)
        let t = try Tensor(dlpack: x)
        #expect(t.shape.dimensions == [2, 3, 4])
        #expect(dlpackAddress(of: t) == (try UInt(UInt64(python: x.unsafe_buffer_pointer()))))
        #expect(try t.scalars(as: Float.self) == (0..<24).map(Float.init))
    }
}
}
