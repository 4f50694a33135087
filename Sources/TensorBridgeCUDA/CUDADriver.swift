import TensorBridge
import _CTensorBridgeCUDA
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Loads the CUDA driver API at run time. Nothing CUDA is linked at build time.
package enum CUDADriver {
    /// The sonames tried, in order: the versioned name the driver installs, then the
    /// development link. Override with `TENSORBRIDGE_LIBCUDA` (a path or name tried first).
    package static var defaultLibraryNames: [String] {
        var names = ["libcuda.so.1", "libcuda.so"]
        if let custom = getenv("TENSORBRIDGE_LIBCUDA").map({ String(cString: $0) }), !custom.isEmpty {
            names.insert(custom, at: 0)
        }
        return names
    }

    /// Opens the driver library and resolves every function the backend uses.
    /// - Throws: `TensorBridgeError` (`.libraryUnavailable`) listing each name tried and why,
    ///   or `TensorBridgeError` (`.libraryUnavailable`) for a driver too old for the backend.
    package static func load(libraryNames: [String] = defaultLibraryNames) throws(TensorBridgeError) -> CUDADriverTable {
        let opened = DynamicLibrary.open(libraryNames)
        guard let library = opened.library else {
            throw .libraryNotFound(library: "driver (libcuda)", tried: opened.reasons)
        }
        var r = SymbolResolver(library)
        let initialize = r.resolve("cuInit", as: tb_cuInit_t.self)
        let deviceCount = r.resolve("cuDeviceGetCount", as: tb_cuDeviceGetCount_t.self)
        let deviceGet = r.resolve("cuDeviceGet", as: tb_cuDeviceGet_t.self)
        let deviceName = r.resolve("cuDeviceGetName", as: tb_cuDeviceGetName_t.self)
        let deviceTotalMemory = r.resolve("cuDeviceTotalMem_v2", "cuDeviceTotalMem", as: tb_cuDeviceTotalMem_t.self)
        let deviceAttribute = r.resolve("cuDeviceGetAttribute", as: tb_cuDeviceGetAttribute_t.self)
        let primaryContextRetain = r.resolve("cuDevicePrimaryCtxRetain", as: tb_cuDevicePrimaryCtxRetain_t.self)
        let primaryContextRelease = r.resolve("cuDevicePrimaryCtxRelease_v2", "cuDevicePrimaryCtxRelease", as: tb_cuDevicePrimaryCtxRelease_t.self)
        let setCurrentContext = r.resolve("cuCtxSetCurrent", as: tb_cuCtxSetCurrent_t.self)
        let memAlloc = r.resolve("cuMemAlloc_v2", as: tb_cuMemAlloc_t.self)
        let memFree = r.resolve("cuMemFree_v2", as: tb_cuMemFree_t.self)
        let memAllocHost = r.resolve("cuMemAllocHost_v2", as: tb_cuMemAllocHost_t.self)
        let memFreeHost = r.resolve("cuMemFreeHost", as: tb_cuMemFreeHost_t.self)
        let copyHostToDevice = r.resolve("cuMemcpyHtoDAsync_v2", as: tb_cuMemcpyHtoDAsync_t.self)
        let copyDeviceToHost = r.resolve("cuMemcpyDtoHAsync_v2", as: tb_cuMemcpyDtoHAsync_t.self)
        let copyDeviceToDevice = r.resolve("cuMemcpyDtoDAsync_v2", as: tb_cuMemcpyDtoDAsync_t.self)
        let streamCreate = r.resolve("cuStreamCreate", as: tb_cuStreamCreate_t.self)
        let streamDestroy = r.resolve("cuStreamDestroy_v2", "cuStreamDestroy", as: tb_cuStreamDestroy_t.self)
        let streamSynchronize = r.resolve("cuStreamSynchronize", as: tb_cuStreamSynchronize_t.self)
        let streamWaitEvent = r.resolve("cuStreamWaitEvent", as: tb_cuStreamWaitEvent_t.self)
        let eventCreate = r.resolve("cuEventCreate", as: tb_cuEventCreate_t.self)
        let eventRecord = r.resolve("cuEventRecord", as: tb_cuEventRecord_t.self)
        let eventSynchronize = r.resolve("cuEventSynchronize", as: tb_cuEventSynchronize_t.self)
        let eventElapsedTime = r.resolve("cuEventElapsedTime", "cuEventElapsedTime_v2", as: tb_cuEventElapsedTime_t.self)
        let eventDestroy = r.resolve("cuEventDestroy_v2", "cuEventDestroy", as: tb_cuEventDestroy_t.self)
        let moduleLoadData = r.resolve("cuModuleLoadData", as: tb_cuModuleLoadData_t.self)
        let moduleGetFunction = r.resolve("cuModuleGetFunction", as: tb_cuModuleGetFunction_t.self)
        let moduleUnload = r.resolve("cuModuleUnload", as: tb_cuModuleUnload_t.self)
        let launchKernel = r.resolve("cuLaunchKernel", as: tb_cuLaunchKernel_t.self)
        let errorNameFunction = library.symbol(["cuGetErrorName"]).map { unsafeBitCast($0, to: tb_cuGetErrorName_t.self) }
        guard let initialize, let deviceCount, let deviceGet, let deviceName, let deviceTotalMemory, let deviceAttribute, let primaryContextRetain, let primaryContextRelease, let setCurrentContext, let memAlloc, let memFree, let memAllocHost, let memFreeHost, let copyHostToDevice, let copyDeviceToHost, let copyDeviceToDevice, let streamCreate, let streamDestroy, let streamSynchronize, let streamWaitEvent, let eventCreate, let eventRecord, let eventSynchronize, let eventElapsedTime, let eventDestroy, let moduleLoadData, let moduleGetFunction, let moduleUnload, let launchKernel else {
            throw .missingSymbols(library: library.name, symbols: r.missing)
        }
        return CUDADriverTable(
            initialize: { initialize($0) },
            deviceCount: { var n: Int32 = 0; let rc = deviceCount(&n); return (rc, n) },
            deviceGet: { var d: Int32 = 0; let rc = deviceGet(&d, $0); return (rc, d) },
            deviceName: { device in
                var bytes = [CChar](repeating: 0, count: 256)
                let rc = deviceName(&bytes, Int32(bytes.count - 1), device)
                return (rc, String(decoding: bytes.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
            },
            deviceTotalMemory: { var n = 0; let rc = deviceTotalMemory(&n, $0); return (rc, n) },
            deviceAttribute: { var v: Int32 = 0; let rc = deviceAttribute(&v, $0, $1); return (rc, v) },
            primaryContextRetain: { var c: tb_CUcontext?; let rc = primaryContextRetain(&c, $0); return (rc, UInt(bitPattern: c)) },
            primaryContextRelease: { primaryContextRelease($0) },
            setCurrentContext: { setCurrentContext(tb_CUcontext(bitPattern: $0)) },
            memAlloc: { var p: tb_CUdeviceptr = 0; let rc = memAlloc(&p, $0); return (rc, UInt64(p)) },
            memFree: { memFree(tb_CUdeviceptr($0)) },
            memAllocHost: { var p: UnsafeMutableRawPointer?; let rc = memAllocHost(&p, $0); return (rc, p) },
            memFreeHost: { memFreeHost($0) },
            copyHostToDevice: { copyHostToDevice(tb_CUdeviceptr($0), $1, $2, tb_CUstream(bitPattern: $3)) },
            copyDeviceToHost: { copyDeviceToHost($0, tb_CUdeviceptr($1), $2, tb_CUstream(bitPattern: $3)) },
            copyDeviceToDevice: { copyDeviceToDevice(tb_CUdeviceptr($0), tb_CUdeviceptr($1), $2, tb_CUstream(bitPattern: $3)) },
            streamCreate: { var s: tb_CUstream?; let rc = streamCreate(&s, $0); return (rc, UInt(bitPattern: s)) },
            streamDestroy: { streamDestroy(tb_CUstream(bitPattern: $0)) },
            streamSynchronize: { streamSynchronize(tb_CUstream(bitPattern: $0)) },
            streamWaitEvent: { streamWaitEvent(tb_CUstream(bitPattern: $0), tb_CUevent(bitPattern: $1), 0) },
            eventCreate: { var e: tb_CUevent?; let rc = eventCreate(&e, $0); return (rc, UInt(bitPattern: e)) },
            eventRecord: { eventRecord(tb_CUevent(bitPattern: $0), tb_CUstream(bitPattern: $1)) },
            eventSynchronize: { eventSynchronize(tb_CUevent(bitPattern: $0)) },
            eventElapsedTime: { var ms: Float = 0; let rc = eventElapsedTime(&ms, tb_CUevent(bitPattern: $0), tb_CUevent(bitPattern: $1)); return (rc, ms) },
            eventDestroy: { eventDestroy(tb_CUevent(bitPattern: $0)) },
            moduleLoadData: { var m: tb_CUmodule?; let rc = moduleLoadData(&m, $0); return (rc, UInt(bitPattern: m)) },
            moduleGetFunction: { module, name in
                var f: tb_CUfunction?
                let rc = moduleGetFunction(&f, tb_CUmodule(bitPattern: module), name)
                return (rc, UInt(bitPattern: f))
            },
            moduleUnload: { moduleUnload(tb_CUmodule(bitPattern: $0)) },
            launchKernel: { function, c, stream, parameters in
                launchKernel(tb_CUfunction(bitPattern: function), c.gridX, c.gridY, 1, c.blockX, 1, 1,
                             c.sharedBytes, tb_CUstream(bitPattern: stream), parameters, nil)
            },
            errorName: { code in
                guard let errorNameFunction else { return nil }
                var name: UnsafePointer<CChar>?
                guard errorNameFunction(code, &name) == 0, let name else { return nil }
                return String(cString: name)
            })
    }
}
