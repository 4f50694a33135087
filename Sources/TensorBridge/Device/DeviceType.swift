/// The kind of a device: `CPU`, `GPU`, or a type a registered backend adds.
public struct DeviceType: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The upper-case name TensorFlow prints (`"CPU"`, `"GPU"`).
    public let name: String

    public init(_ name: String) { self.name = name }
    public init(stringLiteral value: String) { self.name = value }

    public static let cpu = DeviceType("CPU")
    public static let gpu = DeviceType("GPU")

    public var description: String { name }
}
