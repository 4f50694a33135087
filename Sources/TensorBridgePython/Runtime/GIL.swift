/// The global interpreter lock, taken around every use of Python.
///
/// The interpreter starts with the GIL released (see ``PythonRuntime``). Each entry point
/// takes it with `PyGILState_Ensure` and gives it back with `PyGILState_Release`, on whatever
/// thread it runs, so Python may be used from any Swift task or thread. Nested use on one
/// thread is allowed. Never `await` inside a GIL section: the bodies are synchronous.
///
/// Each thread's Python thread state is made once and kept (``pinThreadState()``): a bare
/// Ensure/Release pair creates and destroys a thread state every time, and extensions that
/// cache the thread state of the thread that imported them (pybind11, so TensorFlow) then
/// hold a dangling one and deadlock on their next GIL acquire.
extension PythonRuntime {
    /// Runs `body` holding the GIL.
    /// - Throws: `TensorBridgeError` (`.pythonFinalized`) after ``Python/finalize()``, or what `body` throws.
    @inline(__always)
    public func withGIL<R: ~Copyable>(_ body: () throws -> R) throws -> R {
        guard !isFinalized else { throw TensorBridgeError.pythonFinalized }
        return try withGILUnchecked(body)
    }

    /// Runs `body` holding the GIL, or returns `fallback` once the interpreter is finalised:
    /// for releasing references (`deinit`) and for descriptions, which cannot throw. After
    /// finalisation a reference is simply dropped: there is no interpreter left to tell.
    @inline(__always)
    func withGILIfAlive<R>(else fallback: @autoclosure () -> R, _ body: () -> R) -> R {
        guard !isFinalized else { return fallback() }
        return withGILUnchecked(body)
    }

    @inline(__always)
    private func withGILUnchecked<R: ~Copyable, E: Error>(_ body: () throws(E) -> R) throws(E) -> R {
        if api.gilThisThreadState() == nil { pinThreadState() }
        let state = api.gilEnsure()
        defer { api.gilRelease(state) }
        return try body()
    }

    /// Gives this OS thread a thread state that lives as long as the thread: one outer
    /// `PyGILState_Ensure` that is never released, with the GIL itself handed back at once.
    @inline(never)
    private func pinThreadState() {
        _ = api.gilEnsure()
        _ = api.evalSaveThread()
    }
}

extension Python {
    /// Loads the interpreter if needed, then runs `body` holding the GIL.
    /// - Throws: `TensorBridgeError` (`.libraryUnavailable`) when Python cannot be loaded, or what
    ///   `body` throws.
    public static func withGIL<R>(_ body: (PythonRuntime) throws -> R) throws -> R {
        let runtime = try load()
        return try runtime.withGIL { try body(runtime) }
    }
}
