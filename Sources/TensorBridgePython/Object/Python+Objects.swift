/// Building Python objects from Swift.
extension Python {
    /// `import name` (for example `"numpy"` or `"matplotlib.pyplot"`), loading Python first if needed.
    /// - Throws: `TensorBridgeError` (`.pythonException`) with the `ModuleNotFoundError` when it is missing.
    public static func `import`(_ name: String) throws -> PythonObject {
        try withGIL { rt in try rt.wrap(rt.api.importModule(name)) }
    }

    /// `None`.
    public static func none() throws -> PythonObject {
        let rt = try load()
        return PythonObject(borrowing: rt.noneObject, runtime: rt)
    }

    /// The `builtins` module (`len`, `list`, `type`, ...).
    public static func builtins() throws -> PythonObject { try `import`("builtins") }

    /// A Python `tuple` of converted values.
    public static func tuple(_ items: [any PythonConvertible]) throws -> PythonObject {
        try withGIL { rt in try rt.tuple(items) }
    }

    /// A Python `bytes` object holding a copy of `bytes`.
    public static func bytes(_ bytes: [UInt8]) throws -> PythonObject {
        try withGIL { rt in
            try bytes.withUnsafeBytes { raw in
                try rt.wrap(rt.api.bytesFromStringAndSize(raw.baseAddress?.assumingMemoryBound(to: CChar.self), raw.count))
            }
        }
    }
}

extension Python {
    /// A Python `slice(start, stop, step)`, for subscripts: `a[Python.slice(1, nil)]` is `a[1:]`.
    public static func slice(_ start: Int?, _ stop: Int?, _ step: Int? = nil) throws -> PythonObject {
        try builtins().slice(start, stop, step)
    }
}
