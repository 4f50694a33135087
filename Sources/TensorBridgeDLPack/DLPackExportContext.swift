import CDLPack
import Synchronization

/// What an exported managed tensor's `manager_ctx` points to: one heap object that holds a
/// reference to the tensor's storage (its header) and, in its tail, the managed struct itself
/// followed by the shape and strides arrays. The memory stays valid however long the consumer
/// keeps it, even after every Swift tensor is gone.
///
/// One allocation per export, not three: `np.from_dlpack` calls `__dlpack__` every time, so
/// export is on the hot path. The struct's address is stable because Swift never moves a class
/// instance; it lives exactly as long as the object.
///
/// The deleter releases this object (one `Unmanaged` reference, taken at export). Releasing is
/// an atomic reference-count decrement, so the deleter is safe on any thread, and it touches
/// no Python, so it also works after the interpreter has finalised.
final class DLPackExportContext: ManagedBuffer<TensorBuffer, UInt64> {
    static let live = Atomic<Int>(0)

    /// 64-bit words reserved for the managed struct at the start of the tail (either kind).
    private static let structWords =
        (max(MemoryLayout<DLManagedTensorVersioned>.size, MemoryLayout<DLManagedTensor>.size) + 7) / 8

    /// Exports `storage` viewed as a compact row-major tensor of `shape` and `dtype` on
    /// `device`. `flags` applies to the versioned struct only (the legacy one has none).
    static func export(
        storage: TensorBuffer, shape tensorShape: Shape, dtype: DLDataType, device: DLDevice,
        ndim: Int32, versioned: Bool, flags: DLPackFlags
    ) -> DLPackManagedTensor {
        // At least one entry each, so the shape and strides pointers are never NULL (rank 0).
        let rank = tensorShape.rank
        let count = max(rank, 1)
        let object = unsafeDowncast(
            create(minimumCapacity: structWords + 2 * count) { _ in storage }, to: DLPackExportContext.self)
        live.add(1, ordering: .relaxed)
        // The tail's address is stable while `object` lives, and the consumer's reference
        // (`manager_ctx`, retained below) keeps it alive until the deleter runs; the managed
        // tensor returned here carries exactly that ownership out of the closure.
        return object.withUnsafeMutablePointerToElements { words in
            let shape = UnsafeMutableRawPointer(words + structWords).bindMemory(to: Int64.self, capacity: 2 * count)
            let strides = shape + count
            shape.initialize(repeating: 0, count: 2 * count)
            let rowMajor = tensorShape.strides  // in elements
            for axis in 0..<rank {
                shape[axis] = Int64(tensorShape[axis])
                strides[axis] = Int64(rowMajor[axis])
            }
            let tensor = DLTensor(
                data: storage.baseAddress, device: device, ndim: ndim, dtype: dtype,
                shape: shape, strides: strides, byte_offset: 0)
            let context = Unmanaged.passRetained(object).toOpaque()  // the consumer's +1
            let head = UnsafeMutableRawPointer(words)
            if versioned {
                let version = DLPackVersion(major: DLPack.version.major, minor: DLPack.version.minor)
                head.bindMemory(to: DLManagedTensorVersioned.self, capacity: 1).initialize(to: DLManagedTensorVersioned(
                    version: version, manager_ctx: context, deleter: dlpackVersionedDeleter,
                    flags: flags.rawValue, dl_tensor: tensor))
                return DLPackManagedTensor(versioned: head)
            }
            head.bindMemory(to: DLManagedTensor.self, capacity: 1).initialize(
                to: DLManagedTensor(dl_tensor: tensor, manager_ctx: context, deleter: dlpackLegacyDeleter))
            return DLPackManagedTensor(legacy: head)
        }
    }

    deinit {
        // The tail holds only trivial values (the struct, Int64s), so nothing to deinitialise;
        // ManagedBuffer destroys the header, which drops the storage reference.
        Self.live.subtract(1, ordering: .relaxed)
    }
}

// The deleters are C function pointers (no captures). Each clears `manager_ctx` before
// releasing, so the struct never points at a dead context while it is being freed; the
// release then frees the struct itself (it lives inside the context). Calling a deleter twice
// is a consumer bug DLPack forbids (the struct is gone after the first call).

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
