import CDLPack
import Testing
import TensorBridgeTestSupport
@testable import TensorBridgePython

/// NumPy → TensorBridge through `__dlpack__`, views, refusals and capsule rules.
extension DLPackPythonTests {
@Suite("DLPack from NumPy")
struct NumPyImport {
    @Test(arguments: dlpackNumPyDTypes.map(\.0))
    func numpyArraysOfEveryDTypeAreSharedWithUs(dtype: DType) throws {
        try requirePython()
        let name = try #require(dlpackNumPyDTypes.first { $0.0 == dtype }?.1)
        let ns = try dlpackExec("a = (np.arange(12) % 5).astype('\(name)').reshape(3, 4)")
        let a = try ns["a"]
        let t = try Tensor(dlpack: a)
        #expect(t.dtype == dtype)
        #expect(t.shape.dimensions == [3, 4])
        #expect(try dlpackAddress(a.ctypes.data) == dlpackAddress(of: t), "zero-copy")
        #expect(try dlpackBytes(of: t) == dlpackPythonBytes(a))
    }

    @Test func sharingAndExactlyOnceRelease() throws {
        try requirePython()
        let ns = try dlpackExec("""
            import sys
            a = np.arange(6, dtype=np.float64)
            def refs():
                return sys.getrefcount(a)
            """)
        let a = try ns["a"]
        let before = try Int(python: ns["refs"]())
        var t: Tensor? = try Tensor(dlpack: a)
        #expect(try Int(python: ns["refs"]()) == before + 1, "the managed tensor holds the array")
        _ = try dlpackExec("a[0] = 42.5", ["a": a])
        #expect(try t?.scalars(as: Double.self).first == 42.5, "writes in NumPy are visible: shared memory")
        t = nil
        _ = t
        #expect(try Int(python: ns["refs"]()) == before, "NumPy's deleter ran exactly once")
    }

    @Test func rankZeroAndEmptyFromNumPy() throws {
        try requirePython()
        let ns = try dlpackExec("s = np.array(3.5, dtype=np.float32); e = np.zeros((0, 4), dtype=np.int16)")
        let s = try Tensor(dlpack: try ns["s"])
        #expect(s.rank == 0)
        #expect(try s.scalar(as: Float.self) == 3.5)
        let e = try Tensor(dlpack: try ns["e"])
        #expect(e.shape.dimensions == [0, 4])
        #expect(e.dtype == .int16)
    }

    @Test func slicedViewsWithOffsetsAndStrides() throws {
        try requirePython()
        let ns = try dlpackExec("""
            base = np.arange(24, dtype=np.int32).reshape(4, 6)
            rows = base[2:]            # compact, data pointer 48 bytes into base
            block = base[1:3, 2:5]     # non-compact: copied
            flipped = base[::-1, ::2]  # negative and doubled strides: copied
            col = base[:, 1:2]         # shape (4, 1): strided, copied
            """)
        let rows = try Tensor(dlpack: try ns["rows"])
        #expect(dlpackAddress(of: rows) == (try dlpackAddress(ns["base"].ctypes.data)) + 48)
        #expect(try rows.scalars(as: Int32.self) == Array(12..<24))
        _ = try dlpackExec("base[3, 0] = -1", ["base": try ns["base"]])
        #expect(try rows.scalars(as: Int32.self)[6] == -1, "the compact view is shared")

        let block = try Tensor(dlpack: try ns["block"])
        #expect(block.shape.dimensions == [2, 3])
        #expect(try block.scalars(as: Int32.self) == [8, 9, 10, 14, 15, 16])
        let flipped = try Tensor(dlpack: try ns["flipped"])
        #expect(try flipped.scalars(as: Int32.self) == [-1, 20, 22, 12, 14, 16, 6, 8, 10, 0, 2, 4])
        let col = try Tensor(dlpack: try ns["col"])
        #expect(try col.scalars(as: Int32.self) == [1, 7, 13, 19])
    }

    @Test func nonNativeByteOrderIsRefusedClearly() throws {
        try requirePython()
        let ns = try dlpackExec("a = np.arange(3, dtype='>f4')")
        #expect {
            _ = try Tensor(dlpack: try ns["a"])
        } throws: { error in
            guard let e = (error as? TensorBridgeError)?.pythonException else { return false }
            return e.typeName == "BufferError" && e.message.contains("native byte order")
        }
    }

    @Test func unknownMajorVersionIsRefusedAndReleasedOnce() throws {
        let py = try DLPackPython.shared()
        let released = ReleaseCounter()
        var t: Tensor? = try countedTensor(dtype: .float32, shape: [4], released: released)
        let managed = try #require(t).toDLPack(versioned: true)
        let versioned = managed.isVersioned
        #expect(versioned)
        let pointer = managed.release()
        pointer.assumingMemoryBound(to: DLManagedTensorVersioned.self).pointee.version.major = 2  // a producer from the future
        t = nil
        var capsule: PythonObject? = try py.runtime.withGIL {
            try py.runtime.wrap(DLPackCapsule.make(DLPackManagedTensor(versioned: pointer), py))
        }
        #expect {
            _ = try Tensor(dlpack: capsule!)
        } throws: { error in
            "\(error)".contains("ABI version 2.1") && "\(error)".contains("major version 1")
        }
        #expect(released.count == 1, "refusal calls the deleter")
        capsule = nil
        _ = capsule
        #expect(released.count == 1, "the used capsule does not call it again")
    }

    @Test func capsulesAreConsumedOnlyOnceAndForeignObjectsRefused() throws {
        try requirePython()
        let capsule = try Tensor([1, 2] as [Int8]).dlpackCapsule()
        _ = try Tensor(dlpack: capsule)
        #expect {
            _ = try Tensor(dlpack: capsule)
        } throws: { error in
            "\(error)".contains("already consumed")
        }
        #expect {
            _ = try Tensor(dlpack: try 5.makePythonObject(Python.load()))
        } throws: { error in
            "\(error)".contains("not a DLPack source")
        }
    }

    @Test func capsuleDestructorKeepsAPendingPythonError() throws {
        let py = try DLPackPython.shared()
        let released = ReleaseCounter()
        var capsule: PythonObject? = try countedTensor(dtype: .uint8, shape: [3], released: released).dlpackCapsule()
        let survived: Bool = try py.runtime.withGIL {
            py.api.errSetString(py.api.excTypeError, "pending")
            capsule = nil  // the destructor runs here, with an exception set
            _ = capsule
            let pending = py.api.errOccurred() != nil
            py.api.errClear()
            return pending
        }
        #expect(survived)
        #expect(released.count == 1)
    }
}
}
