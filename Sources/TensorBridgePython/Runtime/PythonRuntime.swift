import Synchronization

/// The one embedded interpreter of this process: the library, its C API, and the objects
/// TensorBridge looks up once. Created by ``Python/load()``; immutable afterwards.
// Unchecked Sendable: immutable after init; its raw pointers only reach Python with the GIL held.
public final class PythonRuntime: @unchecked Sendable {
    /// The library the interpreter runs from.
    public let library: PythonLibrary
    /// `sys.version` of the running interpreter, for example `3.11.7 (main, ...)`.
    public let version: String
    let api: PythonAPI
    /// `Py_None` (`&_Py_NoneStruct`): a static object, never freed.
    let noneObject: PyObjectPointer
    /// Whether TensorBridge started the interpreter (and so may finalise it).
    let ownsInterpreter: Bool
    private let finalized = Atomic<Bool>(false)

    /// Whether ``Python/finalize()`` has shut this interpreter down.
    public var isFinalized: Bool { finalized.load(ordering: .acquiring) }

    init(library: PythonLibrary) throws {
        self.library = library
        let api = try PythonAPI(library)
        self.api = api
        self.noneObject = try library.symbol("_Py_NoneStruct", as: UnsafeMutableRawPointer.self)
        let version = api.getVersion().map { String(cString: $0) } ?? "?"
        self.version = version
        let numbers = version.split(separator: " ").first?.split(separator: ".").compactMap { Int($0) } ?? []
        guard numbers.count >= 2, (numbers[0], numbers[1]) >= (3, 9) else {
            throw TensorBridgeError.pythonUnavailable("\(library.origin) is Python \(version); TensorBridge needs Python 3.9 or newer")
        }
        ownsInterpreter = api.isInitialized() == 0
        if let expected = library.interpreterVersion, PythonLibrary.majorMinor(version) != expected {
            throw TensorBridgeError.pythonUnavailable(
                "\(library.origin) is Python \(PythonLibrary.majorMinor(version)), but the interpreter \(library.interpreter ?? "?") is Python \(expected); point PYTHON_LIBRARY at the matching libpython or unset it")
        }
        if ownsInterpreter {
            // We own the interpreter: start it as the chosen interpreter (so a venv's
            // pyvenv.cfg applies) without signal handlers (the host process keeps SIGINT),
            // then release the GIL so every thread takes it with PyGILState_Ensure.
            try PythonStartup.initialize(library, api: api)
            library.log("started: \(PythonStartup.describe(api))")
            _ = api.evalSaveThread()
        } else {
            library.log("using the host's running interpreter")
        }
    }

    /// Takes the GIL for good and finalises. The GIL is never released: after
    /// `Py_FinalizeEx` there is no thread state left to release it into.
    fileprivate func shutDown() {
        _ = api.gilEnsure()
        // Flag first: references released while Python tears down are dropped, not released
        // into an interpreter that is halfway gone.
        finalized.store(true, ordering: .releasing)
        _ = api.finalizeEx()
    }
}

/// Entry points to the embedded interpreter.
public enum Python {
    private static let state = Locked<PythonRuntime?>(nil)

    /// The shared interpreter, loaded and started on first use (see ``PythonLibrary/locate(environment:)``
    /// for where it looks). Later calls return the same runtime. A failed load is not cached, so
    /// fixing the environment and calling again works.
    /// - Throws: `TensorBridgeError` (`.libraryUnavailable`) listing every place tried.
    @discardableResult
    public static func load() throws -> PythonRuntime {
        try state.withLock { runtime in
            if let runtime { return runtime }
            let loaded = try PythonRuntime(library: PythonLibrary.locate())
            runtime = loaded
            return loaded
        }
    }

    /// Shuts down the interpreter TensorBridge started (`Py_FinalizeEx`): `atexit` handlers
    /// run, files are flushed, and Python frees what it can, including arrays that share
    /// TensorBridge memory (whose DLPack deleters and buffer releases then run, once each).
    ///
    /// Call it at most once, at the end, after Python work on every thread has finished; a
    /// process need not call it at all. Afterwards every Python call throws
    /// `TensorBridgeError` (`.pythonFinalized`), and Swift values still holding Python objects let go of them
    /// without touching Python. Tensors are unaffected: tensors imported from NumPy keep their
    /// memory, and NumPy's own DLPack deleter knows the interpreter is gone.
    /// - Throws: `TensorBridgeError` (`.pythonConversion`) when the interpreter belongs to a host
    ///   process (TensorBridge loaded into Python), which alone may shut it down.
    public static func finalize() throws {
        guard let runtime = loaded, !runtime.isFinalized else { return }
        guard runtime.ownsInterpreter else {
            throw TensorBridgeError.invalidArgument("this interpreter was started by the host process; only the host may finalize it")
        }
        runtime.shutDown()
    }

    /// The runtime if already loaded, without trying to load it.
    static var loaded: PythonRuntime? { state.withLock { $0 } }
}
