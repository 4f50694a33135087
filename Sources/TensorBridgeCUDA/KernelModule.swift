import TensorBridge
/// A device's compiled kernels: the loaded module and its functions by name.
struct KernelModule: Sendable {
    let module: UInt
    let functions: [String: UInt]
}

/// Kernel parameters as `cuLaunchKernel` takes them: an array of pointers, one per argument,
/// each to a copy of the argument's bytes.
final class KernelArguments {
    private var storage: [UnsafeMutableRawPointer] = []

    /// Appends a trivially-copyable argument (a pointer, integer, float or tuple of them).
    func add<T: BitwiseCopyable>(_ value: T) {
        let pointer = UnsafeMutableRawPointer.allocate(byteCount: max(1, MemoryLayout<T>.size),
                                                       alignment: MemoryLayout<T>.alignment)
        pointer.storeBytes(of: value, as: T.self)
        storage.append(pointer)
    }

    /// Appends a C struct given as raw bytes with its alignment.
    func addBytes(_ bytes: [UInt8], alignment: Int) {
        let pointer = UnsafeMutableRawPointer.allocate(byteCount: max(1, bytes.count), alignment: alignment)
        bytes.withUnsafeBytes { if let base = $0.baseAddress { pointer.copyMemory(from: base, byteCount: bytes.count) } }
        storage.append(pointer)
    }

    /// Number of arguments added.
    var count: Int { storage.count }

    /// Calls `body` with the `void**` array. A null entry follows the arguments: the driver
    /// reads only as many as the kernel declares, and a recording driver can count them.
    func withParameters<R>(_ body: (UnsafeMutablePointer<UnsafeMutableRawPointer?>) -> R) -> R {
        var array: [UnsafeMutableRawPointer?] = storage + [nil]
        return array.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else {
                var empty: UnsafeMutableRawPointer? = nil
                return body(&empty)
            }
            return body(base)
        }
    }

    deinit { storage.forEach { $0.deallocate() } }
}

extension CUDABackend {
    /// `name`'s function on `context`'s device, compiling and loading the kernel library on
    /// first use (once per device; later calls hit the cache).
    /// - Throws: `TensorBridgeError` (`.libraryUnavailable`) where NVRTC is missing, a compilation
    ///   error with NVRTC's log, or the driver's module error.
    func kernel(_ name: String, on context: CUDADeviceContext) throws(TensorBridgeError) -> UInt {
        let module = try context.kernels.withLock { (cached: inout KernelModule?) throws(TensorBridgeError) -> KernelModule in
            if let cached { return cached }
            let compiler = try nvrtcLoader()
            let cc = context.computeCapability
            let ptx = try compiler.compile(KernelLibrary.source, "tensorbridge_kernels.cu",
                                           NVRTC.options(major: cc.major, minor: cc.minor))
            try context.makeCurrent()
            let (rc, module) = ptx.withUnsafeBytes { bytes -> (Int32, UInt) in
                guard let base = bytes.baseAddress else { return (1, 0) }  // CUDA_ERROR_INVALID_VALUE
                return driver.moduleLoadData(base)
            }
            try driver.check(rc, "cuModuleLoadData")
            var functions: [String: UInt] = [:]
            for kernelName in KernelLibrary.kernelNames {
                let (rcFunction, function) = driver.moduleGetFunction(module, kernelName)
                guard rcFunction == 0 else {
                    _ = driver.moduleUnload(module)
                    try driver.check(rcFunction, "cuModuleGetFunction")
                    break
                }
                functions[kernelName] = function
            }
            let loaded = KernelModule(module: module, functions: functions)
            cached = loaded
            return loaded
        }
        guard let function = module.functions[name] else {
            throw .invalidArgument("kernel \(name) is not in the kernel library")
        }
        return function
    }

    /// Enqueues `name` over `workItems` threads on the device's stream. No work, no launch.
    func launch(_ name: String, workItems: Int, on context: CUDADeviceContext,
                _ arguments: (KernelArguments) -> Void) throws(TensorBridgeError) {
        guard let configuration = try LaunchConfiguration.linear(workItems: workItems, maxBlocks: context.maxBlocks) else {
            return
        }
        try launch(name, configuration: configuration, on: context, arguments)
    }

    /// Enqueues `name` with an explicit grid and block on the device's stream.
    func launch(_ name: String, configuration: LaunchConfiguration, on context: CUDADeviceContext,
                _ arguments: (KernelArguments) -> Void) throws(TensorBridgeError) {
        let function = try kernel(name, on: context)
        let args = KernelArguments()
        arguments(args)
        try context.makeCurrent()
        let rc = args.withParameters { driver.launchKernel(function, configuration, context.stream, $0) }
        try driver.check(rc, "cuLaunchKernel")
    }
}
