import TensorBridge
import TensorBridgeTestSupport
@testable import TensorBridgeCUDA

/// Registers a CUDA backend over a fake driver (with its kernels) for the length of `body`.
/// `nvrtc: nil` gives an NVRTC that cannot load. Callers live in ``FakeDriverBackendTests``
/// (serialized), since the `GPU` backend is process-wide.
func withFakeGPU(_ configuration: CUDAConfiguration = CUDAConfiguration(), nvrtc: NVRTC? = FakeNVRTC().nvrtc,
                 _ body: (CUDABackend, FakeCUDADriver) throws -> Void) throws {
    let fake = FakeCUDADriver()
    let compiler = nvrtc
    let backend = CUDABackend(driver: fake.table, configuration: configuration, nvrtc: { () throws(TensorBridgeError) -> NVRTC in
        guard let compiler else { return try NVRTC.load(libraryNames: ["libnvrtc-tensorbridge-missing.so.99"]) }
        return compiler
    })
    try BackendRegistryLock.withLock {
        CUDA.register(backend)
        defer { BackendRegistry.shared.unregister(.gpu) }
        try body(backend, fake)
    }
}
