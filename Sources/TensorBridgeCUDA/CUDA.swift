import TensorBridge

/// Entry points for programs that want the GPU: load the driver and register the backend.
public enum CUDA {
    /// Loads the driver, creates a ``CUDABackend`` and registers it for device type `GPU`, so
    /// `Device.physicalDevices(.gpu)`, `withDevice("/GPU:0")` and `identity(on:)` work.
    /// - Returns: the registered backend (its device list may be empty: no GPU visible).
    /// - Throws: ``CUDAError/libraryNotFound(library:tried:)`` or
    ///   ``CUDAError/missingSymbols(library:symbols:)`` where the driver cannot be loaded;
    ///   nothing is registered then.
    @discardableResult
    public static func register(libraryNames: [String] = CUDADriver.defaultLibraryNames,
                                configuration: CUDAConfiguration = CUDAConfiguration()) throws(CUDAError) -> CUDABackend {
        let backend = CUDABackend(driver: try CUDADriver.load(libraryNames: libraryNames), configuration: configuration)
        BackendRegistry.shared.register(backend)
        return backend
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
