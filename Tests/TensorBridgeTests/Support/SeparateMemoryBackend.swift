import Synchronization
@testable import TensorBridge

/// A test-only accelerator whose memory the host cannot read: each buffer's address is an
/// opaque handle, and the bytes live in the backend's own table. Any code path that read
/// device memory without going through ``Transfer`` would see no data, so correct values
/// prove every copy went through the one counted path.
final class SeparateMemoryBackend: Backend {
    static let type = DeviceType("TEST")
    let deviceCount: Int
    private let storage = Mutex<[UInt: [UInt8]]>([:])

    init(deviceCount: Int = 2) { self.deviceCount = deviceCount }

    var deviceType: DeviceType { Self.type }

    func physicalDevices() -> [PhysicalDevice] {
        (0..<deviceCount).map { PhysicalDevice(device: Device(Self.type, $0), model: "separate-memory test device") }
    }

    var liveAllocations: Int { storage.withLock { $0.count } }

    func allocate(byteCount: Int, on device: Device) throws -> TensorBuffer {
        // A one-byte host allocation serves only as a unique handle.
        let handle = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1)
        let key = Self.key(handle)
        storage.withLock { $0[key] = [UInt8](repeating: 0xAB, count: byteCount) }
        return TensorBuffer(baseAddress: handle, byteCount: byteCount, device: device, release: .custom { [weak self] handle in
            _ = self?.storage.withLock { $0.removeValue(forKey: key) }
            handle.deallocate()
        })
    }

    static func key(_ p: UnsafeMutableRawPointer) -> UInt { UInt(bitPattern: p) }

    func copyFromHost(_ source: UnsafeRawPointer, to destination: TensorBuffer, byteCount: Int) throws {
        let bytes = Array(UnsafeRawBufferPointer(start: source, count: byteCount))
        storage.withLock { $0[Self.key(destination.baseAddress)] = bytes }
    }

    func copyToHost(_ source: TensorBuffer, into destination: UnsafeMutableRawPointer, byteCount: Int) throws {
        let bytes = try storage.withLock { table -> [UInt8] in
            guard let bytes = table[Self.key(source.baseAddress)] else { throw TensorBridgeError.backend("unknown TEST buffer") }
            return bytes
        }
        bytes.withUnsafeBytes { destination.copyMemory(from: $0.baseAddress!, byteCount: byteCount) }
    }

    func copyOnDevice(_ source: TensorBuffer, to destination: TensorBuffer, byteCount: Int) throws {
        let (from, to) = (Self.key(source.baseAddress), Self.key(destination.baseAddress))
        storage.withLock { $0[to] = $0[from] }
    }
}
