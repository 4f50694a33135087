/// The global interpreter lock, taken around every use of Python.
///
/// The interpreter starts with the GIL released (see ``PythonRuntime``). Each entry point
/// takes it with `PyGILState_Ensure` and gives it back with `PyGILState_Release`, on whatever
/// thread it runs, so Python may be used from any Swift task or thread. Nested use on one
/// thread is allowed. Never `await` inside a GIL section: the bodies are synchronous.
extension PythonRuntime {
    /// Runs `body` holding the GIL.
    @inline(__always)
    public func withGIL<R, E: Error>(_ body: () throws(E) -> R) throws(E) -> R {
        let state = api.gilEnsure()
        defer { api.gilRelease(state) }
        return try body()
    }
}

extension Python {
    /// Loads the interpreter if needed, then runs `body` holding the GIL.
    /// - Throws: ``PythonError/libraryUnavailable(_:)`` when Python cannot be loaded, or what
    ///   `body` throws.
    public static func withGIL<R>(_ body: (PythonRuntime) throws -> R) throws -> R {
        let runtime = try load()
        return try runtime.withGIL { try body(runtime) }
    }
}
