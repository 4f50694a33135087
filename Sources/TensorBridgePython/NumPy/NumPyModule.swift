
/// NumPy objects looked up once per process and reused by every conversion.
final class NumPyModule: Sendable {
    let runtime: PythonRuntime
    let numpy: PythonObject
    let ndarray: PythonObject
    let asarray: PythonObject
    let ascontiguousarray: PythonObject
    let emptyTuple: PythonObject
    /// The buffer exporter type (see ``BufferExporter``).
    let exporterType: PythonObject
    /// `ml_dtypes` dtypes by name, or the error to report when ml_dtypes is missing.
    private let mlDTypes: Result<[String: PythonObject], TensorBridgeError>

    private static let shared = Locked<NumPyModule?>(nil)

    /// The cached module, importing NumPy on first use.
    /// - Throws: `TensorBridgeError` (`.missingPythonModule`) without NumPy.
    static func get() throws -> NumPyModule {
        if let cached = shared.withLock({ $0 }) { return cached }
        let runtime = try Python.load()
        // Import outside the lock (importing takes the GIL; never wait for the GIL while
        // holding a Swift lock another GIL holder might want).
        let module = try runtime.withGIL { try NumPyModule(runtime: runtime) }
        return shared.withLock { cached in
            if let cached { return cached }
            cached = module
            return module
        }
    }

    private init(runtime: PythonRuntime) throws {
        self.runtime = runtime
        let api = runtime.api
        guard let np = api.importModule("numpy") else {
            let error = runtime.fetchError()
            if error.pythonException?.isInstance(of: .moduleNotFoundError) == true {
                throw TensorBridgeError.missingModule(name: "numpy", purpose: "to make NumPy arrays", interpreter: runtime.library.origin)
            }
            throw error
        }
        numpy = PythonObject(owning: np, runtime: runtime)
        ndarray = try numpy.attribute("ndarray")
        asarray = try numpy.attribute("asarray")
        ascontiguousarray = try numpy.attribute("ascontiguousarray")
        emptyTuple = try runtime.tuple([])
        exporterType = try BufferExporter.makeType(runtime)
        if let ml = api.importModule("ml_dtypes") {
            let module = PythonObject(owning: ml, runtime: runtime)
            var types: [String: PythonObject] = [:]
            for name in ["bfloat16", "float8_e5m2", "float8_e4m3fn"] {
                types[name] = try numpy.dtype(module.attribute(name))
            }
            // TensorFlow 2.21's narrow dtypes; an older ml_dtypes may lack some of them.
            for name in ["float8_e4m3fnuz", "float8_e4m3b11fnuz", "float8_e5m2fnuz", "int4", "uint4", "int2", "uint2", "float4_e2m1fn"]
                where module.hasAttribute(name) {
                types[name] = try numpy.dtype(module.attribute(name))
            }
            mlDTypes = .success(types)
        } else {
            api.errClear()
            mlDTypes = .failure(.missingModule(
                name: "ml_dtypes", purpose: "for bfloat16 and float8 arrays (NumPy has no such dtypes of its own)",
                interpreter: runtime.library.origin))
        }
    }

    /// The NumPy dtype object for an `ml_dtypes` type name.
    func mlDType(_ name: String) throws -> PythonObject {
        let types = try mlDTypes.get()
        guard let dtype = types[name] else {
            throw TensorBridgeError.conversion("the installed ml_dtypes has no \(name); upgrade it (python3 -m pip install -U ml_dtypes)")
        }
        return dtype
    }
}
