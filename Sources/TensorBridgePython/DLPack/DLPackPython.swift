import Synchronization
import _CPythonABI

/// What the DLPack protocol keeps for the life of the interpreter: the interned keyword names
/// and the producer type (the C functions it calls are in `PythonAPI`).
///
/// C callbacks (capsule destructors, the producer type's methods and `tp_dealloc`) have no
/// context pointer, so they find this object through ``cached``; it exists before any capsule
/// or producer does, and is never freed.
// Unchecked Sendable: immutable after init (`producerType` is set there); the Python objects it holds never die and are used only with the GIL held.
final class DLPackPython: @unchecked Sendable {
    typealias Obj = PyObjectPointer

    let runtime: PythonRuntime
    let api: PythonAPI
    /// `__dlpack__`'s keyword names, interned once: callers such as NumPy pass interned
    /// strings, so a keyword is usually recognised by identity, with no string compare.
    let keywords: DLPackKeywords
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
        keywords = try runtime.withGIL { try DLPackKeywords(runtime.api.unicodeIntern, runtime) }
        producerType = try runtime.withGIL { try DLPackProducerType.make(self) }
    }

    /// Whether `object` is a `PyCapsule` (of any name). GIL held.
    func isCapsule(_ object: Obj) -> Bool {
        object.assumingMemoryBound(to: TBPyObject.self).pointee.ob_type == api.capsuleType.assumingMemoryBound(to: TBPyObject.self)
    }

    /// Sets a Python exception of `type` with `message` and returns NULL, for C callbacks.
    func raise(_ type: Obj, _ message: String) -> Obj? {
        api.errSetString(type, message)
        return nil
    }
}
