import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reference-counted memory holding a dense tensor's bytes on one device.
///
/// Tensors share buffers: copying a ``Tensor`` value copies a reference, never the bytes.
/// A buffer either owns memory it allocated (freed in `deinit`) or wraps memory someone
/// else owns (a NumPy array, a memory-mapped file, a DLPack producer), in which case it
/// keeps that owner alive and calls its release hook exactly once.
// Unchecked Sendable: immutable; its memory is shared read-only, and the release hook runs once, in deinit.
public final class TensorBuffer: @unchecked Sendable {
    /// Start of the bytes. A device address (not dereferenceable by the host) when
    /// `device.isHost` is false.
    public let baseAddress: UnsafeMutableRawPointer
    public let byteCount: Int
    public let device: Device
    private let release: Release

    /// How the memory is given back when the last tensor using it dies.
    public enum Release: Sendable {
        /// Memory from `HostMemory.allocate(byteCount:zeroed:)`: give it back there.
        case freeHostMemory
        /// Memory owned by `owner`, kept alive until this buffer dies. Nothing else runs.
        case retain(any Sendable)
        /// Run this once, from whatever thread drops the last reference.
        case custom(@Sendable (UnsafeMutableRawPointer) -> Void)
    }

    private static let live = Atomic<Int>(0)

    /// Buffers alive in this process right now. Leak tests compare it before and after.
    public static var liveCount: Int { live.load(ordering: .relaxed) }

    public init(baseAddress: UnsafeMutableRawPointer, byteCount: Int, device: Device, release: Release) {
        self.baseAddress = baseAddress
        self.byteCount = byteCount
        self.device = device
        self.release = release
        Self.live.add(1, ordering: .relaxed)
    }

    /// Allocates uninitialised (or zeroed) host memory.
    /// - Throws: ``TensorBridgeError`` (`.outOfMemory`) when the allocator refuses.
    public static func allocateHost(byteCount: Int, zeroed: Bool = false) throws -> TensorBuffer {
        let memory = try HostMemory.allocate(byteCount: byteCount, zeroed: zeroed)
        return TensorBuffer(baseAddress: memory, byteCount: byteCount, device: .cpu, release: .freeHostMemory)
    }

    deinit {
        switch release {
        case .freeHostMemory: HostMemory.release(baseAddress, byteCount: byteCount)
        case .retain: break
        case .custom(let hook): hook(baseAddress)
        }
        Self.live.subtract(1, ordering: .relaxed)
    }
}
