/// Moving tensors between devices. Every move is one counted copy through `Transfer`.
extension Tensor {
    /// This tensor on `device`: `self` (shared) when already there, otherwise a copy.
    /// - Throws: when no backend serves `device`, or the copy fails.
    public func copy(to device: Device) throws -> Tensor {
        guard device != self.device else { return self }
        switch contents {
        case .strings:
            throw TensorBridgeError.unsupportedDType(.string, "string tensors live on the host only; they cannot move to \(device.name)")
        case .dense(let buffer):
            guard Device.physicalDevices(device.type).contains(where: { $0.device == device }) else {
                throw TensorBridgeError.invalidDevice("\(device.name) is not available; devices: \(Device.physicalDevices().map(\.device.name))")
            }
            return Tensor(uncheckedDType: dtype, shape: shape, buffer: try Transfer.copy(buffer, to: device))
        }
    }

    /// `tf.identity`: this tensor on the device that `device` names, or, with `nil`, on the
    /// device of the enclosing ``withDevice(_:_:)`` scope (unchanged when there is none).
    /// Placement follows the scope's soft-placement setting.
    public func identity(on device: String? = nil) throws -> Tensor {
        let target: Device
        if let device {
            target = try Placement.resolve(
                Placement.merged(try DeviceSpec(parsing: device), into: Placement.current.spec),
                softPlacement: Placement.current.softPlacement)
        } else if Placement.current.spec != nil {
            target = try Placement.resolvedDevice()
        } else {
            return self
        }
        return try copy(to: target)
    }
}
