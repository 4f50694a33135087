/// Where new tensors go and creation ops run: the task-local device scope set by ``withDevice(_:_:)``.
///
/// The scope is `@TaskLocal`, so it follows structured concurrency (child tasks inherit it)
/// and never leaks across unrelated tasks; there is no global mutable default.
public enum Placement {
    /// The state of the innermost scope.
    public struct Scope: Sendable {
        /// The merged device request of all enclosing `withDevice` scopes; `nil` means none.
        public var spec: DeviceSpec?
        /// TensorFlow's soft placement: a request that cannot be met falls back to the CPU.
        public var softPlacement: Bool
    }

    @TaskLocal public static var current = Scope(spec: nil, softPlacement: true)

    /// The device new tensors go to under the current scope.
    /// - Throws: with soft placement off, TensorFlow's "Could not satisfy device specification" error.
    public static func resolvedDevice() throws -> Device {
        try resolve(current.spec, softPlacement: current.softPlacement)
    }

    /// Resolves a request to a concrete device with TensorFlow's rules.
    public static func resolve(_ spec: DeviceSpec?, softPlacement: Bool) throws -> Device {
        guard let spec, let type = spec.deviceType else { return .cpu }
        let index = spec.deviceIndex ?? 0
        let devices = Device.physicalDevices(type).map(\.device)
        if devices.contains(Device(type, index)) { return Device(type, index) }
        if softPlacement { return .cpu }
        let supported = BackendRegistry.shared.availableTypes.map(\.name).joined(separator: ", ")
        let all = Device.physicalDevices().map(\.device.name).joined(separator: ", ")
        throw TensorBridgeError.invalidDevice(
            "Could not satisfy device specification '\(spec.fullyQualified)'. enable_soft_placement=0. "
                + "Supported device types [\(supported)]. All available devices [\(all)].")
    }

    static func merged(_ inner: DeviceSpec, into outer: DeviceSpec?) -> DeviceSpec {
        guard var merged = outer else { return inner }
        if let job = inner.job { merged.job = job }
        if let replica = inner.replica { merged.replica = replica }
        if let task = inner.task { merged.task = task }
        if let type = inner.deviceType {
            merged.deviceType = type
            merged.deviceIndex = inner.deviceIndex
        }
        return merged
    }
}

/// Runs `body` with new tensors placed on `device`, like TensorFlow's `with tf.device(...)`.
///
/// `device` is a TensorFlow string (`"/GPU:0"`), a typed ``Device`` (`.gpu`, `.cpu`,
/// `Device(.gpu, 1)`, as mlx-swift's `Device.withDefaultDevice` takes) or a ``DeviceSpec``.
/// Scopes nest: an inner spec overrides the parts it names. The scope ends when `body`
/// returns or throws. Creation ops run on the scope's device; ops with tensor inputs run
/// where their inputs live.
/// - Throws: ``TensorBridgeError`` (`.invalidDevice`) for a malformed spec, or whatever `body` throws.
public func withDevice<D: DeviceRequest, R>(_ device: D, _ body: () throws -> R) throws -> R {
    var scope = Placement.current
    scope.spec = Placement.merged(try device.deviceSpec(), into: scope.spec)
    return try Placement.$current.withValue(scope) { try body() }
}

/// Async form of ``withDevice(_:_:)``; child tasks created inside inherit the scope.
public func withDevice<D: DeviceRequest, R>(
    _ device: D, isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> R
) async throws -> R {
    var scope = Placement.current
    scope.spec = Placement.merged(try device.deviceSpec(), into: scope.spec)
    return try await Placement.$current.withValue(scope, operation: { try await body() }, isolation: isolation)
}

/// What ``withDevice(_:_:)`` accepts: a TensorFlow device string, a ``Device`` or a ``DeviceSpec``.
public protocol DeviceRequest: Sendable {
    /// The request as a spec.
    /// - Throws: ``TensorBridgeError`` (`.invalidDevice`) for a malformed string.
    func deviceSpec() throws -> DeviceSpec
}

extension String: DeviceRequest {
    /// Parses the string with TensorFlow's rules (``DeviceSpec/init(parsing:)``).
    public func deviceSpec() throws -> DeviceSpec { try DeviceSpec(parsing: self) }
}

extension Device: DeviceRequest {
    /// This exact device.
    public func deviceSpec() -> DeviceSpec { DeviceSpec(deviceType: type, deviceIndex: index) }
}

extension DeviceSpec: DeviceRequest {
    /// The spec itself.
    public func deviceSpec() -> DeviceSpec { self }
}

extension DeviceRequest where Self == Device {
    /// The host: `withDevice(.cpu) { ... }`.
    public static var cpu: Device { Device.cpu }
    /// The first GPU: `withDevice(.gpu) { ... }`.
    public static var gpu: Device { Device.gpu }
}

/// Runs `body` with soft placement on or off, like `tf.config.set_soft_device_placement`,
/// but scoped to this task rather than the process.
public func withSoftPlacement<R>(_ enabled: Bool, _ body: () throws -> R) rethrows -> R {
    var scope = Placement.current
    scope.softPlacement = enabled
    return try Placement.$current.withValue(scope) { try body() }
}

/// Async form of ``withSoftPlacement(_:_:)``.
public func withSoftPlacement<R>(
    _ enabled: Bool, isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> R
) async rethrows -> R {
    var scope = Placement.current
    scope.softPlacement = enabled
    return try await Placement.$current.withValue(scope, operation: { try await body() }, isolation: isolation)
}
