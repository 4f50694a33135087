import TensorBridgeDLPack

/// DLPack between TensorBridge and Python libraries (NumPy, TensorFlow, torch, JAX, CuPy).
///
/// Everything here is zero-copy on the tensor's own device unless a method says otherwise:
/// the other library sees TensorBridge's memory (read-only, since tensors are immutable), and
/// TensorBridge sees theirs.
extension Tensor {
    /// A Python object implementing the DLPack protocol for this tensor: `__dlpack__(stream=None,
    /// max_version=None, dl_device=None, copy=None)` and `__dlpack_device__()`.
    ///
    /// Hand it to any consumer (`np.from_dlpack(x)`, `torch.from_dlpack(x)`,
    /// `jax.numpy.from_dlpack(x)`). Each `__dlpack__` call exports anew: a versioned capsule
    /// (`"dltensor_versioned"`, flagged read-only) when `max_version` is 1.x or later, a legacy
    /// `"dltensor"` capsule otherwise. Nothing is copied unless the caller asks for another
    /// device or `copy=True`; impossible requests raise `BufferError`. The object keeps the
    /// tensor alive, and every capsule keeps the memory alive until its deleter runs.
    /// - Throws: `TensorBridgeError` (`.unsupportedDType`) for string and quantized tensors
    ///   (checked here so the mistake surfaces in Swift); `TensorBridgeError` when Python is
    ///   unavailable.
    public func dlpackObject() throws -> PythonObject {
        _ = try dtype.dlpackDataType()
        let py = try DLPackPython.shared()
        return try py.runtime.withGIL { try DLPackProducerType.instance(self, py) }
    }

    /// A raw DLPack `PyCapsule` of this tensor, for consumers that take capsules rather than
    /// objects (TensorFlow's `tf.experimental.dlpack.from_dlpack` takes only a legacy one).
    ///
    /// The capsule shares the memory (see `toDLPack(versioned:device:copy:)` for what is
    /// copied when). If no consumer takes it, its destructor releases the memory; a consumer
    /// renames it `"used_…"` and calls the deleter itself, so the deleter runs exactly once.
    /// - Parameters:
    ///   - versioned: `false` (the default) for the legacy `"dltensor"` capsule every consumer
    ///     reads; `true` for `"dltensor_versioned"`.
    ///   - device: as for `toDLPack(versioned:device:copy:)`: the device the consumer wants
    ///     (`nil`: the tensor's own).
    ///   - copy: as for `toDLPack(versioned:device:copy:)`: `true` always copies, `false`
    ///     never does (and throws if it must), `nil` copies only when needed.
    public func dlpackCapsule(versioned: Bool = false, device: Device? = nil, copy: Bool? = nil) throws -> PythonObject {
        let py = try DLPackPython.shared()
        let managed = try toDLPack(versioned: versioned, device: device, copy: copy)
        // The capsule takes the tensor's pointer; `make` deletes it if no capsule can be made.
        let versioned = managed.isVersioned, pointer = managed.release()
        return try py.runtime.withGIL {
            let owned = versioned ? DLPackManagedTensor(versioned: pointer) : DLPackManagedTensor(legacy: pointer)
            return try py.runtime.wrap(DLPackCapsule.make(owned, py))
        }
    }

    /// A NumPy array sharing this tensor's host memory (`np.from_dlpack`), read-only.
    ///
    /// NumPy reads bool, integers, float16/32/64 and complex; it refuses bfloat16 and float8
    /// (`Unsupported dtype in DLTensor.`) and any memory but the host's (copy a GPU tensor to
    /// the CPU first).
    /// - Throws: `TensorBridgeError` when NumPy is missing or refuses.
    public func dlpackNumPy() throws -> PythonObject {
        let np = try DLPackPython.module("numpy", purpose: "for Tensor.dlpackNumPy()")
        return try np.from_dlpack(try dlpackObject())
    }

    /// A `torch.Tensor` sharing this tensor's memory, on its device (`torch.from_dlpack`).
    /// torch tensors are writable; writing to one changes this tensor's bytes, which breaks
    /// TensorBridge's immutability, so treat the result as read-only or `.clone()` it.
    /// - Throws: `TensorBridgeError` when torch is missing or refuses.
    public func dlpackTorch() throws -> PythonObject {
        let torch = try DLPackPython.module("torch", purpose: "for Tensor.dlpackTorch()")
        return try torch.from_dlpack(try dlpackObject())
    }

    /// A TensorFlow `EagerTensor` sharing this tensor's memory, via a legacy capsule and
    /// `tf.experimental.dlpack.from_dlpack` (TensorFlow reads no other form). TensorFlow 2.21
    /// has no float8 DLPack support and refuses those dtypes.
    /// - Throws: `TensorBridgeError` when TensorFlow is missing or refuses.
    public func dlpackTensorFlow() throws -> PythonObject {
        let tf = try DLPackPython.module("tensorflow", purpose: "for Tensor.dlpackTensorFlow()")
        return try tf.experimental.dlpack.from_dlpack(try dlpackCapsule(versioned: false))
    }

    /// Takes a tensor from any Python object implementing `__dlpack__` (a NumPy array, a torch,
    /// JAX or CuPy tensor, a TensorFlow `EagerTensor`, ...) or from a raw DLPack capsule (what
    /// `tf.experimental.dlpack.to_dlpack` returns).
    ///
    /// For an object, `__dlpack__(max_version=(1, 1))` is called, and plain `__dlpack__()`
    /// again if the producer predates `max_version`. The capsule is marked used, then imported
    /// by `Tensor(dlpack: DLPackManagedTensor)`: zero-copy when compact row-major (the tensor
    /// keeps the producer's memory alive and releases it exactly once, from whatever thread
    /// drops the last reference), otherwise copied to new host memory.
    /// - Throws: `TensorBridgeError` when the producer raises (for example NumPy's `BufferError`
    ///   for non-native byte order) or the object is no DLPack source; `TensorBridgeError` for
    ///   what `Tensor(dlpack:)` refuses (unknown major version, unsupported dtype or device).
    public init(dlpack object: PythonObject) throws {
        let py = try DLPackPython.shared()
        let managed: DLPackManagedTensor = try py.runtime.withGIL {
            if py.isCapsule(object.pointer) {
                return try DLPackCapsule.take(object.pointer, py)
            }
            guard object.hasAttribute("__dlpack__") else {
                throw TensorBridgeError.conversion("a \(object.typeName) is not a DLPack source: it has no __dlpack__ method and is not a DLPack capsule")
            }
            let method = try object.attribute("__dlpack__")
            // Device memory: pass our stream so the producer makes it wait for its work.
            let stream = try Self.consumerStream(for: object)
            let capsule: PythonObject
            do {
                let version = try Python.tuple([1, 1])
                capsule = try stream.map { try method.call(kwargs: ["stream": $0, "max_version": version]) }
                    ?? method.call(kwargs: ["max_version": version])
            } catch let error as TensorBridgeError where error.pythonException?.isInstance(of: .typeError) == true {
                // A producer from before max_version existed.
                capsule = try stream.map { try method.call(kwargs: ["stream": $0]) } ?? method.call()
            }
            guard py.isCapsule(capsule.pointer) else {
                throw TensorBridgeError.conversion("\(object.typeName).__dlpack__() returned a \(capsule.typeName), not a capsule")
            }
            return try DLPackCapsule.take(capsule.pointer, py)
        }
        try self.init(dlpack: managed)
    }
}

extension Tensor {
    /// The stream to pass as `__dlpack__(stream=)` for `object`: our backend's stream for the
    /// device `__dlpack_device__()` names, or `nil` for host memory and unknown devices.
    static func consumerStream(for object: PythonObject) throws -> Int64? {
        guard BackendRegistry.shared.hasAccelerators, object.hasAttribute("__dlpack_device__") else { return nil }
        let pair = try object.attribute("__dlpack_device__").call()
        guard let type = Int32(exactly: try Int(python: pair[0])), let id = Int32(exactly: try Int(python: pair[1])),
              let device = try? Device(dlpack: DLPackDevice(type: type, id: id)), !device.isHost,
              let backend = BackendRegistry.shared.backend(for: device.type) else { return nil }
        return try backend.dlpackStream(for: device)
    }
}

extension DLPackPython {
    /// `import name`, with a clear error naming the interpreter when it is missing.
    static func module(_ name: String, purpose: String) throws -> PythonObject {
        do {
            return try Python.import(name)
        } catch let error as TensorBridgeError where error.pythonException?.isInstance(of: .moduleNotFoundError) == true {
            throw TensorBridgeError.missingModule(name: name, purpose: purpose, interpreter: (try? Python.load().library.origin) ?? "?")
        }
    }
}
