import TensorBridge

/// Entry points for programs that want the GPU: load the driver and register the backend
/// with its kernels. After that, no code branches on the device: `Image.rgbToGrayscale(x)`
/// runs the CUDA kernel when `x` is on a GPU.
public enum CUDA {
    /// Loads the driver, creates a ``CUDABackend`` and registers it for device type `GPU`, so
    /// `Device.physicalDevices(.gpu)`, `withDevice("/GPU:0")` and `identity(on:)` work.
    /// - Parameters:
    ///   - libraryNames: the driver libraries to try, in order; `nil` tries `libcuda.so.1` then
    ///     `libcuda.so`, after `TENSORBRIDGE_LIBCUDA` (a path or name) where that is set.
    ///   - configuration: the backend's cache sizes and copy staging.
    /// - Returns: the registered backend (its device list may be empty: no GPU visible).
    /// - Throws: `TensorBridgeError` (`.libraryUnavailable`) or
    ///   `TensorBridgeError` (`.libraryUnavailable`) where the driver cannot be loaded;
    ///   nothing is registered then.
    @discardableResult
    public static func register(libraryNames: [String]? = nil,
                                configuration: CUDAConfiguration = CUDAConfiguration()) throws(TensorBridgeError) -> CUDABackend {
        let driver = try CUDADriver.load(libraryNames: libraryNames ?? CUDADriver.defaultLibraryNames)
        let backend = CUDABackend(driver: driver, configuration: configuration)
        register(backend)
        return backend
    }

    /// Registers `backend` for device type `GPU` with its kernels, so ops on GPU tensors (and
    /// creation ops under a GPU scope) run them. Tests pass a backend over a simulated driver.
    package static func register(_ backend: CUDABackend) {
        BackendRegistry.shared.register(backend, kernels: backend.kernelTable())
    }

    /// ``register(libraryNames:configuration:)`` for programs that run with or without a GPU:
    /// returns `nil` (registering nothing) where the driver is missing. `Device.physicalDevices(.gpu)`
    /// is then `[]`.
    @discardableResult
    public static func registerIfAvailable(configuration: CUDAConfiguration = CUDAConfiguration()) -> CUDABackend? {
        try? register(configuration: configuration)
    }

    /// The registered CUDA backend, if any.
    public static var backend: CUDABackend? {
        BackendRegistry.shared.backend(for: .gpu) as? CUDABackend
    }
}
