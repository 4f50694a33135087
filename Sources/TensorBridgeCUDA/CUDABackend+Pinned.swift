import TensorBridge

/// Read-back into page-locked memory: what `numpy()` on a GPU tensor needs.
extension CUDABackend {
    /// Copies a GPU buffer into page-locked host memory from the device's pinned pool, in
    /// exactly one device→host copy (through `Transfer`, so `TransferStats` counts it once).
    ///
    /// The result is an ordinary host `TensorBuffer` (device `CPU:0`) that NumPy can wrap
    /// without a further copy; when its last user dies the memory returns to the pinned pool
    /// (not to the system), so the next read-back of the same size class costs no allocation.
    /// - Throws: when `buffer` is not on one of this backend's GPUs, or the copy fails.
    public func copyToPinnedHost(_ buffer: TensorBuffer) throws -> TensorBuffer {
        let host = try pinnedHostBuffer(byteCount: buffer.byteCount, for: buffer.device)
        try Transfer.copy(buffer, to: host)
        return host
    }

    /// Uninitialised page-locked host memory from `device`'s pinned pool, wrapped as a host
    /// buffer that returns to the pool when released. Copies to and from it run at full DMA speed.
    public func pinnedHostBuffer(byteCount: Int, for device: Device) throws -> TensorBuffer {
        let context = try context(for: device)
        let pool = context.pinnedPool
        let block = try pool.allocate(byteCount)
        guard let base = UnsafeMutableRawPointer(bitPattern: UInt(block.address)) else {
            throw TensorBridgeError.driver(call: "cuMemAllocHost_v2", code: -1, name: "null pointer")
        }
        return TensorBuffer(baseAddress: base, byteCount: byteCount, device: .cpu,
                            release: .custom { pointer in pool.release(UInt64(UInt(bitPattern: pointer))) })
    }
}

extension Tensor {
    /// This GPU tensor's values in a new host tensor backed by pinned memory: one counted
    /// device→host copy, and nothing shared with the GPU tensor. A host tensor is returned as is.
    /// - Throws: `TensorBridgeError` (`.invalidArgument`) when the tensor is on a device the CUDA backend
    ///   does not serve (or holds strings), or the copy's error.
    public func pinnedHostCopy() throws -> Tensor {
        if device.isHost { return self }
        guard let backend = BackendRegistry.shared.backend(for: device.type) as? CUDABackend, let buffer else {
            throw TensorBridgeError.invalidArgument("pinnedHostCopy needs a dense tensor on a CUDA GPU; this one is on \(device.name)")
        }
        return try Tensor(dtype: dtype, shape: shape, buffer: backend.copyToPinnedHost(buffer))
    }
}
