import Foundation
import Synchronization
import Testing
import TensorBridge
import TensorBridgeDLPack
import TensorBridgePython

/// Python failing under us: producers and array-likes that raise inside a conversion, and the
/// interpreter shutting down while DLPack exports and imports are alive.
@Suite(.serialized) struct PythonFaultTests {
    /// Python objects whose conversion hooks misbehave.
    static let source = """
        class Raises:
            def __dlpack__(self, **kw): raise ValueError("producer failed")
            def __dlpack_device__(self): return (1, 0)
        class TypeErrors:
            def __dlpack__(self, **kw): raise TypeError("no max_version, and no plain call either")
        class NotACapsule:
            def __dlpack__(self, **kw): return 42
        class BadArray:
            def __array__(self, dtype=None, copy=None): raise RuntimeError("array hook failed")
        """

    func namespace() throws -> PythonObject {
        let builtins = try Python.builtins()
        let ns = try builtins.dict()
        _ = try builtins.exec(Self.source, ns)
        return ns
    }

    @Test func producerRaisingInDLPackIsAPythonErrorAndLeaksNothing() throws {
        _ = try Python.load()
        let ns = try namespace()
        let sys = try Python.import("sys")
        let raises = try ns["Raises"]()
        let before = try Int(python: sys.getrefcount(raises))
        for _ in 0..<1000 {
            #expect {
                _ = try Tensor(dlpack: raises)
            } throws: { error in
                guard let e = (error as? TensorBridgeError)?.pythonException else { return false }
                return e.typeName == "ValueError" && e.message == "producer failed"
            }
        }
        #expect(try Int(python: sys.getrefcount(raises)) == before, "no reference kept by a failed import")
        // Python is still fine afterwards.
        let np = try Python.import("numpy")
        #expect(try Tensor(dlpack: try np.arange(3)).elementCount == 3)
    }

    @Test func producerFailingBothProtocolFormsAndNonCapsulesAreRefusedClearly() throws {
        _ = try Python.load()
        let ns = try namespace()
        #expect {
            _ = try Tensor(dlpack: try ns["TypeErrors"]())
        } throws: { error in
            guard let e = (error as? TensorBridgeError)?.pythonException else { return false }
            return e.typeName == "TypeError" && e.message.contains("no plain call either")
        }
        #expect {
            _ = try Tensor(dlpack: try ns["NotACapsule"]())
        } throws: { error in
            "\(error)" == "NotACapsule.__dlpack__() returned a int, not a capsule"
        }
    }

    @Test func arrayHookRaisingInTensorFromNumPyIsAPythonError() throws {
        _ = try Python.load()
        let ns = try namespace()
        #expect {
            _ = try Tensor(numpy: try ns["BadArray"]())
        } throws: { error in
            guard let e = (error as? TensorBridgeError)?.pythonException else { return false }
            return e.typeName == "RuntimeError" && e.message == "array hook failed"
        }
    }

    /// NumPy refusing our export mid-conversion (it cannot hold bfloat16): the capsule it was
    /// given is still released, so the storage is freed exactly once.
    @Test func consumerRaisingOnOurExportReleasesItOnce() throws {
        _ = try Python.load()
        let np = try Python.import("numpy")
        let released = Atomic<Int>(0)
        do {
            let buffer = try TensorBuffer.allocateHost(byteCount: 8)
            let counted = TensorBuffer(baseAddress: buffer.baseAddress, byteCount: 8, device: .cpu,
                                       release: .custom { [buffer] _ in _ = buffer; released.add(1, ordering: .relaxed) })
            let tensor = try Tensor(dtype: .bfloat16, shape: Shape([4]), buffer: counted)
            let producer = try tensor.dlpackObject()
            #expect(throws: TensorBridgeError.self) { _ = try np.from_dlpack(producer) }
        }
        #expect(released.load(ordering: .relaxed) == 1)
    }

    /// `Python.finalize()` with our memory still inside NumPy arrays and NumPy memory inside
    /// tensors: Python frees its arrays (our deleters run, once), later Python calls fail with
    /// a clear error, and the tensors keep working and release cleanly. In a child process,
    /// since an interpreter cannot be restarted.
    @Test func finalizingPythonWithLiveExports() throws {
        let probe = try builtExecutable("tensorbridge-fault-probe")
        let result = try Child.run(probe, ["finalize"])
        #expect(result.exitedNormally && result.status == 0, "\(result.stdout)\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines == [
            "before finalize: live exports 4, our storages released 0",
            "after finalize: live exports 0, our storages released 4",
            "import after finalize: Python was finalized (Python.finalize()) and cannot be used again in this process",
            "imported values still readable: true",
            "dropped Swift-held Python objects and imports: ok",
        ], "\(result.stderr)")
    }
}
