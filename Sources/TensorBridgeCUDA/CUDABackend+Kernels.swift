import TensorBridge

/// The CUDA backend's kernels for the op layer. Each kernel receives arguments already checked
/// by the op's public function, runs on the device's stream, and returns a new GPU tensor; it
/// returns `nil` for a dtype it has no kernel for, so the op falls back to the CPU under soft
/// placement. Results match the CPU bit for bit, except normals (within a few ULP: CUDA's
/// `logf`/`sincosf`) and the math kernels' stated tolerances (see `CUDABackend+Math.swift`).
extension CUDABackend {
    /// Every kernel this backend registers with the op layer.
    package func kernelTable() -> KernelTable {
        var table = KernelTable()
        table.register(Ops.fill) { request, device in try self.fill(request, on: device) }
        table.register(Ops.cast) { request, device in try self.cast(request, on: device) }
        table.register(Ops.rgbToGrayscale) { request, device in try self.rgbToGrayscale(request, on: device) }
        table.register(Ops.random) { request, device in try self.random(request, on: device) }
        table.register(Ops.sparseToDense) { request, device in try self.sparseToDense(request, on: device) }
        registerMathKernels(&table)
        return table
    }

    /// `tensor` on `device`: itself when already there, else one counted copy.
    func onDevice(_ tensor: Tensor, _ device: Device) throws -> TensorBuffer {
        guard let buffer = try tensor.copy(to: device).buffer else {
            throw TensorBridgeError.unsupportedDType(tensor.dtype, "string tensors cannot live on \(device.name)")
        }
        return buffer
    }

    /// A new GPU tensor's buffer.
    func output(_ shape: Shape, _ dtype: DType, on device: Device) throws -> TensorBuffer {
        try allocate(byteCount: try shape.byteCount(for: dtype), on: device)
    }
}
