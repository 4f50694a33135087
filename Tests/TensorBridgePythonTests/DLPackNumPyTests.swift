import CDLPack
import Testing
import TensorBridgeTestSupport
@testable import TensorBridgePython

/// DLPack with real NumPy (2.4.6 in the venv), both directions.
extension DLPackPythonTests {
@Suite("DLPack with NumPy")
struct NumPyExport {
    // MARK: TensorBridge → NumPy

    @Test func numpySharesOurMemoryReadOnly() throws {
        try requirePython()
        let t = try Tensor([[1, 2, 3], [4, 5, 6]] as [[Float]])
        let a = try t.dlpackNumPy()
        #expect(try dlpackAddress(a.ctypes.data) == dlpackAddress(of: t), "zero-copy")
        #expect(try !Bool(python: a.flags.writeable), "READ_ONLY reaches NumPy")
        #expect(try [Int](python: a.shape) == [2, 3])
        #expect(try [Double](python: a.ravel().tolist()) == [1, 2, 3, 4, 5, 6])
    }

    @Test(arguments: dlpackNumPyDTypes.map(\.0))
    func everyNumPyDTypeBothWaysWithoutCopying(dtype: DType) throws {
        try requirePython()
        let name = try #require(dlpackNumPyDTypes.first { $0.0 == dtype }?.1)
        for shape in [[], [0], [2, 0, 3], [7], [2, 3, 4]] as [[Int]] {
            let released = ReleaseCounter()
            var t: Tensor? = try countedTensor(dtype: dtype, shape: shape, released: released)
            let expected = try dlpackBytes(of: try #require(t))
            let base = dlpackAddress(of: try #require(t))
            var a: PythonObject? = try t?.dlpackNumPy()
            #expect(try String(python: a!.dtype.name) == name)
            #expect(try [Int](python: a!.shape) == shape)
            #expect(try dlpackPythonBytes(a!) == expected)
            if !shape.contains(0) { #expect(try dlpackAddress(a!.ctypes.data) == base) }
            // ...and back: a NumPy array exported to us again is still our memory.
            var back: Tensor? = try Tensor(dlpack: a!)
            #expect(back?.dtype == dtype)
            #expect(back?.shape.dimensions == shape)
            #expect(dlpackAddress(of: try #require(back)) == base)
            t = nil
            a = nil
            #expect(released.count == 0, "the round trip keeps our storage alive")
            back = nil
            #expect(released.count == 1, "released exactly once")
        }
    }

    @Test func numpyRefusesBFloat16AndFloat8() throws {
        try requirePython()
        for dtype in [DType.bfloat16, .float8_e4m3fn, .float8_e5m2] {
            let t = try Tensor.zeros(shape: [2], dtype: dtype)
            #expect {
                _ = try t.dlpackNumPy()
            } throws: { error in
                "\(error)".contains("Unsupported dtype in DLTensor")
            }
        }
    }

    @Test func lifetimeAndExactlyOnceThroughNumPy() throws {
        try requirePython()
        let released = ReleaseCounter()
        var t: Tensor? = try countedTensor(dtype: .int32, shape: [1000], released: released)
        var producer: PythonObject? = try t?.dlpackObject()
        let np = try Python.import("numpy")
        var a1: PythonObject? = try np.from_dlpack(producer!)
        var a2: PythonObject? = try np.from_dlpack(producer!)
        t = nil
        producer = nil
        #expect(released.count == 0)
        a1 = nil
        #expect(released.count == 0, "a2 still holds its own export")
        _ = a1
        a2 = nil
        _ = a2
        #expect(released.count == 1)
    }

    @Test func unusedCapsulesReleaseOnceAndConsumedCapsulesDoNotReleaseAgain() throws {
        try requirePython()
        for versioned in [true, false] {
            let released = ReleaseCounter()
            var t: Tensor? = try countedTensor(dtype: .uint8, shape: [16], released: released)
            var unused: PythonObject? = try t?.dlpackCapsule(versioned: versioned)
            #expect(unused!.repr.contains(versioned ? "\"dltensor_versioned\"" : "\"dltensor\""))
            var consumed: PythonObject? = try t?.dlpackCapsule(versioned: versioned)
            var imported: Tensor? = try Tensor(dlpack: consumed!)
            #expect(consumed!.repr.contains("used_dltensor"))
            t = nil
            unused = nil
            consumed = nil
            _ = (unused, consumed)
            #expect(released.count == 0, "the imported tensor holds the storage")
            imported = nil
            _ = imported
            #expect(released.count == 1)
        }
    }

    @Test func copyTrueGivesAWritableCopy() throws {
        try requirePython()
        let t = try Tensor([1, 2, 3] as [Int64])
        let np = try Python.import("numpy")
        let a = try np.from_dlpack(try t.dlpackObject(), copy: true)
        #expect(try Bool(python: a.flags.writeable), "IS_COPIED, not READ_ONLY")
        #expect(try dlpackAddress(a.ctypes.data) != dlpackAddress(of: t))
        #expect(try [Int](python: a.tolist()) == [1, 2, 3])
    }

    @Test func producerProtocolDetails() throws {
        try requirePython()
        let t = try Tensor([1, 2] as [Float])
        let p = try t.dlpackObject()
        #expect(try [Int](python: p.__dlpack_device__()) == [1, 0])
        let ns = try dlpackExec("""
            legacy = repr(p.__dlpack__())
            legacy_old = repr(p.__dlpack__(max_version=(0, 8)))
            versioned = repr(p.__dlpack__(max_version=(1, 0)))
            newer = repr(p.__dlpack__(max_version=(2, 3), dl_device=(1, 0), copy=False, stream=None))
            positional = repr(p.__dlpack__(None, max_version=(1, 0)))
            # A keyword name built at run time is not interned: matched by value, not identity.
            built = repr(p.__dlpack__(**{"".join(["max_", "version"]): (1, 0)}))
            def error(**kw):
                try:
                    p.__dlpack__(**kw)
                except Exception as e:
                    return type(e).__name__ + ": " + str(e)
            gpu_no_copy = error(dl_device=(2, 0), copy=False)
            odd_device = error(dl_device=(4, 0))
            stream = error(stream=5)
            bad_kw = error(bogus=1)
            bad_version = error(max_version=3)
            def positional_error(*args, **kw):
                try:
                    p.__dlpack__(*args, **kw)
                except Exception as e:
                    return type(e).__name__ + ": " + str(e)
            two_streams = positional_error(None, stream=None)
            too_many = positional_error(None, None)
            """, ["p": p])
        #expect(try String(python: ns["legacy"]).contains("\"dltensor\""))
        #expect(try String(python: ns["legacy_old"]).contains("\"dltensor\""))
        #expect(try String(python: ns["versioned"]).contains("\"dltensor_versioned\""))
        #expect(try String(python: ns["newer"]).contains("\"dltensor_versioned\""))
        #expect(try String(python: ns["gpu_no_copy"]).hasPrefix("BufferError: "))
        #expect(try String(python: ns["gpu_no_copy"]).contains("copy"))
        #expect(try String(python: ns["odd_device"]).hasPrefix("BufferError: "))
        #expect(try String(python: ns["stream"]).hasPrefix("BufferError: stream must be None"))
        #expect(try String(python: ns["bad_kw"]).hasPrefix("TypeError: "))
        #expect(try String(python: ns["bad_version"]).hasPrefix("TypeError: "))
        #expect(try String(python: ns["positional"]).contains("\"dltensor_versioned\""))
        #expect(try String(python: ns["built"]).contains("\"dltensor_versioned\""))
        #expect(try String(python: ns["two_streams"]) == "TypeError: __dlpack__() got multiple values for argument 'stream'")
        #expect(try String(python: ns["too_many"]).hasPrefix("TypeError: __dlpack__() takes at most 1 positional argument"))
    }

    @Test func stringTensorsAreRefusedClearly() throws {
        try requirePython()
        let s = try Tensor(strings: ["a", "b"])
        #expect {
            _ = try s.dlpackObject()
        } throws: { error in
            "\(error)".contains("DLPack cannot carry string tensors")
        }
        // A NumPy string array cannot be exported by NumPy either.
        let np = try Python.import("numpy")
        #expect {
            _ = try Tensor(dlpack: try np.array(["a", "bc"]))
        } throws: { error in
            guard let e = (error as? TensorBridgeError)?.pythonException else { return false }
            return e.typeName == "BufferError"
        }
    }
}
}
