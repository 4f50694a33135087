import TensorBridge

extension Tensor {
    /// The tensor as a real `numpy.ndarray` in the embedded interpreter, like TensorFlow's
    /// `t.numpy()`, with the array API's `copy` keyword:
    ///
    /// - `nil` (default): **shared, no copy** when the tensor is on the host: the array is a
    ///   read-only view of the tensor's memory (tensors are immutable), and it keeps that memory
    ///   alive until NumPy drops the last view. A tensor on an accelerator is copied to the host
    ///   first (one counted device→host transfer) and the array is writable.
    /// - `true`: always a fresh, writable host copy (parallel memcpy; device→host when needed).
    /// - `false`: never copy; throws when a copy would be needed (an accelerator tensor, or a
    ///   string tensor, whose bytes NumPy must repack into `bytes` objects).
    ///
    /// A rank-0 tensor gives a NumPy scalar (always a copy), for example `np.float32(3.0)`, or
    /// `bytes` for a string. Empty shapes such as `(0, 3)` are kept. dtypes map as TensorFlow's:
    /// bfloat16 and float8 become `ml_dtypes` arrays (viewed, not copied), quantized types the
    /// plain integers of the same width, and strings object arrays of `bytes`.
    ///
    /// - Throws: `TensorBridgeError` when Python, NumPy or (for bfloat16/float8) `ml_dtypes` is
    ///   missing, saying what to install; `TensorBridgeError` (`.unsupportedDType`) with
    ///   TensorFlow's message for resource and variant; `TensorBridgeError` (`.notOnHost`) for
    ///   `copy: false` on an accelerator tensor.
    public func numpy(copy: Bool? = nil) throws -> PythonObject {
        if dtype == .string {
            guard copy != false else {
                throw TensorBridgeError.invalidArgument("numpy(copy: false) is impossible for a string tensor: NumPy holds strings as bytes objects, so they must be copied")
            }
            return try StringArrays.makeArray(self)
        }
        let recipe = try NumPyDType.export(dtype)
        let (source, writable) = try hostBuffer(copy: copy)
        let np = try NumPyModule.get()
        let runtime = np.runtime
        return try runtime.withGIL {
            let memory = ExportedMemory(
                runtime: runtime, owner: source, shape: shape.dimensions, itemSize: dtype.byteSize ?? 1,
                format: recipe.format, readOnly: !writable)
            let exporter = try BufferExporter.make(memory, type: np.exporterType)
            var array = try np.asarray.call([exporter])
            if let name = recipe.mlDType {
                array = try array.view(np.mlDType(name))
            }
            if rank == 0 {
                return try runtime.wrap(runtime.api.getItem(array.pointer, np.emptyTuple.pointer))
            }
            return array
        }
    }

    /// The host buffer to lend, and whether it is a private copy (hence writable). Copies run
    /// before the GIL is taken, so big copies never block other Python threads.
    private func hostBuffer(copy: Bool?) throws -> (TensorBuffer, writable: Bool) {
        guard let buffer else { throw TensorBridgeError.unsupportedDType(dtype, "\(dtype.name) tensors have no buffer") }
        let bytes = try shape.byteCount(for: dtype)
        if buffer.device.isHost {
            guard copy == true else { return (buffer, false) }
            let fresh = try TensorBuffer.allocateHost(byteCount: bytes)
            // Transfer.copy needs equal sizes; the tensor may use only a prefix of its buffer.
            let view = TensorBuffer(baseAddress: buffer.baseAddress, byteCount: bytes, device: .cpu, release: .retain(buffer))
            try Transfer.copy(view, to: fresh)
            return (fresh, true)
        }
        guard copy != false else {
            throw TensorBridgeError.notOnHost("numpy(copy: false) needs the data on the host, but the tensor is on \(device.name); use numpy() or numpy(copy: true) to copy it")
        }
        let host = try self.copy(to: .cpu)
        guard let hostBuffer = host.buffer else { throw TensorBridgeError.backend("copy to the host returned no buffer") }
        return (hostBuffer, true)
    }
}
