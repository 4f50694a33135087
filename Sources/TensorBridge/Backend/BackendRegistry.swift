
/// The backends this process knows, one per device type. The CPU is always registered;
/// optional modules (CUDA) register theirs when loaded.
public final class BackendRegistry: Sendable {
    /// The process's registry.
    public static let shared = BackendRegistry()

    private let backends = Locked<[DeviceType: any Backend]>([.cpu: CPUBackend.shared])
    /// Each accelerator backend's kernels. The CPU's are the ops' own, called without a lookup.
    private let kernels = Locked<[DeviceType: KernelTable]>([:])

    /// Adds or replaces the backend for its device type. It has no kernels: every op on its
    /// devices falls back to the CPU under soft placement.
    public func register(_ backend: any Backend) {
        register(backend, kernels: KernelTable())
    }

    /// Adds or replaces the backend for its device type, with the kernels it runs ops with.
    package func register(_ backend: any Backend, kernels table: KernelTable) {
        backends.withLock { $0[backend.deviceType] = backend }
        kernels.withLock { $0[backend.deviceType] = table }
    }

    /// Removes the backend for `type` (never the CPU's), and its kernels. Tests use this to
    /// restore state.
    package func unregister(_ type: DeviceType) {
        guard type != .cpu else { return }
        _ = backends.withLock { $0.removeValue(forKey: type) }
        _ = kernels.withLock { $0.removeValue(forKey: type) }
    }

    /// The kernel `type`'s backend registered for `op`, if any.
    package func kernel<Input, Output>(_ op: Op<Input, Output>, for type: DeviceType) -> KernelTable.Kernel<Input, Output>? {
        kernels.withLock { $0[type]?.kernel(op) }
    }

    /// The names of the ops `type`'s backend has kernels for.
    package func kernelNames(for type: DeviceType) -> [String] {
        kernels.withLock { $0[type]?.opNames ?? [] }
    }

    /// Whether any backend besides the CPU's is registered (a cheap test for hot paths).
    package var hasAccelerators: Bool { backends.withLock { $0.count > 1 } }

    /// The backend whose memory DLPack calls `code` (see ``Backend/dlpackDeviceType``).
    public func backend(dlpackDeviceType code: Int32) -> (any Backend)? {
        backends.withLock { table in table.values.first { $0.dlpackDeviceType == code } }
    }

    /// The backend registered for `type`, if any.
    public func backend(for type: DeviceType) -> (any Backend)? {
        backends.withLock { $0[type] }
    }

    /// The backend for `device`, or a clear error naming what is available.
    func backend(for device: Device) throws -> any Backend {
        guard let backend = backend(for: device.type) else {
            throw TensorBridgeError.invalidDevice("No backend is registered for device type \(device.type); available: \(availableTypes.map(\.name))")
        }
        return backend
    }

    var availableTypes: [DeviceType] {
        let all = backends.withLock { Array($0.values) }
        return all.filter { !$0.physicalDevices().isEmpty }.map(\.deviceType)
            .sorted { ($0 == .cpu ? 1 : 0, $0.name) < ($1 == .cpu ? 1 : 0, $1.name) }
    }

    func physicalDevices(_ type: DeviceType?) -> [PhysicalDevice] {
        if let type { return backend(for: type)?.physicalDevices() ?? [] }
        let all = backends.withLock { Array($0.values) }
        let devices = all.flatMap { $0.physicalDevices() }
        // CPU first, as TensorFlow lists them.
        return devices.sorted { ($0.device.type == .cpu ? 0 : 1, $0.device.type.name, $0.device.index)
            < ($1.device.type == .cpu ? 0 : 1, $1.device.type.name, $1.device.index) }
    }
}
