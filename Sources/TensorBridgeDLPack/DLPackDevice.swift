import CDLPack

/// Mapping between TensorBridge devices and DLPack's `DLDevice` (`device_type`, `device_id`).
///
/// Each backend declares its DLPack code (`Backend/dlpackDeviceType`): the CPU's is
/// `kDLCPU` (1), the CUDA backend's `kDLCUDA` (2). A device whose backend declares none (or
/// that has no registered backend) has no DLPack form: exporting from it needs a copy to the
/// host first.
/// A DLPack device: its `DLDeviceType` code and its index.
public struct DLPackDevice: Sendable, Hashable, CustomStringConvertible {
    /// The `DLDeviceType` code: `kDLCPU` = 1, `kDLCUDA` = 2, `kDLCUDAHost` = 3, ….
    public var type: Int32
    /// The device index (0 for the host).
    public var id: Int32

    /// Makes a DLPack device from its type code and index.
    public init(type: Int32, id: Int32) {
        self.type = type
        self.id = id
    }

    /// `(type, id)`, as Python's `__dlpack_device__()` returns it.
    public var description: String { "(\(type), \(id))" }

    package init(_ device: DLDevice) { self.init(type: device.device_type, id: device.device_id) }
    package var cValue: DLDevice { DLDevice(device_type: type, device_id: id) }
}

extension Device {
    /// The DLPack device of this device: its backend's code, with this device's index
    /// (always id 0 for the host).
    /// - Throws: `TensorBridgeError` (`.invalidDevice`) for a device whose backend has no DLPack code.
    public func dlpackDevice() throws -> DLPackDevice {
        guard let code = BackendRegistry.shared.backend(for: type)?.dlpackDeviceType else {
            throw TensorBridgeError.invalidDevice("DLPack has no device code for \(name): no registered backend declares one")
        }
        guard let id = Int32(exactly: isHost ? 0 : index) else {
            throw TensorBridgeError.invalidDevice("device index \(index) does not fit a DLPack device id")
        }
        return DLPackDevice(type: code, id: id)
    }

    /// The device that memory on a DLPack device lives on, for TensorBridge's purposes.
    ///
    /// Host-addressable kinds all become `Device.cpu`: plain CPU memory (1), CUDA pinned host
    /// memory (3), ROCm pinned host memory (11) and CUDA managed memory (13), which the host can
    /// read directly, exactly as NumPy accepts them. Any other code maps to the device of the
    /// registered backend that declares it (`kDLCUDA` (2) → `GPU:<id>` once the CUDA backend is
    /// registered).
    /// - Throws: `TensorBridgeError` (`.invalidDevice`) for a code no registered backend declares, or a
    ///   negative id.
    public init(dlpack device: DLPackDevice) throws {
        guard device.type >= 0 else {
            throw TensorBridgeError.invalidDevice("DLPack device type \(device.type) is invalid")
        }
        switch UInt32(device.type) {
        case kDLCPU.rawValue, kDLCUDAHost.rawValue, kDLROCMHost.rawValue, kDLCUDAManaged.rawValue:
            self = .cpu
        default:
            guard let backend = BackendRegistry.shared.backend(dlpackDeviceType: device.type) else {
                throw TensorBridgeError.invalidDevice("DLPack device type \(device.type) (id \(device.id)) is not supported: no registered backend serves it; TensorBridge reads CPU (1), CUDA host (3), ROCm host (11) and CUDA managed (13) memory, and CUDA (2) memory once the CUDA backend is registered")
            }
            guard device.id >= 0 else {
                throw TensorBridgeError.invalidDevice("DLPack device id \(device.id) is invalid")
            }
            self = Device(backend.deviceType, Int(device.id))
        }
    }
}
