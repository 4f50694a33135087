import TensorBridge
import Glibc
import Synchronization
import TensorBridgeCUDA

/// A CUDA driver simulated in host RAM: device memory is malloc'd, copies are memcpy, kernel
/// launches are recorded (not run). It counts every call, tracks live allocations (to prove
/// no leaks) and fails any call named in `failures` with the given code.
final class FakeCUDADriver: Sendable {
    struct State {
        var calls: [String: Int] = [:]
        var failures: [String: Int32] = [:]
        var device: [UInt64: Int] = [:]
        var pinned: [UInt: Int] = [:]
        var launches: [(function: UInt, configuration: LaunchConfiguration, parameterCount: Int)] = []
        /// Kernel names by the function handle `cuModuleGetFunction` gave out.
        var functions: [UInt: String] = [:]
        /// (stream, event) of every `cuStreamWaitEvent`, and the stream of every `cuEventRecord`.
        var waits: [(stream: UInt, event: UInt)] = []
        var records: [(event: UInt, stream: UInt)] = []
        var nextHandle: UInt = 0x6000
        var deviceLimit = Int.max
    }
    let state = Mutex(State())
    let deviceCount: Int32

    init(deviceCount: Int32 = 1) { self.deviceCount = deviceCount }

    func calls(_ name: String) -> Int { state.withLock { $0.calls[name, default: 0] } }
    func fail(_ name: String, with code: Int32) { state.withLock { $0.failures[name] = code } }
    func heal() { state.withLock { $0.failures = [:] } }
    /// The names of the kernels launched, in order.
    var launchedKernels: [String] { state.withLock { s in s.launches.map { s.functions[$0.function] ?? "?" } } }
    func resetLaunches() { state.withLock { $0.launches = [] } }
    /// The stream every operation is enqueued on (what `cuStreamCreate` hands out).
    static let stream: UInt = 0x5000
    var liveDeviceBlocks: Int { state.withLock { $0.device.count } }
    var livePinnedBlocks: Int { state.withLock { $0.pinned.count } }
    var liveDeviceBytes: Int { state.withLock { $0.device.values.reduce(0, +) } }
    func limitDeviceBytes(_ bytes: Int) { state.withLock { $0.deviceLimit = bytes } }

    /// Counts the call; returns the injected failure code, if any.
    private func enter(_ name: String) -> Int32? {
        state.withLock { s in
            s.calls[name, default: 0] += 1
            return s.failures[name]
        }
    }

    var table: CUDADriverTable {
        CUDADriverTable(
            initialize: { _ in self.enter("cuInit") ?? 0 },
            deviceCount: { (self.enter("cuDeviceGetCount") ?? 0, self.deviceCount) },
            deviceGet: { (self.enter("cuDeviceGet") ?? 0, $0) },
            deviceName: { (self.enter("cuDeviceGetName") ?? 0, "Fake GPU \($0)") },
            deviceTotalMemory: { _ in (self.enter("cuDeviceTotalMem") ?? 0, 80 << 30) },
            deviceAttribute: { attribute, _ in
                (self.enter("cuDeviceGetAttribute") ?? 0, attribute == 16 ? 132 : attribute == 75 ? 9 : 0)
            },
            primaryContextRetain: { (self.enter("cuDevicePrimaryCtxRetain") ?? 0, UInt($0) + 0x1000) },
            primaryContextRelease: { _ in self.enter("cuDevicePrimaryCtxRelease") ?? 0 },
            setCurrentContext: { _ in self.enter("cuCtxSetCurrent") ?? 0 },
            memAlloc: { bytes in
                if let code = self.enter("cuMemAlloc") { return (code, 0) }
                let over = self.state.withLock { $0.device.values.reduce(0, +) + bytes > $0.deviceLimit }
                if over { return (2, 0) }  // CUDA_ERROR_OUT_OF_MEMORY
                guard let p = malloc(bytes) else { return (2, 0) }
                let address = UInt64(UInt(bitPattern: p))
                self.state.withLock { $0.device[address] = bytes }
                return (0, address)
            },
            memFree: { address in
                if let code = self.enter("cuMemFree") { return code }
                guard self.state.withLock({ $0.device.removeValue(forKey: address) }) != nil else { return 1 }
                free(UnsafeMutableRawPointer(bitPattern: UInt(address)))
                return 0
            },
            memAllocHost: { bytes in
                if let code = self.enter("cuMemAllocHost") { return (code, nil) }
                guard let p = malloc(bytes) else { return (2, nil) }
                self.state.withLock { $0.pinned[UInt(bitPattern: p)] = bytes }
                return (0, p)
            },
            memFreeHost: { p in
                if let code = self.enter("cuMemFreeHost") { return code }
                guard self.state.withLock({ $0.pinned.removeValue(forKey: UInt(bitPattern: p)) }) != nil else { return 1 }
                free(p)
                return 0
            },
            copyHostToDevice: { dst, src, n, _ in
                if let code = self.enter("cuMemcpyHtoDAsync") { return code }
                guard let d = UnsafeMutableRawPointer(bitPattern: UInt(dst)) else { return 1 }
                memcpy(d, src, n)
                return 0
            },
            copyDeviceToHost: { dst, src, n, _ in
                if let code = self.enter("cuMemcpyDtoHAsync") { return code }
                guard let s = UnsafeRawPointer(bitPattern: UInt(src)) else { return 1 }
                memcpy(dst, s, n)
                return 0
            },
            copyDeviceToDevice: { dst, src, n, _ in
                if let code = self.enter("cuMemcpyDtoDAsync") { return code }
                guard let d = UnsafeMutableRawPointer(bitPattern: UInt(dst)),
                      let s = UnsafeRawPointer(bitPattern: UInt(src)) else { return 1 }
                memmove(d, s, n)
                return 0
            },
            streamCreate: { _ in (self.enter("cuStreamCreate") ?? 0, FakeCUDADriver.stream) },
            streamDestroy: { _ in self.enter("cuStreamDestroy") ?? 0 },
            streamSynchronize: { _ in self.enter("cuStreamSynchronize") ?? 0 },
            streamWaitEvent: { stream, event in
                if let code = self.enter("cuStreamWaitEvent") { return code }
                self.state.withLock { $0.waits.append((stream, event)) }
                return 0
            },
            eventCreate: { _ in
                if let code = self.enter("cuEventCreate") { return (code, 0) }
                return (0, self.state.withLock { s in s.nextHandle += 1; return s.nextHandle })
            },
            eventRecord: { event, stream in
                if let code = self.enter("cuEventRecord") { return code }
                self.state.withLock { $0.records.append((event, stream)) }
                return 0
            },
            eventSynchronize: { _ in self.enter("cuEventSynchronize") ?? 0 },
            eventElapsedTime: { _, _ in (self.enter("cuEventElapsedTime") ?? 0, 1) },
            eventDestroy: { _ in self.enter("cuEventDestroy") ?? 0 },
            moduleLoadData: { _ in (self.enter("cuModuleLoadData") ?? 0, 0x7000) },
            moduleGetFunction: { _, name in
                if let code = self.enter("cuModuleGetFunction") { return (code, 0) }
                return (0, self.state.withLock { s in
                    let handle = 0x8000 + UInt(s.functions.count)
                    s.functions[handle] = name
                    return handle
                })
            },
            moduleUnload: { _ in self.enter("cuModuleUnload") ?? 0 },
            launchKernel: { function, configuration, _, parameters in
                if let code = self.enter("cuLaunchKernel") { return code }
                // The backend ends its parameter array with a null entry.
                var count = 0
                while parameters[count] != nil { count += 1 }
                self.state.withLock { $0.launches.append((function, configuration, count)) }
                return 0
            },
            errorName: { $0 == 2 ? "CUDA_ERROR_OUT_OF_MEMORY" : $0 == 100 ? "CUDA_ERROR_NO_DEVICE" : nil })
    }
}

/// An NVRTC stand-in that returns a tiny fake PTX image and records the options it got.
final class FakeNVRTC: Sendable {
    let options = Mutex<[[String]]>([])
    var nvrtc: NVRTC {
        NVRTC { (_: String, _: String, options: [String]) throws(TensorBridgeError) -> [UInt8] in
            self.options.withLock { $0.append(options) }
            return Array(".version 8.0\n".utf8) + [0]
        }
    }
}
