#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The host: always present, the reference implementation of every op.
public final class CPUBackend: Backend {
    /// The one host backend.
    public static let shared = CPUBackend()

    /// `CPU`.
    public var deviceType: DeviceType { .cpu }

    /// `kDLCPU` (1).
    public var dlpackDeviceType: Int32? { 1 }

    public func physicalDevices() -> [PhysicalDevice] {
        [PhysicalDevice(device: .cpu, model: "host")]
    }

    public func allocate(byteCount: Int, on device: Device) throws -> TensorBuffer {
        try TensorBuffer.allocateHost(byteCount: byteCount)
    }

    public func copyFromHost(_ source: UnsafeRawPointer, to destination: TensorBuffer, byteCount: Int) throws {
        ParallelCopy.copy(from: source, to: destination.baseAddress, byteCount: byteCount)
    }

    public func copyToHost(_ source: TensorBuffer, into destination: UnsafeMutableRawPointer, byteCount: Int) throws {
        ParallelCopy.copy(from: source.baseAddress, to: destination, byteCount: byteCount)
    }

    public func copyOnDevice(_ source: TensorBuffer, to destination: TensorBuffer, byteCount: Int) throws {
        ParallelCopy.copy(from: source.baseAddress, to: destination.baseAddress, byteCount: byteCount)
    }
}
