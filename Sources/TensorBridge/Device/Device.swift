/// A concrete device a tensor lives on: a type and an index, printed as TensorFlow prints it.
public struct Device: Hashable, Sendable, CustomStringConvertible {
    public let type: DeviceType
    public let index: Int

    public init(_ type: DeviceType, _ index: Int = 0) {
        self.type = type
        self.index = index
    }

    /// The host CPU, where every tensor can live.
    public static let cpu = Device(.cpu, 0)

    /// The first GPU, `GPU:0` (mlx-swift's `Device.gpu`). Whether it exists depends on the
    /// registered backends: see ``physicalDevices(_:)``.
    public static let gpu = Device(.gpu, 0)

    /// Whether the tensor's bytes are directly addressable by the host.
    public var isHost: Bool { type == .cpu }

    /// The fully qualified name TensorFlow gives a tensor's device:
    /// `/job:localhost/replica:0/task:0/device:CPU:0`.
    public var name: String { "/job:localhost/replica:0/task:0/device:\(type.name):\(index)" }

    /// The name `tf.config.list_physical_devices` uses: `/physical_device:GPU:0`.
    public var physicalName: String { "/physical_device:\(type.name):\(index)" }

    public var description: String { name }
}

/// A device as `tf.config.list_physical_devices` describes it, with what the backend
/// knows about it.
public struct PhysicalDevice: Hashable, Sendable, CustomStringConvertible {
    public let device: Device
    /// The hardware's own name, for example `NVIDIA H200` (empty where unknown).
    public let model: String
    /// Total memory in bytes, where the backend knows it.
    public let memoryBytes: Int?

    public init(device: Device, model: String = "", memoryBytes: Int? = nil) {
        self.device = device
        self.model = model
        self.memoryBytes = memoryBytes
    }

    /// `/physical_device:GPU:0`.
    public var name: String { device.physicalName }
    /// `CPU` or `GPU`, as TensorFlow's `device_type`.
    public var deviceType: DeviceType { device.type }

    public var description: String {
        "PhysicalDevice(name='\(name)', device_type='\(deviceType)')"
    }
}

extension Device {
    /// The physical devices of `type` that registered backends provide, in index order.
    /// An empty array, never an error, where the type has no backend (a GPU with no driver).
    public static func physicalDevices(_ type: DeviceType? = nil) -> [PhysicalDevice] {
        BackendRegistry.shared.physicalDevices(type)
    }
}
