import Testing
import TensorBridgeTestSupport
@testable import TensorBridgePython

/// Whether `import torch` works in the loaded Python. The README's venv has no torch (PyPI's
/// Linux wheel needs about 3 GB of CUDA libraries even on a CPU); `scripts/test-interop` runs
/// these tests in a venv that has it.
let torchAvailable: Bool = {
    guard (try? Python.load()) != nil else { return false }
    return (try? Python.import("torch")) != nil
}()

/// DLPack with real PyTorch, both directions (versioned capsules, torch ≥ 2.4).
extension DLPackPythonTests {
@Suite("DLPack with PyTorch", .enabled(if: torchAvailable, "torch is not installed in this Python (scripts/test-interop installs it)"))
struct Torch {
    /// torch's name for each dtype both sides carry (float8 included: torch reads it).
    static let dtypes: [(DType, String)] = dlpackNumPyDTypes
        + [(.bfloat16, "bfloat16"), (.float8_e4m3fn, "float8_e4m3fn"), (.float8_e5m2, "float8_e5m2")]

    @Test(arguments: dtypes.map(\.0))
    func everyDTypeToTorchAndBackIsShared(dtype: DType) throws {
        let torch = try Python.import("torch")
        let name = try #require(Self.dtypes.first { $0.0 == dtype }?.1)
        for shape in [[], [0], [5], [2, 3, 4]] as [[Int]] {
            let released = ReleaseCounter()
            var t: Tensor? = try countedTensor(dtype: dtype, shape: shape, released: released)
            let expected = try dlpackBytes(of: try #require(t))
            let base = dlpackAddress(of: try #require(t))
            var x: PythonObject? = try t?.dlpackTorch()
            #expect(try String(python: x!.dtype.__str__()) == "torch.\(name)")
            #expect(try [Int](python: Python.builtins().list(x!.shape)) == shape)
            if !shape.contains(0) {
                #expect(try UInt(UInt64(python: x!.data_ptr())) == base, "torch shares our memory")
            }
            let raw = try x!.reshape(-1).view(torch.uint8).numpy().tobytes().bytes()
            #expect(raw == expected, "values")
            // Back through torch's own exporter: still our memory.
            var back: Tensor? = try Tensor(dlpack: x!)
            #expect(back?.dtype == dtype)
            #expect(back?.shape.dimensions == shape)
            if !shape.contains(0) { #expect(dlpackAddress(of: try #require(back)) == base) }
            t = nil
            #expect(released.count == 0, "torch keeps the storage alive")
            x = nil
            back = nil
            _ = (t, x, back)
            #expect(released.count == 1, "released exactly once, after torch let go")
        }
    }

    @Test func torchToUsIsZeroCopyAndNonContiguousIsCopied() throws {
        let torch = try Python.import("torch")
        let x = try torch.arange(24, dtype: torch.float32).reshape(2, 3, 4)
        let t = try Tensor(dlpack: x)
        #expect(t.shape.dimensions == [2, 3, 4])
        #expect(dlpackAddress(of: t) == (try UInt(UInt64(python: x.data_ptr()))), "zero-copy from torch")
        #expect(try t.scalars(as: Float.self) == (0..<24).map(Float.init))
        // A transposed view has strides that are not row-major: imported as a copy, in order.
        let view = try x.transpose(0, 2)
        let copied = try Tensor(dlpack: view)
        #expect(copied.shape.dimensions == [4, 3, 2])
        #expect(dlpackAddress(of: copied) != (try UInt(UInt64(python: x.data_ptr()))))
        #expect(try copied.scalars(as: Float.self) == [Float](python: view.flatten().tolist()))
    }

    @Test func stringsAreRefusedBeforeTorchSeesThem() throws {
        #expect {
            _ = try Tensor(strings: ["a"]).dlpackTorch()
        } throws: { error in
            "\(error)".contains("DLPack cannot carry string tensors")
        }
    }
}
}
