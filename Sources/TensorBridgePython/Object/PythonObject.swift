/// A reference to a Python object in the embedded interpreter.
///
/// Holding a `PythonObject` keeps the object alive. Every operation takes the GIL itself, and
/// so does dropping the last Swift reference (from any thread), which is why this class is
/// `Sendable`: all access to the Python object goes through the GIL.
///
/// ```swift
/// let np = try Python.import("numpy")
/// let a = try np.arange(6).reshape(2, 3)
/// print(try a.shape)                    // (2, 3)
/// let total = try Int(python: a.sum())  // 15
/// ```
/// Attribute access and calls throw `TensorBridgeError` when Python raises.
@dynamicMemberLookup
@dynamicCallable
// Unchecked Sendable: immutable; the object it owns is only touched with the GIL held, which every method takes.
public final class PythonObject: @unchecked Sendable {
    /// The runtime the object belongs to.
    public let runtime: PythonRuntime
    /// The `PyObject *`, of which this instance owns one strong reference.
    package let pointer: PyObjectPointer

    /// Takes over a new (owned) reference, which is released when this instance dies.
    package init(owning pointer: PyObjectPointer, runtime: PythonRuntime) {
        self.pointer = pointer
        self.runtime = runtime
    }

    /// Adds a reference to a borrowed pointer and owns that new reference.
    package convenience init(borrowing pointer: PyObjectPointer, runtime: PythonRuntime) {
        runtime.withGILIfAlive(else: ()) { runtime.api.incRef(pointer) }
        self.init(owning: pointer, runtime: runtime)
    }

    deinit {
        let api = runtime.api, pointer = pointer
        runtime.withGILIfAlive(else: ()) { api.decRef(pointer) }
    }

    /// A new reference for a C call that steals one (the GIL must be held).
    package func newReference() -> PyObjectPointer {
        runtime.api.incRef(pointer)
        return pointer
    }

    // MARK: Attributes

    /// `getattr(self, name)`.
    public func attribute(_ name: String) throws -> PythonObject {
        try runtime.withGIL { try runtime.wrap(runtime.api.getAttrString(pointer, name)) }
    }

    /// `self.name`, as Swift member syntax: `try np.float32`.
    public subscript(dynamicMember name: String) -> PythonObject {
        get throws { try attribute(name) }
    }

    /// `hasattr(self, name)`.
    public func hasAttribute(_ name: String) -> Bool {
        runtime.withGILIfAlive(else: false) { runtime.api.hasAttrString(pointer, name) != 0 }
    }

    /// `setattr(self, name, value)`.
    public func setAttribute(_ name: String, _ value: any PythonConvertible) throws {
        try runtime.withGIL {
            let v = try value.makePythonObject(runtime)
            guard runtime.api.setAttrString(pointer, name, v.pointer) == 0 else { throw runtime.fetchError() }
        }
    }

    // MARK: Items

    /// `self[key]`; several keys index with a tuple, as `a[0, 1]` does in Python.
    public subscript(_ keys: any PythonConvertible...) -> PythonObject {
        get throws {
            try runtime.withGIL {
                let key = keys.count == 1 ? try keys[0].makePythonObject(runtime) : try runtime.tuple(keys)
                return try runtime.wrap(runtime.api.getItem(pointer, key.pointer))
            }
        }
    }

    /// `self[key] = value`.
    public func setItem(_ key: any PythonConvertible, _ value: any PythonConvertible) throws {
        try runtime.withGIL {
            let k = try key.makePythonObject(runtime), v = try value.makePythonObject(runtime)
            guard runtime.api.setItem(pointer, k.pointer, v.pointer) == 0 else { throw runtime.fetchError() }
        }
    }

    // MARK: Calls

    /// `self(*args, **kwargs)`.
    public func call(_ args: [any PythonConvertible] = [], kwargs: KeyValuePairs<String, any PythonConvertible> = [:]) throws -> PythonObject {
        try runtime.withGIL {
            let tuple = try runtime.tuple(args)
            var dict: PythonObject?
            if !kwargs.isEmpty {
                let d = try runtime.wrap(runtime.api.dictNew())
                for (key, value) in kwargs {
                    let v = try value.makePythonObject(runtime)
                    guard runtime.api.dictSetItemString(d.pointer, key, v.pointer) == 0 else { throw runtime.fetchError() }
                }
                dict = d
            }
            return try runtime.wrap(runtime.api.call(pointer, tuple.pointer, dict?.pointer))
        }
    }

    /// `self(a, b, key: c)` in Swift call syntax; unlabeled arguments are positional.
    public func dynamicallyCall(withKeywordArguments arguments: KeyValuePairs<String, any PythonConvertible>) throws -> PythonObject {
        var positional: [any PythonConvertible] = []
        var keywords: [(String, any PythonConvertible)] = []
        for (key, value) in arguments {
            if key.isEmpty {
                guard keywords.isEmpty else { throw TensorBridgeError.conversion("positional argument follows keyword argument") }
                positional.append(value)
            } else {
                keywords.append((key, value))
            }
        }
        return try runtime.withGIL {
            let tuple = try runtime.tuple(positional)
            var dict: PythonObject?
            if !keywords.isEmpty {
                let d = try runtime.wrap(runtime.api.dictNew())
                for (key, value) in keywords {
                    let v = try value.makePythonObject(runtime)
                    guard runtime.api.dictSetItemString(d.pointer, key, v.pointer) == 0 else { throw runtime.fetchError() }
                }
                dict = d
            }
            return try runtime.wrap(runtime.api.call(pointer, tuple.pointer, dict?.pointer))
        }
    }

    // MARK: Inspection

    /// Whether this is `None`.
    public var isNone: Bool { pointer == runtime.noneObject }

    /// `isinstance(self, type)`.
    public func isInstance(of type: PythonObject) throws -> Bool {
        try runtime.withGIL {
            let r = runtime.api.isInstance(pointer, type.pointer)
            guard r >= 0 else { throw runtime.fetchError() }
            return r == 1
        }
    }

    /// `repr(self)`.
    public var repr: String {
        runtime.withGILIfAlive(else: "<finalized>") { runtime.text(runtime.api.repr(pointer)) ?? "<unrepresentable>" }
    }

    /// The Python type's qualified name, for messages.
    public var typeName: String {
        runtime.withGILIfAlive(else: "?") {
            guard let t = runtime.api.objectType(pointer) else { runtime.api.errClear(); return "?" }
            defer { runtime.api.decRef(t) }
            return runtime.text(runtime.api.getAttrString(t, "__qualname__")) ?? "?"
        }
    }
}

extension PythonObject: CustomStringConvertible {
    /// `str(self)`.
    public var description: String {
        runtime.withGILIfAlive(else: "<finalized>") { runtime.text(runtime.api.str(pointer)) ?? "<unprintable>" }
    }
}

extension PythonRuntime {
    /// Wraps a new reference, or turns the pending exception into a thrown error (GIL held).
    func wrap(_ object: PyObjectPointer?) throws(TensorBridgeError) -> PythonObject {
        guard let object else { throw fetchError() }
        return PythonObject(owning: object, runtime: self)
    }

    /// A tuple of converted values (GIL held).
    func tuple(_ items: [any PythonConvertible]) throws -> PythonObject {
        let tuple = try wrap(api.tupleNew(items.count))
        for (i, item) in items.enumerated() {
            let o = try item.makePythonObject(self)
            _ = api.tupleSetItem(tuple.pointer, i, o.newReference())  // steals the new reference
        }
        return tuple
    }
}
