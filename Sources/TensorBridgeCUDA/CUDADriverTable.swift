import TensorBridge
/// The CUDA driver functions the backend uses, as Swift function values.
///
/// `CUDADriver.load(libraryNames:)` fills it from `libcuda.so.1`; tests build one that
/// simulates device memory in host RAM. Every function returns the driver's `CUresult`
/// (0 is success) first. Handles (contexts, streams, events, modules, functions) travel as
/// their bit patterns so the table is `Sendable`; device addresses are `UInt64` (`CUdeviceptr`).
package struct CUDADriverTable: Sendable {
    /// `cuInit(flags)`.
    package var initialize: @Sendable (UInt32) -> Int32
    /// `cuDeviceGetCount`.
    package var deviceCount: @Sendable () -> (Int32, Int32)
    /// `cuDeviceGet(ordinal)` → device handle.
    package var deviceGet: @Sendable (Int32) -> (Int32, Int32)
    /// `cuDeviceGetName(device)`.
    package var deviceName: @Sendable (Int32) -> (Int32, String)
    /// `cuDeviceTotalMem_v2(device)` in bytes.
    package var deviceTotalMemory: @Sendable (Int32) -> (Int32, Int)
    /// `cuDeviceGetAttribute(attribute, device)`.
    package var deviceAttribute: @Sendable (_ attribute: Int32, _ device: Int32) -> (Int32, Int32)
    /// `cuDevicePrimaryCtxRetain(device)` → context.
    package var primaryContextRetain: @Sendable (Int32) -> (Int32, UInt)
    /// `cuDevicePrimaryCtxRelease_v2(device)`.
    package var primaryContextRelease: @Sendable (Int32) -> Int32
    /// `cuCtxSetCurrent(context)` for the calling thread.
    package var setCurrentContext: @Sendable (UInt) -> Int32
    /// `cuMemAlloc_v2(bytes)` → device address.
    package var memAlloc: @Sendable (Int) -> (Int32, UInt64)
    /// `cuMemFree_v2(address)`.
    package var memFree: @Sendable (UInt64) -> Int32
    /// `cuMemAllocHost_v2(bytes)` → page-locked host memory.
    package var memAllocHost: @Sendable (Int) -> (Int32, UnsafeMutableRawPointer?)
    /// `cuMemFreeHost(pointer)`.
    package var memFreeHost: @Sendable (UnsafeMutableRawPointer) -> Int32
    /// `cuMemcpyHtoDAsync_v2(dst, src, bytes, stream)`.
    package var copyHostToDevice: @Sendable (UInt64, UnsafeRawPointer, Int, UInt) -> Int32
    /// `cuMemcpyDtoHAsync_v2(dst, src, bytes, stream)`.
    package var copyDeviceToHost: @Sendable (UnsafeMutableRawPointer, UInt64, Int, UInt) -> Int32
    /// `cuMemcpyDtoDAsync_v2(dst, src, bytes, stream)`.
    package var copyDeviceToDevice: @Sendable (UInt64, UInt64, Int, UInt) -> Int32
    /// `cuStreamCreate(flags)` → stream.
    package var streamCreate: @Sendable (UInt32) -> (Int32, UInt)
    /// `cuStreamDestroy_v2(stream)`.
    package var streamDestroy: @Sendable (UInt) -> Int32
    /// `cuStreamSynchronize(stream)`.
    package var streamSynchronize: @Sendable (UInt) -> Int32
    /// `cuStreamWaitEvent(stream, event, 0)`.
    package var streamWaitEvent: @Sendable (_ stream: UInt, _ event: UInt) -> Int32
    /// `cuEventCreate(flags)` → event.
    package var eventCreate: @Sendable (UInt32) -> (Int32, UInt)
    /// `cuEventRecord(event, stream)`.
    package var eventRecord: @Sendable (_ event: UInt, _ stream: UInt) -> Int32
    /// `cuEventSynchronize(event)`.
    package var eventSynchronize: @Sendable (UInt) -> Int32
    /// `cuEventElapsedTime(start, end)` in milliseconds.
    package var eventElapsedTime: @Sendable (_ start: UInt, _ end: UInt) -> (Int32, Float)
    /// `cuEventDestroy_v2(event)`.
    package var eventDestroy: @Sendable (UInt) -> Int32
    /// `cuModuleLoadData(image)` with a NUL-terminated PTX image → module.
    package var moduleLoadData: @Sendable (UnsafeRawPointer) -> (Int32, UInt)
    /// `cuModuleGetFunction(module, name)` → function.
    package var moduleGetFunction: @Sendable (UInt, String) -> (Int32, UInt)
    /// `cuModuleUnload(module)`.
    package var moduleUnload: @Sendable (UInt) -> Int32
    /// `cuLaunchKernel(function, grid, block, 0, stream, params, nil)`.
    package var launchKernel: @Sendable (_ function: UInt, _ configuration: LaunchConfiguration, _ stream: UInt,
                                        _ parameters: UnsafeMutablePointer<UnsafeMutableRawPointer?>) -> Int32
    /// `cuGetErrorName(code)`, `nil` where the driver does not know the code.
    package var errorName: @Sendable (Int32) -> String?

    /// Builds a table from its functions; see each property for the driver call it stands for.
    package init(
        initialize: @escaping @Sendable (UInt32) -> Int32,
        deviceCount: @escaping @Sendable () -> (Int32, Int32),
        deviceGet: @escaping @Sendable (Int32) -> (Int32, Int32),
        deviceName: @escaping @Sendable (Int32) -> (Int32, String),
        deviceTotalMemory: @escaping @Sendable (Int32) -> (Int32, Int),
        deviceAttribute: @escaping @Sendable (Int32, Int32) -> (Int32, Int32),
        primaryContextRetain: @escaping @Sendable (Int32) -> (Int32, UInt),
        primaryContextRelease: @escaping @Sendable (Int32) -> Int32,
        setCurrentContext: @escaping @Sendable (UInt) -> Int32,
        memAlloc: @escaping @Sendable (Int) -> (Int32, UInt64),
        memFree: @escaping @Sendable (UInt64) -> Int32,
        memAllocHost: @escaping @Sendable (Int) -> (Int32, UnsafeMutableRawPointer?),
        memFreeHost: @escaping @Sendable (UnsafeMutableRawPointer) -> Int32,
        copyHostToDevice: @escaping @Sendable (UInt64, UnsafeRawPointer, Int, UInt) -> Int32,
        copyDeviceToHost: @escaping @Sendable (UnsafeMutableRawPointer, UInt64, Int, UInt) -> Int32,
        copyDeviceToDevice: @escaping @Sendable (UInt64, UInt64, Int, UInt) -> Int32,
        streamCreate: @escaping @Sendable (UInt32) -> (Int32, UInt),
        streamDestroy: @escaping @Sendable (UInt) -> Int32,
        streamSynchronize: @escaping @Sendable (UInt) -> Int32,
        streamWaitEvent: @escaping @Sendable (UInt, UInt) -> Int32,
        eventCreate: @escaping @Sendable (UInt32) -> (Int32, UInt),
        eventRecord: @escaping @Sendable (UInt, UInt) -> Int32,
        eventSynchronize: @escaping @Sendable (UInt) -> Int32,
        eventElapsedTime: @escaping @Sendable (UInt, UInt) -> (Int32, Float),
        eventDestroy: @escaping @Sendable (UInt) -> Int32,
        moduleLoadData: @escaping @Sendable (UnsafeRawPointer) -> (Int32, UInt),
        moduleGetFunction: @escaping @Sendable (UInt, String) -> (Int32, UInt),
        moduleUnload: @escaping @Sendable (UInt) -> Int32,
        launchKernel: @escaping @Sendable (UInt, LaunchConfiguration, UInt, UnsafeMutablePointer<UnsafeMutableRawPointer?>) -> Int32,
        errorName: @escaping @Sendable (Int32) -> String?
    ) {
        self.initialize = initialize; self.deviceCount = deviceCount; self.deviceGet = deviceGet
        self.deviceName = deviceName; self.deviceTotalMemory = deviceTotalMemory; self.deviceAttribute = deviceAttribute
        self.primaryContextRetain = primaryContextRetain; self.primaryContextRelease = primaryContextRelease
        self.setCurrentContext = setCurrentContext; self.memAlloc = memAlloc; self.memFree = memFree
        self.memAllocHost = memAllocHost; self.memFreeHost = memFreeHost
        self.copyHostToDevice = copyHostToDevice; self.copyDeviceToHost = copyDeviceToHost
        self.copyDeviceToDevice = copyDeviceToDevice; self.streamCreate = streamCreate
        self.streamDestroy = streamDestroy; self.streamSynchronize = streamSynchronize
        self.streamWaitEvent = streamWaitEvent; self.eventCreate = eventCreate; self.eventRecord = eventRecord
        self.eventSynchronize = eventSynchronize; self.eventElapsedTime = eventElapsedTime
        self.eventDestroy = eventDestroy; self.moduleLoadData = moduleLoadData
        self.moduleGetFunction = moduleGetFunction; self.moduleUnload = moduleUnload
        self.launchKernel = launchKernel; self.errorName = errorName
    }

    /// Throws `TensorBridgeError` (`.deviceFailure`) unless `code` is success.
    func check(_ code: Int32, _ call: StaticString) throws(TensorBridgeError) {
        guard code != CUDAResultCode.success else { return }
        throw .driver(call: "\(call)", code: code, name: errorName(code) ?? "CUDA_ERROR_\(code)")
    }
}
