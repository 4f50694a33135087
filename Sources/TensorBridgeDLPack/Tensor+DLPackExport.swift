import CDLPack

/// Exporting tensors as DLPack managed tensors, in pure Swift (no Python).
extension Tensor {
    /// Describes this tensor as a DLPack managed tensor that another library can take.
    ///
    /// Zero-copy by default: the managed tensor points at this tensor's memory, on its own
    /// device (with the DLPack code its backend declares: CPU, or CUDA for a `GPU` tensor), and keeps that memory alive until the consumer
    /// calls the deleter, even if every Swift reference has gone by then. Because tensors are
    /// immutable and the memory is shared, a versioned export carries ``DLPackFlags/readOnly``.
    /// (A legacy struct cannot say so; consumers such as NumPy treat it as read-only anyway,
    /// and writing through it is a contract violation.)
    ///
    /// With `copy: true`, or a `device` other than the tensor's, the bytes are copied first
    /// (a device move is one counted `Transfer`), the copy belongs to the consumer alone, and
    /// the versioned flags say ``DLPackFlags/isCopied`` instead of read-only.
    ///
    /// Shape and row-major strides (in elements) are always filled, also for rank 0 (where
    /// the arrays are empty but non-NULL). `byte_offset` is 0: the data pointer already points
    /// at the first element, which is what TensorFlow requires.
    ///
    /// The deleter may be called from any thread, must be called exactly once, and needs no
    /// Python. Until it runs, ``DLPack/liveExportCount`` counts the export.
    ///
    /// - Parameters:
    ///   - versioned: `true` for `DLManagedTensorVersioned` (DLPack 1.x), `false` for the
    ///     legacy `DLManagedTensor` that older consumers (TensorFlow) need.
    ///   - device: where the consumer wants the data; `nil` means the tensor's own device.
    ///   - copy: `true` always copies, `false` never copies (and throws if it would have to),
    ///     `nil` copies only when `device` requires it.
    ///   - stream: for device memory, the consumer's stream in DLPack's convention (CUDA: 1 the
    ///     legacy default stream, 2 the per-thread default stream, a larger value a `CUstream`,
    ///     -1 no synchronisation); `nil` means the legacy default stream, as `__dlpack__(stream=None)`
    ///     does. The backend makes that stream wait for the work already enqueued on ours (an
    ///     event record and wait; the host never blocks). Ignored for host memory.
    /// - Throws: `TensorBridgeError` (`.unsupportedDType`) for string and quantized tensors;
    ///   `TensorBridgeError` (`.invalidDevice`) when the device has no DLPack code;
    ///   `TensorBridgeError` (`.invalidArgument`) when `copy` is `false` but a copy is needed.
    public func toDLPack(versioned: Bool = true, device: Device? = nil, copy: Bool? = nil,
                         stream: Int64? = nil) throws -> DLPackManagedTensor {
        let dlType = try dtype.dlpackDataType()
        guard let source = buffer else {
            throw TensorBridgeError.unsupportedDType(dtype, "DLPack cannot carry \(dtype.name) tensors")
        }
        let target = device ?? self.device
        let dlDevice = try target.dlpackDevice()
        let moves = target != self.device
        if moves && copy == false {
            throw TensorBridgeError.invalidArgument("DLPack export to \(target.name) needs a copy from \(self.device.name), but copy=False was requested")
        }
        let copies = moves || copy == true
        let storage = copies ? try Transfer.copy(source, to: target) : source
        guard let ndim = Int32(exactly: rank) else {
            throw TensorBridgeError.invalidShape("rank \(rank) does not fit DLPack's ndim")
        }
        if !target.isHost {
            try BackendRegistry.shared.backend(for: target.type)?.makeStreamWait(stream ?? 1, for: target)
        }

        return DLPackExportContext.export(
            storage: storage, shape: shape, dtype: dlType, device: dlDevice.cValue, ndim: ndim,
            versioned: versioned, flags: copies ? .isCopied : .readOnly)
    }
}
