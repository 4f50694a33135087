import Synchronization
import _CPythonABI

/// The CPython functions the DLPack protocol needs beyond `PythonAPI` (capsules, tuple and
/// dict access), resolved once from the loaded libpython, plus the producer type.
///
/// C callbacks (capsule destructors, the producer type's methods and `tp_dealloc`) have no
/// context pointer, so they find this object through ``cached``; it exists before any capsule
/// or producer does, and is never freed.
// Unchecked Sendable: immutable after creation; the Python objects it holds never die and are used only with the GIL held.
final class DLPackPython: @unchecked Sendable {
    // @unchecked: immutable after init; the raw pointers are used only with the GIL held.
    typealias Obj = PyObjectPointer
    typealias CString = UnsafePointer<CChar>
    typealias CapsuleDestructor = @convention(c) (Obj?) -> Void

    let runtime: PythonRuntime
    let api: PythonAPI
    let capsuleNew: @convention(c) (UnsafeMutableRawPointer, CString, CapsuleDestructor?) -> Obj?
    let capsuleGetPointer: @convention(c) (Obj, CString?) -> UnsafeMutableRawPointer?
    let capsuleIsValid: @convention(c) (Obj, CString?) -> Int32
    let capsuleGetName: @convention(c) (Obj) -> CString?
    let capsuleSetName: @convention(c) (Obj, CString?) -> Int32
    /// `&PyCapsule_Type`, to tell a consumed capsule from a foreign object.
    let capsuleType: Obj
    let tupleSize: @convention(c) (Obj) -> Int
    let tupleGetItem: @convention(c) (Obj, Int) -> Obj?  // borrowed
    let unicodeEqualsASCII: @convention(c) (Obj, CString) -> Int32  // PyUnicode_CompareWithASCIIString
    /// `__dlpack__`'s keyword names, interned once: callers such as NumPy pass interned
    /// strings, so a keyword is usually recognised by identity, with no string compare.
    let keywords: DLPackKeywords
    let excTypeError: Obj
    let trueObject: Obj
    let falseObject: Obj
    /// The `tensorbridge.DLPackTensor` type object (a heap type, kept forever).
    private(set) var producerType: Obj?

    private static let state = Locked<DLPackPython?>(nil)
    /// The same object, published once for the C callbacks: an atomic load rather than a lock,
    /// because `__dlpack__` and the capsule destructor run on every `np.from_dlpack`.
    private static let published = Atomic<Unmanaged<DLPackPython>?>(nil)

    /// The loaded helper, for C callbacks (nil only if no DLPack object was ever made).
    static var cached: DLPackPython? { published.load(ordering: .acquiring)?.takeUnretainedValue() }

    /// Loads Python if needed, resolves the symbols and creates the producer type once.
    static func shared() throws -> DLPackPython {
        try state.withLock { current in
            if let current { return current }
            let made = try DLPackPython(runtime: Python.load())
            current = made  // kept forever, so the unretained published reference stays valid
            published.store(Unmanaged.passUnretained(made), ordering: .releasing)
            return made
        }
    }

    private init(runtime: PythonRuntime) throws {
        self.runtime = runtime
        api = runtime.api
        let lib = runtime.library
        func f<T>(_ name: String) throws -> T { try lib.symbol(name, as: T.self) }
        capsuleNew = try f("PyCapsule_New")
        capsuleGetPointer = try f("PyCapsule_GetPointer")
        capsuleIsValid = try f("PyCapsule_IsValid")
        capsuleGetName = try f("PyCapsule_GetName")
        capsuleSetName = try f("PyCapsule_SetName")
        capsuleType = try f("PyCapsule_Type")
        tupleSize = try f("PyTuple_Size")
        tupleGetItem = try f("PyTuple_GetItem")
        unicodeEqualsASCII = try f("PyUnicode_CompareWithASCIIString")
        let intern: @convention(c) (CString) -> Obj? = try f("PyUnicode_InternFromString")
        keywords = try runtime.withGIL { try DLPackKeywords(intern, runtime) }
        // Exception types are data symbols holding a `PyObject *`.
        let typeError: UnsafeMutablePointer<Obj> = try f("PyExc_TypeError")
        excTypeError = typeError.pointee
        trueObject = try f("_Py_TrueStruct")
        falseObject = try f("_Py_FalseStruct")
        producerType = try runtime.withGIL { try DLPackProducerType.make(self) }
    }

    /// Whether `object` is a `PyCapsule` (of any name). GIL held.
    func isCapsule(_ object: Obj) -> Bool {
        object.assumingMemoryBound(to: TBPyObject.self).pointee.ob_type == capsuleType.assumingMemoryBound(to: TBPyObject.self)
    }

    /// Sets a Python exception of `type` with `message` and returns NULL, for C callbacks.
    func raise(_ type: Obj, _ message: String) -> Obj? {
        api.errSetString(type, message)
        return nil
    }
}
