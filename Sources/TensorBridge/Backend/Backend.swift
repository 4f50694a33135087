/// A device implementation: memory plus the copies in and out of it.
///
/// The CPU backend is the reference. Accelerator backends (CUDA, the tests' separate-memory
/// backend) register with ``BackendRegistry``. Backends never count copies themselves: every
/// copy between two buffers goes through ``Transfer``, which counts it once.
public protocol Backend: AnyObject, Sendable {
    /// The device type this backend serves.
    var deviceType: DeviceType { get }

    /// The devices present, in index order. Empty when the hardware or driver is missing.
    func physicalDevices() -> [PhysicalDevice]

    /// Allocates `byteCount` bytes of device memory on `device`.
    func allocate(byteCount: Int, on device: Device) throws -> TensorBuffer

    /// Copies host bytes into device memory. Called only by ``Transfer``.
    func copyFromHost(_ source: UnsafeRawPointer, to destination: TensorBuffer, byteCount: Int) throws

    /// Copies device memory into host bytes. Called only by ``Transfer``.
    func copyToHost(_ source: TensorBuffer, into destination: UnsafeMutableRawPointer, byteCount: Int) throws

    /// Copies between two buffers of this backend. Called only by ``Transfer``.
    func copyOnDevice(_ source: TensorBuffer, to destination: TensorBuffer, byteCount: Int) throws
}
