import CDLPack

/// Importing DLPack managed tensors, in pure Swift (no Python).
extension Tensor {
    /// Takes ownership of a DLPack managed tensor (versioned or legacy) and makes a tensor of it.
    ///
    /// - Zero-copy when the data is compact row-major (`strides == NULL`, or strides equal to
    ///   the row-major ones, ignoring dimensions of size 1) or empty: the tensor shares the
    ///   producer's memory, on its device, and the producer's deleter runs exactly once, when
    ///   the last Swift tensor using it dies (on whatever thread that is). Tensors never write,
    ///   but a producer that still holds a writable view can change the values seen here.
    /// - Otherwise (other strides, including negative ones) the elements are copied into new
    ///   host memory in row-major order and the deleter runs before this returns. Strided
    ///   memory on an accelerator is refused.
    /// - `byte_offset` is honoured; CUDA-host, ROCm-host and CUDA-managed memory are read as
    ///   host memory.
    ///
    /// Ownership always passes to this initializer: if it throws, it has already called the
    /// deleter. A versioned tensor whose major version is not 1 is refused without reading
    /// any field but the deleter, as the DLPack specification requires.
    /// - Throws: `TensorBridgeError` (`.unimplemented`) for an unknown major version;
    ///   `TensorBridgeError` (`.invalidArgument`) for an unsupported dtype or a malformed struct;
    ///   `TensorBridgeError` (`.invalidShape`) for negative dimensions;
    ///   `TensorBridgeError` (`.invalidDevice`) for a device TensorBridge cannot use.
    public init(dlpack managed: consuming DLPackManagedTensor) throws {
        guard managed.isSupportedVersion else {
            let v = managed.version.map(\.description) ?? "?"
            managed.delete()
            throw TensorBridgeError.unimplemented("DLPack tensor has ABI version \(v), but TensorBridge supports major version \(DLPACK_MAJOR_VERSION) only; the tensor was released")
        }
        let plan: DLPackImportPlan
        do {
            plan = try DLPackImportPlan(managed.dlTensor)
        } catch {
            managed.delete()
            throw error
        }
        // From here the producer's memory is either adopted by a buffer (whose release runs
        // the deleter) or copied and released immediately; never both, never neither.
        let buffer: TensorBuffer
        if plan.isCompact, let base = plan.base {
            let owner = DLPackProducerHandle(versioned: managed.isVersioned, pointer: managed.release())
            buffer = TensorBuffer(baseAddress: base, byteCount: plan.byteCount, device: plan.device,
                                  release: .custom { _ in owner.release() })
        } else {
            // Whether the copy succeeds or throws, the producer's tensor is deleted when
            // `managed` goes out of scope.
            buffer = try plan.copyOut()
            managed.delete()
        }
        try self.init(dtype: plan.dtype, shape: plan.shape, buffer: buffer)
    }
}

/// The producer's managed tensor, held by an adopting ``TensorBuffer`` until it dies.
// Unchecked Sendable: it only deletes the producer's tensor, once, which DLPack allows from any thread.
private struct DLPackProducerHandle: @unchecked Sendable {
    let versioned: Bool
    let pointer: UnsafeMutableRawPointer
    /// Runs the deleter; the buffer calls this once, when it dies.
    func release() {
        if versioned { DLPackManagedTensor(versioned: pointer).delete() } else { DLPackManagedTensor(legacy: pointer).delete() }
    }
}
