/// Python's failures, as `TensorBridgeError` values.
extension TensorBridgeError {
    /// The Python exception beneath this error (code `.pythonException`), if any.
    public var pythonException: PythonException? { cause as? PythonException }

    /// libpython could not be found, opened or started; the message lists every place tried
    /// and how to fix it.
    package static func pythonUnavailable(_ message: String) -> Self {
        Self(.libraryUnavailable, "Python is unavailable: \(message)")
    }

    /// Python raised `exception`.
    package static func pythonException(_ exception: PythonException) -> Self {
        Self(.pythonException, exception.description, cause: exception)
    }

    /// A module TensorBridge needs is not installed in the interpreter that was loaded.
    package static func missingModule(name: String, purpose: String, interpreter: String) -> Self {
        Self(.missingPythonModule,
             "The Python module '\(name)' is needed \(purpose) but is not installed in the Python at \(interpreter). "
                + "Install it with: python3 -m pip install \(name)"
                + (["numpy", "scipy", "matplotlib"].contains(name) ? " (or, for a Debian/Ubuntu system Python: apt-get install python3-\(name))" : ""))
    }

    /// A Swift value could not become a Python object, or the reverse.
    package static func conversion(_ message: String) -> Self { Self(.pythonConversion, message) }

    /// ``Python/finalize()`` has shut the interpreter down; it cannot be used again in this process.
    package static var pythonFinalized: Self {
        Self(.pythonFinalized, "Python was finalized (Python.finalize()) and cannot be used again in this process")
    }
}

/// A Python exception, captured as text while the GIL was held, so it can travel anywhere.
public struct PythonException: Error, Sendable, CustomStringConvertible {
    /// The built-in exception classes TensorBridge itself reacts to.
    package enum Builtin: Sendable, CaseIterable {
        case typeError, moduleNotFoundError
    }

    /// The exception's type name, for example `ValueError` or `numpy.exceptions.AxisError`.
    public let typeName: String
    /// `str(exception)`.
    public let message: String
    /// The formatted traceback (`traceback.format_exception`), empty when Python gave none.
    public let traceback: String
    /// The built-in classes the exception is an instance of (subclasses included), decided by
    /// the type objects when it was caught, never by its name.
    package let builtins: Set<Builtin>

    package init(typeName: String, message: String, traceback: String, builtins: Set<Builtin> = []) {
        self.typeName = typeName
        self.message = message
        self.traceback = traceback
        self.builtins = builtins
    }

    /// Whether the exception is an instance of the built-in class `builtin`.
    package func isInstance(of builtin: Builtin) -> Bool { builtins.contains(builtin) }

    /// `Type: message`, then the traceback.
    public var description: String {
        traceback.isEmpty ? "\(typeName): \(message)" : "\(typeName): \(message)\n\(traceback)"
    }
}

extension PythonRuntime {
    /// Takes the pending Python exception (the GIL must be held), clearing it, as a Swift error.
    /// When no exception is pending, reports `fallback` instead.
    func fetchError(_ fallback: @autoclosure () -> String = "a Python call failed without an exception") -> TensorBridgeError {
        var type: PyObjectPointer?, value: PyObjectPointer?, trace: PyObjectPointer?
        api.errFetch(&type, &value, &trace)
        guard let raised = type else { return .conversion(fallback()) }
        // Matched by the type objects (subclasses included), never by name.
        let builtins = Set(PythonException.Builtin.allCases.filter {
            api.errGivenExceptionMatches(raised, api.exceptionType($0)) != 0
        })
        api.errNormalize(&type, &value, &trace)
        defer { api.decRef(type); api.decRef(value); api.decRef(trace) }

        let typeName = type.map { qualifiedName(of: $0) } ?? "Exception"
        let message = value.flatMap { text(api.str($0)) } ?? ""
        var tracebackText = ""
        if let value, let trace, let module = api.importModule("traceback") {
            defer { api.decRef(module) }
            if let format = api.getAttrString(module, "format_exception") {
                defer { api.decRef(format) }
                if let args = api.tupleNew(3) {
                    defer { api.decRef(args) }
                    for (i, o) in [type, value, trace].enumerated() {
                        api.incRef(o ?? noneObject)
                        _ = api.tupleSetItem(args, i, o ?? noneObject)
                    }
                    if let lines = api.call(format, args, nil), let empty = api.unicodeFromStringAndSize("", 0) {
                        defer { api.decRef(lines); api.decRef(empty) }
                        if let join = api.getAttrString(empty, "join"), let joinArgs = api.tupleNew(1) {
                            api.incRef(lines)
                            _ = api.tupleSetItem(joinArgs, 0, lines)
                            tracebackText = text(api.call(join, joinArgs, nil)) ?? ""
                            api.decRef(joinArgs)
                            api.decRef(join)
                        }
                    }
                }
            }
        }
        api.errClear()  // anything the traceback formatting itself raised
        return .pythonException(PythonException(typeName: typeName, message: message, traceback: tracebackText, builtins: builtins))
    }

    /// `module.qualname` for a class, or just `qualname` for builtins.
    private func qualifiedName(of type: PyObjectPointer) -> String {
        let name = text(api.getAttrString(type, "__qualname__")) ?? "Exception"
        let module = text(api.getAttrString(type, "__module__")) ?? "builtins"
        api.errClear()
        return module == "builtins" ? name : "\(module).\(name)"
    }

    /// The UTF-8 text of a new reference to a `str` (consumed), or nil.
    func text(_ object: PyObjectPointer?) -> String? {
        guard let object else { api.errClear(); return nil }
        defer { api.decRef(object) }
        var size = 0
        guard let utf8 = api.unicodeAsUTF8AndSize(object, &size) else { api.errClear(); return nil }
        return String(decoding: UnsafeRawBufferPointer(start: utf8, count: size), as: UTF8.self)
    }
}
