/// A device implementation: memory, the copies in and out of it, and what DLPack and the
/// op layer need to know about it.
///
/// The CPU backend is the reference. Accelerator backends (CUDA, the tests' separate-memory
/// backend) register with ``BackendRegistry``, together with the kernels they run ops with.
/// Backends never count copies themselves: every copy between two buffers goes through
/// `Transfer`, which counts it once.
public protocol Backend: AnyObject, Sendable {
    /// The device type this backend serves.
    var deviceType: DeviceType { get }

    /// The DLPack `DLDeviceType` code of this backend's memory (`kDLCPU` = 1, `kDLCUDA` = 2,
    /// `kDLROCM` = 10, ...), or `nil` where DLPack has no code for it. DLPack export and import
    /// ask the backend instead of assuming what a device type means.
    var dlpackDeviceType: Int32? { get }

    /// The devices present, in index order. Empty when the hardware or driver is missing.
    func physicalDevices() -> [PhysicalDevice]

    /// Allocates `byteCount` bytes of device memory on `device`.
    func allocate(byteCount: Int, on device: Device) throws -> TensorBuffer

    /// Host memory to receive `byteCount` bytes read back from `device`: page-locked memory
    /// where the backend has it (one DMA, no staging), ordinary host memory otherwise.
    /// `Transfer` uses it for every device→host move (`copy(to: .cpu)`, `numpy()`).
    func readBackBuffer(byteCount: Int, from device: Device) throws -> TensorBuffer

    /// Copies host bytes into device memory. Called only by `Transfer`.
    func copyFromHost(_ source: UnsafeRawPointer, to destination: TensorBuffer, byteCount: Int) throws

    /// Copies device memory into host bytes. Called only by `Transfer`.
    func copyToHost(_ source: TensorBuffer, into destination: UnsafeMutableRawPointer, byteCount: Int) throws

    /// Copies between two buffers of this backend. Called only by `Transfer`.
    func copyOnDevice(_ source: TensorBuffer, to destination: TensorBuffer, byteCount: Int) throws

    /// The stream handle a consumer of this backend passes to a producer's `__dlpack__(stream=)`
    /// so that the producer's work is ordered before ours (`nil`: no streams, nothing to pass).
    func dlpackStream(for device: Device) throws -> Int64?

    /// DLPack's stream protocol on export: makes the consumer's `stream` wait for all work
    /// already enqueued on `device` (CUDA: an event recorded on our stream, waited on by theirs),
    /// without blocking the host. Backends without streams have nothing to do.
    func makeStreamWait(_ stream: Int64, for device: Device) throws
}

extension Backend {
    /// No DLPack code by default: export from such a device copies to the host first.
    public var dlpackDeviceType: Int32? { nil }

    /// Ordinary host memory.
    public func readBackBuffer(byteCount: Int, from device: Device) throws -> TensorBuffer {
        try TensorBuffer.allocateHost(byteCount: byteCount)
    }

    /// No streams.
    public func dlpackStream(for device: Device) throws -> Int64? { nil }

    /// No streams: nothing to wait for.
    public func makeStreamWait(_ stream: Int64, for device: Device) throws {}
}
