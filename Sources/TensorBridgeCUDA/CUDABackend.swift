import TensorBridge

/// The CUDA GPU backend: device type `GPU`, memory from a caching allocator, every copy on
/// the device's stream.
///
/// Register it with ``CUDA/register(libraryNames:configuration:)``. Copies are made only by
/// the core's `Transfer`, which counts each one once in `TransferStats`; the backend never
/// counts. Device buffers' `baseAddress` is a device address the host must not dereference.
public final class CUDABackend: Backend {
    /// The driver functions in use (the real driver, or a test's fake).
    package let driver: CUDADriverTable
    /// Tunables, fixed at creation.
    public let configuration: CUDAConfiguration
    private let devices: [PhysicalDevice]
    /// Why the device list is empty, where it is.
    public let initializationError: TensorBridgeError?
    private let contexts = Locked<[Int: CUDADeviceContext]>([:])
    /// Loads NVRTC when the kernels are first needed.
    let nvrtcLoader: @Sendable () throws(TensorBridgeError) -> NVRTC

    /// Initialises the driver and lists its devices. Never throws: a driver that fails to
    /// initialise (no GPU, a broken installation) gives an empty device list and
    /// ``initializationError`` says why.
    ///
    /// - Parameters:
    ///   - driver: the CUDA driver entry points (`CUDADriverTable.load(libraryNames:)` opens the
    ///     driver library; tests pass a simulated table).
    ///   - configuration: the device and pinned cache limits and the staging sizes.
    ///   - nvrtc: how to load NVRTC on first kernel use (tests inject one that fails).
    package init(driver: CUDADriverTable, configuration: CUDAConfiguration = CUDAConfiguration(),
                nvrtc: @escaping @Sendable () throws(TensorBridgeError) -> NVRTC = { () throws(TensorBridgeError) -> NVRTC in try NVRTC.load() }) {
        self.driver = driver
        self.configuration = configuration
        self.nvrtcLoader = nvrtc
        do {
            devices = try Self.enumerate(driver)
            initializationError = nil
        } catch {
            devices = []
            initializationError = error
        }
    }

    private static func enumerate(_ driver: CUDADriverTable) throws(TensorBridgeError) -> [PhysicalDevice] {
        try driver.check(driver.initialize(0), "cuInit")
        let (rc, count) = driver.deviceCount()
        try driver.check(rc, "cuDeviceGetCount")
        return try (0..<Int(max(0, count))).map { (index: Int) throws(TensorBridgeError) -> PhysicalDevice in
            let (rcGet, handle) = driver.deviceGet(Int32(index))
            try driver.check(rcGet, "cuDeviceGet")
            let (rcName, name) = driver.deviceName(handle)
            try driver.check(rcName, "cuDeviceGetName")
            let (rcMemory, memory) = driver.deviceTotalMemory(handle)
            try driver.check(rcMemory, "cuDeviceTotalMem_v2")
            return PhysicalDevice(device: Device(.gpu, index), model: name, memoryBytes: memory)
        }
    }

    /// `GPU`.
    public var deviceType: DeviceType { .gpu }

    /// The GPUs the driver reported at creation, with names and total memory.
    public func physicalDevices() -> [PhysicalDevice] { devices }

    /// The context of `device`, created on first use.
    /// - Throws: `TensorBridgeError` (`.invalidDevice`) or the driver's error.
    package func context(for device: Device) throws(TensorBridgeError) -> CUDADeviceContext {
        guard device.type == .gpu, devices.indices.contains(device.index) else {
            throw .invalidDevice(index: device.index, available: devices.count)
        }
        if let existing = contexts.withLock({ $0[device.index] }) { return existing }
        let created = try CUDADeviceContext(driver: driver, index: device.index, configuration: configuration)
        // Two threads may race to create it: keep the first, drop the other.
        return contexts.withLock { table in
            if let winner = table[device.index] { return winner }
            table[device.index] = created
            return created
        }
    }

    /// Allocates device memory from `device`'s caching allocator. The buffer returns its block
    /// to the cache when the last tensor using it dies.
    /// - Throws: `TensorBridgeError.outOfMemory` when the device is full even after trimming the cache.
    public func allocate(byteCount: Int, on device: Device) throws -> TensorBuffer {
        let context = try context(for: device)
        let block = try context.allocator.allocate(byteCount)
        guard let base = UnsafeMutableRawPointer(bitPattern: UInt(block.address)) else {
            throw TensorBridgeError.driver(call: "cuMemAlloc_v2", code: -1, name: "null device address")
        }
        let pool = context.allocator
        return TensorBuffer(baseAddress: base, byteCount: byteCount, device: device,
                            release: .custom { pointer in pool.release(UInt64(UInt(bitPattern: pointer))) })
    }

    /// Copies device memory to device memory on the destination's stream (asynchronous: later
    /// work on the same device is ordered after it). Called only by `Transfer`.
    public func copyOnDevice(_ source: TensorBuffer, to destination: TensorBuffer, byteCount: Int) throws {
        guard byteCount > 0 else { return }
        guard source.device == destination.device else {
            // Different GPUs: go through the host so the copy stays correct without peer access.
            let staging = try TensorBuffer.allocateHost(byteCount: byteCount)
            try copyToHost(source, into: staging.baseAddress, byteCount: byteCount)
            try copyFromHost(staging.baseAddress, to: destination, byteCount: byteCount)
            return
        }
        let context = try context(for: destination.device)
        try context.makeCurrent()
        try driver.check(driver.copyDeviceToDevice(Self.address(destination), Self.address(source), byteCount, context.stream),
                         "cuMemcpyDtoDAsync_v2")
    }

    /// Frees every cached device and pinned block of every device.
    public func trim() {
        for context in contexts.withLock({ Array($0.values) }) {
            context.allocator.trim()
            context.pinnedPool.trim()
        }
    }

    /// The counters of `device`'s caching allocator: live and cached blocks and bytes, the peak,
    /// cache hits and misses (as `torch.cuda.memory_stats` reports them for PyTorch's).
    /// - Throws: `TensorBridgeError` for a device this backend does not have.
    public func memoryStats(for device: Device) throws(TensorBridgeError) -> CachingPoolStats {
        try context(for: device).allocator.stats
    }

    /// The device address of a buffer.
    static func address(_ buffer: TensorBuffer) -> UInt64 {
        UInt64(UInt(bitPattern: buffer.baseAddress))
    }
}
