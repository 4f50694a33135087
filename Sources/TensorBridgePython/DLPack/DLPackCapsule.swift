import Synchronization
import TensorBridgeDLPack

/// DLPack's `PyCapsule` rules: a capsule named `"dltensor_versioned"` (or legacy `"dltensor"`)
/// holds a managed tensor; a consumer renames it `"used_…"` and becomes responsible for the
/// deleter; the producer's destructor calls the deleter only if nobody did.
enum DLPackCapsule {
    // Capsule names must outlive the capsule (CPython keeps the pointer, not a copy), so they
    // are static C strings from the binary, never temporaries made from a Swift String.
    static let versionedName: StaticString = "dltensor_versioned"
    static let legacyName: StaticString = "dltensor"
    static let usedVersionedName: StaticString = "used_dltensor_versioned"
    static let usedLegacyName: StaticString = "used_dltensor"

    /// How many of our capsules' destructors have run: ownership tests check it counts each
    /// capsule exactly once. One relaxed atomic add per capsule.
    static let destroyed = Atomic<Int>(0)

    static func cString(_ s: StaticString) -> UnsafePointer<CChar> {
        UnsafeRawPointer(s.utf8Start).assumingMemoryBound(to: CChar.self)
    }

    /// Wraps `managed` in a new capsule (GIL held). On failure the tensor is deleted and
    /// NULL returned with the Python error set, so ownership always moves.
    static func make(_ managed: consuming DLPackManagedTensor, _ py: DLPackPython) -> PyObjectPointer? {
        let name = cString(managed.isVersioned ? versionedName : legacyName)
        guard let capsule = py.api.capsuleNew(managed.rawPointer, name, capsuleDestructor) else {
            return nil  // `managed` is dropped here, which runs the deleter
        }
        _ = managed.release()  // the capsule owns it now
        return capsule
    }

    /// Takes the managed tensor out of an unused DLPack capsule and marks the capsule used, so
    /// that its destructor will not call the deleter (GIL held). The caller owns the result.
    /// - Throws: `TensorBridgeError` (`.pythonConversion`) for a consumed capsule or another capsule.
    static func take(_ capsule: PyObjectPointer, _ py: DLPackPython) throws -> DLPackManagedTensor {
        if py.api.capsuleIsValid(capsule, cString(versionedName)) == 1,
           let p = py.api.capsuleGetPointer(capsule, cString(versionedName)) {
            guard py.api.capsuleSetName(capsule, cString(usedVersionedName)) == 0 else { throw py.runtime.fetchError() }
            return DLPackManagedTensor(versioned: p)
        }
        if py.api.capsuleIsValid(capsule, cString(legacyName)) == 1,
           let p = py.api.capsuleGetPointer(capsule, cString(legacyName)) {
            guard py.api.capsuleSetName(capsule, cString(usedLegacyName)) == 0 else { throw py.runtime.fetchError() }
            return DLPackManagedTensor(legacy: p)
        }
        py.api.errClear()
        let name = py.api.capsuleGetName(capsule).map { String(cString: $0) } ?? "<unnamed>"
        py.api.errClear()
        if name.hasPrefix("used_") {
            throw TensorBridgeError.conversion("this DLPack capsule (\"\(name)\") was already consumed; a capsule can be imported only once")
        }
        throw TensorBridgeError.conversion("a capsule named \"\(name)\" is not a DLPack tensor (expected \"dltensor_versioned\" or \"dltensor\")")
    }
}

/// The destructor of every capsule TensorBridge produces. Python calls it with the GIL held,
/// possibly during interpreter shutdown. It deletes the tensor only if the capsule was never
/// consumed (still has its original name), and keeps any pending Python exception intact:
/// destructors run at arbitrary points, often while an exception is propagating.
private func capsuleDestructor(_ capsule: PyObjectPointer?) {
    guard let capsule, let py = DLPackPython.cached else { return }
    DLPackCapsule.destroyed.add(1, ordering: .relaxed)
    var type: PyObjectPointer?, value: PyObjectPointer?, trace: PyObjectPointer?
    py.api.errFetch(&type, &value, &trace)
    defer { py.api.errRestore(type, value, trace) }
    let versioned = DLPackCapsule.cString(DLPackCapsule.versionedName)
    let legacy = DLPackCapsule.cString(DLPackCapsule.legacyName)
    if py.api.capsuleIsValid(capsule, versioned) == 1, let p = py.api.capsuleGetPointer(capsule, versioned) {
        DLPackManagedTensor(versioned: p).delete()
    } else if py.api.capsuleIsValid(capsule, legacy) == 1, let p = py.api.capsuleGetPointer(capsule, legacy) {
        DLPackManagedTensor(legacy: p).delete()
    }
    py.api.errClear()  // anything the checks raised; the saved state is restored by the defer
}
