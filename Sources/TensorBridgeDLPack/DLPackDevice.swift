import CDLPack

/// Mapping between TensorBridge devices and DLPack's `DLDevice` (`device_type`, `device_id`).
///
/// The host CPU is `kDLCPU` (1) with id 0, and a `GPU` device is `kDLCUDA` (2) with its index,
/// the only accelerator family TensorBridge has a backend for. Any other device type has no
/// DLPack code: exporting from it needs a copy to the host first.
extension Device {
    /// The DLPack device of this device.
    /// - Throws: `TensorError/invalidDevice(_:)` for a device type DLPack cannot name.
    public func dlpackDevice() throws -> DLDevice {
        switch type {
        case .cpu:
            return DLDevice(device_type: Int32(kDLCPU.rawValue), device_id: 0)
        case .gpu:
            guard let id = Int32(exactly: index) else {
                throw TensorError.invalidDevice("device index \(index) does not fit a DLPack device id")
            }
            return DLDevice(device_type: Int32(kDLCUDA.rawValue), device_id: id)
        default:
            throw TensorError.invalidDevice("DLPack has no device code for \(name)")
        }
    }

    /// The device that memory on a DLPack device lives on, for TensorBridge's purposes.
    ///
    /// Host-addressable kinds all become `Device.cpu`: plain CPU memory (1), CUDA pinned host
    /// memory (3), ROCm pinned host memory (11) and CUDA managed memory (13), which the host can
    /// read directly, exactly as NumPy accepts them. `kDLCUDA` (2) becomes `GPU:<id>`.
    /// - Throws: `TensorError/invalidDevice(_:)` for any other device type, or a negative id.
    public init(dlpack device: DLDevice) throws {
        guard device.device_type >= 0 else {
            throw TensorError.invalidDevice("DLPack device type \(device.device_type) is invalid")
        }
        switch UInt32(device.device_type) {
        case kDLCPU.rawValue, kDLCUDAHost.rawValue, kDLROCMHost.rawValue, kDLCUDAManaged.rawValue:
            self = .cpu
        case kDLCUDA.rawValue:
            guard device.device_id >= 0 else {
                throw TensorError.invalidDevice("DLPack CUDA device id \(device.device_id) is invalid")
            }
            self = Device(.gpu, Int(device.device_id))
        default:
            throw TensorError.invalidDevice("DLPack device type \(device.device_type) (id \(device.device_id)) is not supported; TensorBridge reads CPU (1), CUDA host (3), ROCm host (11), CUDA managed (13) and CUDA (2) memory")
        }
    }
}
