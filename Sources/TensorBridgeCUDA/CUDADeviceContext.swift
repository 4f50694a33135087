import TensorBridge

/// One GPU as the backend uses it: its primary context, its one stream, its caching device
/// allocator, its pinned host staging pool and its compiled kernels.
///
/// Every operation on the device is enqueued on `stream` in order, which is what makes
/// reusing a cached block safe without events (as in PyTorch's allocator).
package final class CUDADeviceContext: Sendable {
    /// The device this context serves (`GPU:n`).
    package let device: Device
    /// Caching allocator for device memory.
    package let allocator: CachingPool
    /// Caching pool of page-locked host memory for staging and fast read-back.
    package let pinnedPool: CachingPool
    /// Multiprocessor count (`CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT`), for grid sizing.
    package let multiprocessors: Int
    /// Compute capability, for example (9, 0) on an H100/H200; NVRTC compiles for it.
    package let computeCapability: (major: Int, minor: Int)

    let driver: CUDADriverTable
    let cuDevice: Int32
    let context: UInt
    /// The stream every operation on this device is enqueued on (non-blocking, so it does
    /// not serialise with the legacy default stream other libraries may use).
    let stream: UInt
    let kernels = Locked<KernelModule?>(nil)

    /// Attribute numbers from the driver API reference.
    enum Attribute {
        static let multiprocessorCount: Int32 = 16
        static let computeCapabilityMajor: Int32 = 75
        static let computeCapabilityMinor: Int32 = 76
    }

    /// Retains `index`'s primary context and creates the stream and pools.
    init(driver: CUDADriverTable, index: Int, configuration: CUDAConfiguration) throws(TensorBridgeError) {
        self.driver = driver
        device = Device(.gpu, index)
        let (rcGet, handle) = driver.deviceGet(Int32(truncatingIfNeeded: index))
        try driver.check(rcGet, "cuDeviceGet")
        cuDevice = handle
        let (rcCtx, context) = driver.primaryContextRetain(handle)
        try driver.check(rcCtx, "cuDevicePrimaryCtxRetain")
        self.context = context
        do {
            try driver.check(driver.setCurrentContext(context), "cuCtxSetCurrent")
            let (rcStream, stream) = driver.streamCreate(1)  // CU_STREAM_NON_BLOCKING
            try driver.check(rcStream, "cuStreamCreate")
            self.stream = stream
        } catch {
            _ = driver.primaryContextRelease(handle)
            throw error
        }
        let sms = driver.deviceAttribute(Attribute.multiprocessorCount, handle)
        multiprocessors = sms.0 == 0 ? Int(sms.1) : 0
        let major = driver.deviceAttribute(Attribute.computeCapabilityMajor, handle)
        let minor = driver.deviceAttribute(Attribute.computeCapabilityMinor, handle)
        computeCapability = (major.0 == 0 ? Int(major.1) : 0, minor.0 == 0 ? Int(minor.1) : 0)

        let name = device.name
        allocator = CachingPool(
            cacheLimit: configuration.deviceCacheLimit,
            systemAllocate: { [driver] bytes in
                try driver.check(driver.setCurrentContext(context), "cuCtxSetCurrent")
                let (rc, address) = driver.memAlloc(bytes)
                if rc == CUDAResultCode.outOfMemory { throw TensorBridgeError.outOfMemory(bytes: bytes, device: name) }
                try driver.check(rc, "cuMemAlloc_v2")
                return address
            },
            systemFree: { [driver] address in
                _ = driver.setCurrentContext(context)
                _ = driver.memFree(address)
            })
        pinnedPool = CachingPool(
            cacheLimit: configuration.pinnedCacheLimit,
            systemAllocate: { [driver] bytes in
                try driver.check(driver.setCurrentContext(context), "cuCtxSetCurrent")
                let (rc, pointer) = driver.memAllocHost(bytes)
                if rc == CUDAResultCode.outOfMemory { throw TensorBridgeError.outOfMemory(bytes: bytes, device: "pinned host memory") }
                try driver.check(rc, "cuMemAllocHost_v2")
                guard let pointer else { throw TensorBridgeError.driver(call: "cuMemAllocHost_v2", code: -1, name: "null pointer") }
                return UInt64(UInt(bitPattern: pointer))
            },
            systemFree: { [driver] address in
                guard let pointer = UnsafeMutableRawPointer(bitPattern: UInt(address)) else { return }
                _ = driver.setCurrentContext(context)
                _ = driver.memFreeHost(pointer)
            })
    }

    /// Makes this device's context current on the calling thread (cheap; done before every call
    /// because Swift tasks hop threads).
    func makeCurrent() throws(TensorBridgeError) {
        try driver.check(driver.setCurrentContext(context), "cuCtxSetCurrent")
    }

    /// Waits until everything enqueued on the stream has finished.
    package func synchronize() throws(TensorBridgeError) {
        try makeCurrent()
        try driver.check(driver.streamSynchronize(stream), "cuStreamSynchronize")
    }

    /// The launch cap for grid-stride kernels on this device.
    var maxBlocks: Int {
        multiprocessors > 0 ? LaunchConfiguration.maxBlocks(multiprocessors: multiprocessors) : 4096
    }

    deinit {
        if let module = kernels.withLock({ $0 }) { _ = driver.moduleUnload(module.module) }
        _ = driver.setCurrentContext(context)
        _ = driver.streamSynchronize(stream)
        _ = driver.streamDestroy(stream)
        allocator.trim()
        pinnedPool.trim()
        _ = driver.primaryContextRelease(cuDevice)
    }
}
