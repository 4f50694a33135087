import CDLPack
import Synchronization
import Testing
@testable import TensorBridgePython
import TensorBridgeTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Every Python DLPack suite nests in this one, run one test at a time: TensorFlow's first
/// import racing other Python work on other threads crashed the process (inside pybind11 and
/// with heap corruption), an interaction of TensorFlow with per-call `PyGILState_Ensure`
/// thread states, not of DLPack. Serial runs keep these tests deterministic.
@Suite(.serialized) struct DLPackPythonTests {}

func dlpackBytes(of tensor: Tensor) throws -> [UInt8] {
    try tensor.withUnsafeBytes { Array($0) }
}

/// The address a Python integer holds (`a.ctypes.data`), as a pointer value.
func dlpackAddress(_ object: PythonObject) throws -> UInt {
    UInt(try UInt64(python: object))
}

func dlpackAddress(of tensor: Tensor) -> UInt {
    UInt(bitPattern: tensor.buffer?.baseAddress)
}

/// `bytes(obj.tobytes())` of a NumPy array (or anything with `tobytes`).
func dlpackPythonBytes(_ array: PythonObject) throws -> [UInt8] {
    try array.tobytes().bytes()
}

/// Runs Python source (statements) in a fresh namespace with `np` and the given globals,
/// returning the namespace.
func dlpackExec(_ source: String, _ globals: [String: PythonObject] = [:]) throws -> PythonObject {
    let builtins = try Python.builtins()
    let namespace = try builtins.dict()
    try namespace.setItem("np", try Python.import("numpy"))
    for (k, v) in globals { try namespace.setItem(k, v) }
    _ = try builtins.exec(source, namespace)
    return namespace
}

/// NumPy's name for each dtype NumPy can carry through DLPack (NumPy 2.4 accepts bool,
/// int/uint 8–64, float16/32/64 and complex; bfloat16 and float8 give "Unsupported dtype in
/// DLTensor.").
let dlpackNumPyDTypes: [(DType, String)] = [
    (.bool, "bool"), (.int8, "int8"), (.int16, "int16"), (.int32, "int32"), (.int64, "int64"),
    (.uint8, "uint8"), (.uint16, "uint16"), (.uint32, "uint32"), (.uint64, "uint64"),
    (.float16, "float16"), (.float32, "float32"), (.float64, "float64"),
    (.complex64, "complex64"), (.complex128, "complex128"),
]

/// TensorFlow's DLPack dtypes: NumPy's plus bfloat16 (float8 is refused by TF 2.21).
let dlpackTensorFlowDTypes: [DType] = dlpackNumPyDTypes.map(\.0) + [.bfloat16]

/// Serialises the first `import tensorflow`: TensorFlow's import is not safe to race from
/// several threads of one process (a concurrent first import crashed inside pybind11).
private let tensorFlowImport = Mutex<Bool>(false)

/// Imports TensorFlow, failing loudly (never skipping) when it is missing.
func requireTensorFlow(sourceLocation: SourceLocation = #_sourceLocation) throws -> PythonObject {
    try requirePython(sourceLocation: sourceLocation)
    do {
        return try tensorFlowImport.withLock { _ in try Python.import("tensorflow") }
    } catch {
        Issue.record("TENSORFLOW MISSING: these tests need tensorflow-cpu in the venv (scripts/setup-venv): \(error)",
                     sourceLocation: sourceLocation)
        throw error
    }
}
