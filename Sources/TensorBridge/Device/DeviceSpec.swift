/// A device request as TensorFlow's `tf.DeviceSpec` parses it: every part optional.
///
/// Accepts every spelling TensorFlow accepts: `/GPU:0`, `/cpu:0`, `CPU`, `/device:CPU:0`,
/// `/job:localhost/replica:0/task:0/device:GPU:1`, `GPU:*`.
public struct DeviceSpec: Hashable, Sendable, CustomStringConvertible {
    public var job: String?
    public var replica: Int?
    public var task: Int?
    public var deviceType: DeviceType?
    /// `nil` means any index (`*`), which resolves to 0.
    public var deviceIndex: Int?

    public init(job: String? = nil, replica: Int? = nil, task: Int? = nil,
                deviceType: DeviceType? = nil, deviceIndex: Int? = nil) {
        self.job = job
        self.replica = replica
        self.task = task
        self.deviceType = deviceType
        self.deviceIndex = deviceIndex
    }

    public init(_ device: Device) {
        self.init(job: "localhost", replica: 0, task: 0, deviceType: device.type, deviceIndex: device.index)
    }

    /// The device types TensorFlow recognises without a `device:` prefix.
    static let shortTypes: Set<String> = ["CPU", "GPU", "TPU", "CUSTOM", "EPU"]

    /// Parses a spec with TensorFlow's rules and messages.
    /// - Throws: ``TensorBridgeError`` (`.invalidDevice`), for example
    ///   `Unknown attribute 'foo' is encountered while parsing the device spec: 'foo'.`
    public init(parsing spec: String) throws {
        self.init()
        for part in spec.split(separator: "/", omittingEmptySubsequences: false) {
            let fields = part.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard !part.isEmpty else { continue }
            let key = fields[0]
            switch (fields.count, key) {
            case (2, "job"):
                job = fields[1]
            case (2, "replica"):
                replica = try Self.integer(fields[1], spec)
            case (2, "task"):
                task = try Self.integer(fields[1], spec)
            case (1, _) where Self.shortTypes.contains(key.uppercased()),
                 (2, _) where Self.shortTypes.contains(key.uppercased()):
                try setType(DeviceType(key.uppercased()), index: fields.count == 2 ? fields[1] : "*", spec)
            case (3, "device"):
                try setType(DeviceType(fields[1]), index: fields[2], spec)
            default:
                guard key.isEmpty else {
                    throw TensorBridgeError.invalidDevice(
                        "Unknown attribute '\(key)' is encountered while parsing the device spec: '\(spec)'.")
                }
            }
        }
    }

    private mutating func setType(_ type: DeviceType, index: String, _ spec: String) throws {
        guard deviceType == nil else {
            throw TensorBridgeError.invalidDevice("Multiple device types are not allowed while parsing the device spec: \(spec).")
        }
        deviceType = type
        deviceIndex = index == "*" ? nil : try Self.integer(index, spec)
    }

    private static func integer(_ text: String, _ spec: String) throws -> Int {
        guard let value = Int(text), value >= 0 else {
            // Python's int() message, which is what TensorFlow surfaces.
            throw TensorBridgeError.invalidDevice("the device index '\(text)' in '\(spec)' is not a non-negative integer or '*' (TensorFlow: invalid literal for int() with base 10: '\(text)')")
        }
        return value
    }

    /// The canonical form TensorFlow prints, omitting unset parts:
    /// `/job:localhost/replica:0/task:0/device:GPU:0`.
    public var description: String {
        var out = ""
        if let job { out += "/job:\(job)" }
        if let replica { out += "/replica:\(replica)" }
        if let task { out += "/task:\(task)" }
        if let deviceType { out += "/device:\(deviceType.name):\(deviceIndex.map(String.init) ?? "*")" }
        return out
    }

    /// The fully qualified spec, with the local job, replica and task filled in and a
    /// wildcard index resolved to 0, as TensorFlow reports it in placement errors.
    public var fullyQualified: String {
        Device(deviceType ?? .cpu, deviceIndex ?? 0).name
    }
}
