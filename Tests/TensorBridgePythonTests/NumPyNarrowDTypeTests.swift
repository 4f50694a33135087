import Testing
import TensorBridge
@testable import TensorBridgePython

/// TensorFlow 2.21's narrow dtypes travel to and from NumPy as their ml_dtypes types.
@Suite("NumPy narrow dtypes")
struct NumPyNarrowDTypeTests {
    @Test(arguments: DType.allCases.filter(\.isStorageOnly))
    func roundTripThroughMLDTypes(_ dtype: DType) throws {
        try requirePython()
        let ml = try Python.import("ml_dtypes")
        let np = try Python.import("numpy")
        // ml_dtypes' own encoding of [1, 0] (and -1 / 1 for the unsigned ones).
        let values: [Double] = dtype.isUnsigned ? [1, 0, 1] : [1, 0, -1]
        let reference = try np.array(values, dtype: "float32").astype(ml.attribute(dtype.name))
        _ = try reference.setflags(write: false)
        let t = try Tensor(numpy: reference)
        #expect(t.dtype == dtype)
        let bytes = try [Int](python: reference.view("uint8").tolist())
        #expect(try t.withUnsafeBytes { $0.map(Int.init) } == bytes)
        let back = try t.numpy()
        #expect(try String(python: back.dtype.name) == dtype.name)
        #expect(try Bool(python: np.array_equal(back.view("uint8"), reference.view("uint8"))))
    }
}
