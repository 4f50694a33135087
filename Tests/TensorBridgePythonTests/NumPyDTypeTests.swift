import Testing
import TensorBridge
@testable import TensorBridgePython

/// Every dtype, both ways, checked against arrays NumPy itself builds.
@Suite("NumPy dtypes")
struct NumPyDTypeTests {
    /// The dense dtypes a tensor can hold, with the NumPy dtype name TensorFlow gives them.
    static let cases: [(DType, String)] = [
        (.bool, "bool"), (.int8, "int8"), (.uint8, "uint8"), (.int16, "int16"), (.uint16, "uint16"),
        (.int32, "int32"), (.uint32, "uint32"), (.int64, "int64"), (.uint64, "uint64"),
        (.float16, "float16"), (.float32, "float32"), (.float64, "float64"),
        (.complex64, "complex64"), (.complex128, "complex128"),
        (.bfloat16, "bfloat16"), (.float8_e5m2, "float8_e5m2"), (.float8_e4m3fn, "float8_e4m3fn"),
        (.qint8, "int8"), (.quint8, "uint8"), (.qint16, "int16"), (.quint16, "uint16"), (.qint32, "int32"),
    ]

    /// [[0, 1, 2], [3, 4, 5]] in `dtype` (bool: x % 2 == 1), built in Swift.
    static func sample(_ dtype: DType) throws -> Tensor {
        let v = (0..<6).map { $0 }
        let shape = [2, 3]
        switch dtype {
        case .bool: return try Tensor(v.map { $0 % 2 == 1 }, shape: shape)
        case .int8: return try Tensor(v.map { Int8($0) }, shape: shape)
        case .uint8: return try Tensor(v.map { UInt8($0) }, shape: shape)
        case .int16: return try Tensor(v.map { Int16($0) }, shape: shape)
        case .uint16: return try Tensor(v.map { UInt16($0) }, shape: shape)
        case .int32: return try Tensor(v.map { Int32($0) }, shape: shape)
        case .uint32: return try Tensor(v.map { UInt32($0) }, shape: shape)
        case .int64: return try Tensor(v.map { Int64($0) }, shape: shape)
        case .uint64: return try Tensor(v.map { UInt64($0) }, shape: shape)
        case .float16: return try Tensor(v.map { Float16($0) }, shape: shape)
        case .float32: return try Tensor(v.map { Float($0) }, shape: shape)
        case .float64: return try Tensor(v.map { Double($0) }, shape: shape)
        case .complex64: return try Tensor(v.map { Complex64(Float($0)) }, shape: shape)
        case .complex128: return try Tensor(v.map { Complex128(Double($0)) }, shape: shape)
        case .bfloat16: return try Tensor(v.map { BFloat16(Float($0)) }, shape: shape)
        case .float8_e5m2: return try Tensor(v.map { Float8E5M2(Float($0)) }, shape: shape)
        case .float8_e4m3fn: return try Tensor(v.map { Float8E4M3FN(Float($0)) }, shape: shape)
        case .qint8: return try Tensor(v.map { QInt8(Int8($0)) }, shape: shape)
        case .quint8: return try Tensor(v.map { QUInt8(UInt8($0)) }, shape: shape)
        case .qint16: return try Tensor(v.map { QInt16(Int16($0)) }, shape: shape)
        case .quint16: return try Tensor(v.map { QUInt16(UInt16($0)) }, shape: shape)
        case .qint32: return try Tensor(v.map { QInt32(Int32($0)) }, shape: shape)
        default: throw TensorBridgeError.unimplemented("no sample for \(dtype)")
        }
    }

    /// The same values built by NumPy: `np.arange(6).reshape(2, 3).astype(name)`.
    static func reference(_ name: String) throws -> PythonObject {
        let np = try Python.import("numpy")
        let base = try np.arange(6).reshape(2, 3)
        if name == "bool" { return try np.mod(base, 2).astype("bool") }
        if let ml = ["bfloat16", "float8_e5m2", "float8_e4m3fn"].first(where: { $0 == name }) {
            return try base.astype(Python.import("ml_dtypes").attribute(ml))
        }
        return try base.astype(name)
    }

    @Test("numpy() gives TensorFlow's NumPy dtype and the same values", arguments: cases)
    func tensorToNumPy(dtype: DType, name: String) throws {
        try requirePython()
        let np = try Python.import("numpy")
        let a = try Self.sample(dtype).numpy()
        #expect(try a.isInstance(of: np.ndarray))
        #expect(try String(python: a.dtype.name) == name)
        #expect(try [Int](python: a.shape) == [2, 3])
        #expect(try Bool(python: np.array_equal(a, Self.reference(name))))
        #expect(try !Bool(python: a.flags.writeable), "a zero-copy view must be read-only")
    }

    @Test("Tensor(numpy:) reads each NumPy dtype", arguments: cases.filter { !$0.0.isQuantized })
    func numPyToTensor(dtype: DType, name: String) throws {
        try requirePython()
        let np = try Python.import("numpy")
        let reference = try Self.reference(name)
        // A read-only array is shared (a writable one would be copied to keep the tensor immutable).
        _ = try reference.setflags(write: false)
        let t = try Tensor(numpy: reference)
        #expect(t.dtype == dtype)
        #expect(t.shape.dimensions == [2, 3])
        #expect(try Bool(python: np.array_equal(t.numpy(), reference)))
        // The bytes are NumPy's own: same address, no copy.
        let address = try Int(python: reference.__array_interface__["data"][0])
        #expect(try t.withUnsafeBytes { Int(bitPattern: $0.baseAddress) } == address)
    }

    @Test func quantizedBecomePlainIntegers() throws {
        try requirePython()
        let a = try Tensor([QInt8(-3), QInt8(7)], shape: [2]).numpy()
        #expect(try String(python: a.dtype.name) == "int8")
        #expect(try [Int](python: a.tolist()) == [-3, 7])
    }

    @Test func bfloat16ThroughMLDtypesKeepsBits() throws {
        try requirePython()
        let np = try Python.import("numpy"), ml = try Python.import("ml_dtypes")
        let values: [Float] = [1.5, -2.25, 3.0e38, .infinity]
        let t = try Tensor(values.map(BFloat16.init), shape: [4])
        let a = try t.numpy()
        #expect(try Bool(python: a.dtype.__eq__(np.dtype(ml.bfloat16))))
        #expect(try [Float](python: a.astype("float32").tolist()) == values.map { BFloat16($0).floatValue })
        #expect(try Bool(python: np.shares_memory(a, t.numpy())))
        // Reverse: NumPy's bfloat16 bits arrive unchanged.
        let b = try np.array([0.1, -7.5, 65504.0], dtype: ml.bfloat16)
        let back = try Tensor(numpy: b)
        #expect(back.dtype == .bfloat16)
        #expect(try back.scalars(as: BFloat16.self).map(\.bitPattern) == [UInt16](python: b.view("uint16").tolist()))
    }

    @Test func rankZeroGivesNumPyScalars() throws {
        try requirePython()
        let np = try Python.import("numpy")
        let x = try Tensor(Float(3)).numpy()
        #expect(try x.isInstance(of: np.float32))
        #expect(try Double(python: x) == 3)
        let b = try Tensor(BFloat16(Float(2))).numpy()
        #expect(try String(python: b.dtype.name) == "bfloat16")
        #expect(try x.isInstance(of: np.generic) && b.isInstance(of: np.generic))
        let s = try Tensor(strings: [[104, 0, 105]], shape: []).numpy()
        #expect(s.typeName == "bytes")
        #expect(try s.bytes() == [104, 0, 105])
        // Reverse: a NumPy scalar becomes a rank-0 tensor.
        let t = try Tensor(numpy: np.float64(2.5))
        #expect(t.rank == 0 && t.dtype == .float64)
        #expect(try t.scalar(as: Double.self) == 2.5)
    }

    @Test func emptyShapesAreKept() throws {
        try requirePython()
        let np = try Python.import("numpy")
        let a = try Tensor.zeros(shape: [0, 3]).numpy()
        #expect(try [Int](python: a.shape) == [0, 3])
        let t = try Tensor(numpy: np.zeros([4, 0], dtype: "int16"))
        #expect(t.shape.dimensions == [4, 0] && t.dtype == .int16)
    }
}
