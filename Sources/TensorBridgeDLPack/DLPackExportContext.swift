import CDLPack
import Synchronization

/// What an exported managed tensor's `manager_ctx` points to: it owns the managed struct, its
/// shape and strides arrays, and a reference to the tensor's storage, so the memory stays
/// valid however long the consumer keeps it, even after every Swift tensor is gone.
///
/// The deleter releases this object (one `Unmanaged` reference, taken at export). Releasing is
/// an atomic reference-count decrement, so the deleter is safe on any thread, and it touches
/// no Python, so it also works after the interpreter has finalised.
final class DLPackExportContext: @unchecked Sendable {
    // @unchecked: every field is written once, in init, before the context is published.

    static let live = Atomic<Int>(0)

    /// Keeps the data alive; dropped (possibly freeing the memory) when the context dies.
    let storage: TensorBuffer
    /// `ndim` entries each (at least one, so the pointers are never NULL, even for rank 0),
    /// in one block: `strides` starts right after `shape`.
    let shape: UnsafeMutablePointer<Int64>
    let strides: UnsafeMutablePointer<Int64>
    /// Exactly one of these is allocated, matching the kind exported.
    private(set) var versioned: UnsafeMutablePointer<DLManagedTensorVersioned>?
    private(set) var legacy: UnsafeMutablePointer<DLManagedTensor>?

    init(storage: TensorBuffer, shape tensorShape: Shape) {
        self.storage = storage
        // One allocation for both arrays: export runs per `__dlpack__` call and must stay cheap.
        let rank = tensorShape.rank
        let count = max(rank, 1)
        shape = .allocate(capacity: 2 * count)
        strides = shape + count
        shape.initialize(repeating: 0, count: 2 * count)
        var running: Int64 = 1
        for axis in stride(from: rank - 1, through: 0, by: -1) {
            let d = Int64(tensorShape[axis])
            shape[axis] = d
            strides[axis] = running  // row-major, in elements
            running = running &* d
        }
        Self.live.add(1, ordering: .relaxed)
    }

    deinit {
        shape.deallocate()  // also frees `strides`, which lives in the same block
        versioned?.deallocate()
        legacy?.deallocate()
        Self.live.subtract(1, ordering: .relaxed)
    }

    /// Allocates the versioned struct and hands out a +1 reference in `manager_ctx`.
    func makeVersioned(tensor: DLTensor, flags: DLPackFlags) -> UnsafeMutablePointer<DLManagedTensorVersioned> {
        let p = UnsafeMutablePointer<DLManagedTensorVersioned>.allocate(capacity: 1)
        p.initialize(to: DLManagedTensorVersioned(
            version: DLPack.version,
            manager_ctx: Unmanaged.passRetained(self).toOpaque(),
            deleter: dlpackVersionedDeleter,
            flags: flags.rawValue,
            dl_tensor: tensor))
        versioned = p
        return p
    }

    /// Allocates the legacy struct and hands out a +1 reference in `manager_ctx`.
    func makeLegacy(tensor: DLTensor) -> UnsafeMutablePointer<DLManagedTensor> {
        let p = UnsafeMutablePointer<DLManagedTensor>.allocate(capacity: 1)
        p.initialize(to: DLManagedTensor(
            dl_tensor: tensor,
            manager_ctx: Unmanaged.passRetained(self).toOpaque(),
            deleter: dlpackLegacyDeleter))
        legacy = p
        return p
    }
}

// The deleters are C function pointers (no captures). Each clears `manager_ctx` before
// releasing, so the struct never points at a dead context while it is being freed; the
// release then frees the struct itself. Calling a deleter twice is a consumer bug DLPack
// forbids (the struct is gone after the first call).

private func dlpackVersionedDeleter(_ p: UnsafeMutablePointer<DLManagedTensorVersioned>?) {
    guard let p, let ctx = p.pointee.manager_ctx else { return }
    p.pointee.manager_ctx = nil
    Unmanaged<DLPackExportContext>.fromOpaque(ctx).release()
}

private func dlpackLegacyDeleter(_ p: UnsafeMutablePointer<DLManagedTensor>?) {
    guard let p, let ctx = p.pointee.manager_ctx else { return }
    p.pointee.manager_ctx = nil
    Unmanaged<DLPackExportContext>.fromOpaque(ctx).release()
}
