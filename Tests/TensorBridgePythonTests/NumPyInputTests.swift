import Testing
import TensorBridge
@testable import TensorBridgePython

/// Arrays that need a copy, strings, and the errors `numpy()` / `Tensor(numpy:)` give.
@Suite("NumPy input and errors")
struct NumPyInputTests {
    func values(_ t: Tensor) throws -> [Int64] { try t.cast(to: .int64).scalars(as: Int64.self) }

    @Test func nonContiguousArraysAreCopiedInCOrder() throws {
        try requirePython()
        let np = try Python.import("numpy")
        let base = try np.arange(12, dtype: "int64").reshape(3, 4)
        for array in [try base.T, try np.asfortranarray(base), try base[Python.slice(nil, nil, -1)],
                      try base[Python.slice(nil, nil), Python.slice(nil, nil, 2)]] {
            let t = try Tensor(numpy: array)
            #expect(try t.shape.dimensions == [Int](python: array.shape))
            #expect(try values(t) == [Int64](python: array.ravel().tolist()))
            #expect(throws: TensorBridgeError.self) { try Tensor(numpy: array, copy: false) }
        }
    }

    @Test func bigEndianIsSwappedToNative() throws {
        try requirePython()
        let np = try Python.import("numpy")
        let big = try np.arange(6, dtype: ">f4").reshape(2, 3)
        let t = try Tensor(numpy: big)
        #expect(t.dtype == .float32)
        #expect(try t.scalars(as: Float.self) == [0, 1, 2, 3, 4, 5])
        #expect(throws: TensorBridgeError.self) { try Tensor(numpy: big, copy: false) }
        let big16 = try np.array([1, 256, -2], dtype: ">i2")
        #expect(try Tensor(numpy: big16).scalars(as: Int16.self) == [1, 256, -2])
    }

    @Test func stringTensorsBecomeObjectArraysOfBytes() throws {
        try requirePython()
        let np = try Python.import("numpy")
        let t = try Tensor(strings: [[97], [98, 0, 99], [], Array("é".utf8)], shape: [2, 2])
        let a = try t.numpy()
        #expect(try String(python: a.dtype.name) == "object")
        #expect(try [Int](python: a.shape) == [2, 2])
        #expect(try a[1, 0].bytes() == [])
        #expect(try a[0, 1].bytes() == [98, 0, 99], "NULs are kept")
        #expect(try a[0, 0].typeName == "bytes")
        #expect(throws: TensorBridgeError.self) { try t.numpy(copy: false) }
        // Back: object arrays of bytes round-trip exactly; S arrays drop trailing NULs as NumPy does.
        #expect(try Tensor(numpy: a).strings() == t.strings())
        let s = try np.array([Python.bytes([104, 105]), Python.bytes([0, 120]), Python.bytes([121])])
        #expect(try String(python: s.dtype.str) == "|S2")
        let fromS = try Tensor(numpy: s)
        #expect(fromS.dtype == .string)
        #expect(try fromS.strings() == [[104, 105], [0, 120], [121]])
    }

    /// TensorFlow accepts unicode arrays: `tf.constant(np.array(["a", "bc", "é"]))` holds
    /// [b'a', b'bc', b'\xc3\xa9'] (UTF-8).
    @Test func unicodeArraysBecomeUTF8Strings() throws {
        try requirePython()
        let np = try Python.import("numpy")
        let t = try Tensor(numpy: np.array(["a", "bc", "é"]))
        #expect(t.dtype == .string)
        #expect(try t.strings() == [[0x61], [0x62, 0x63], [0xC3, 0xA9]])
        #expect(throws: TensorBridgeError.self) { try Tensor(numpy: np.array(["a"]), copy: false) }
    }

    @Test func unsupportedArraysAreRefusedClearly() throws {
        try requirePython()
        let np = try Python.import("numpy")
        func message(_ array: PythonObject) -> String {
            do { _ = try Tensor(numpy: array); return "no error" } catch { return "\(error)" }
        }
        #expect(message(try np.array(Python.tuple([1, "x"]), dtype: "object")).contains("object array"))
        #expect(message(try np.array(["2024-01-01"], dtype: "datetime64[D]")).contains("datetime"))
        #expect(message(try np.zeros(2, dtype: "i4,f4")).contains("structured"))
        #expect(message(try np.zeros(2, dtype: "longdouble")).contains("no tensor dtype"))
    }

    @Test func numpyErrorsFollowTensorFlow() throws {
        try requirePython()
        #expect(throws: TensorBridgeError.unsupportedDType(.resource, "Cannot convert a Tensor of dtype resource to a NumPy array.")) {
            try NumPyDType.export(.resource)
        }
        #expect(throws: TensorBridgeError.unsupportedDType(.variant, "Cannot convert a Tensor of dtype variant to a NumPy array.")) {
            try NumPyDType.export(.variant)
        }
        // A tensor on an accelerator cannot be shared with NumPy.
        let memory = try TensorBuffer.allocateHost(byteCount: 16)
        let onGPU = TensorBuffer(baseAddress: memory.baseAddress, byteCount: 16, device: Device(.gpu, 0), release: .retain(memory))
        let t = try Tensor(dtype: .float32, shape: Shape([4]), buffer: onGPU)
        #expect(throws: TensorBridgeError.self) { try t.numpy(copy: false) }
    }
}
