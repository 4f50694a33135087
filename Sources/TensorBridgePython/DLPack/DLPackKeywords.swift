/// The keyword names of `__dlpack__(stream=None, max_version=None, dl_device=None, copy=None)`
/// as interned Python strings, made once and kept for the life of the interpreter.
// Unchecked Sendable: immutable; the strings are immortal and read only with the GIL held.
struct DLPackKeywords: @unchecked Sendable {
    enum Name {
        case stream, maxVersion, device, copy
    }

    private let names: [(object: PyObjectPointer, text: StaticString, name: Name)]

    /// Interns the four names (GIL held).
    init(_ intern: @convention(c) (UnsafePointer<CChar>) -> PyObjectPointer?, _ runtime: PythonRuntime) throws {
        let table: [(StaticString, Name)] = [("max_version", .maxVersion), ("dl_device", .device), ("copy", .copy), ("stream", .stream)]
        names = try table.map { text, name in
            guard let object = intern(DLPackCapsule.cString(text)) else { throw runtime.fetchError() }
            return (object, text, name)
        }
    }

    /// Which keyword `object` (a `str` from a vectorcall's `kwnames`) names, or nil for an
    /// unknown one. Identity first (interned names, the common case), then by value.
    func match(_ object: PyObjectPointer, _ py: DLPackPython) -> Name? {
        for entry in names where entry.object == object { return entry.name }
        for entry in names where py.api.unicodeEqualsASCII(object, DLPackCapsule.cString(entry.text)) == 0 {
            return entry.name
        }
        return nil
    }
}
