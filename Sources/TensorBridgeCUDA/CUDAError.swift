/// Every failure the CUDA backend reports, with enough detail to act on.
public enum CUDAError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No candidate library could be opened. `tried` lists each name with the loader's reason.
    case libraryNotFound(library: String, tried: [String])
    /// The library opened but lacks functions the backend needs.
    case missingSymbols(library: String, symbols: [String])
    /// A driver call returned an error code (`CUresult`); `name` is the driver's own name for it.
    case driver(call: String, code: Int32, name: String)
    /// NVRTC, which compiles the kernels at run time, could not be loaded.
    case nvrtcUnavailable(tried: [String])
    /// NVRTC returned an error; `log` holds the compiler's output where there is one.
    case compilation(call: String, code: Int32, log: String)
    /// The device index is not one the driver reported.
    case invalidDevice(index: Int, available: Int)
    /// An argument the kernels or copies cannot accept.
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .libraryNotFound(let library, let tried):
            "CUDA \(library) could not be loaded; tried: \(tried.joined(separator: "; "))"
        case .missingSymbols(let library, let symbols):
            "\(library) lacks required functions: \(symbols.joined(separator: ", ")) (driver too old?)"
        case .driver(let call, let code, let name):
            "\(call) failed with CUDA error \(code) (\(name))"
        case .nvrtcUnavailable(let tried):
            "NVRTC (the CUDA runtime compiler, needed to build the GPU kernels) could not be loaded; tried: "
                + tried.joined(separator: "; ")
                + ". Install the CUDA toolkit or the nvidia-cuda-nvrtc wheel, or set TENSORBRIDGE_NVRTC to the library's path."
        case .compilation(let call, let code, let log):
            "\(call) failed with NVRTC error \(code)" + (log.isEmpty ? "" : ":\n\(log)")
        case .invalidDevice(let index, let available):
            "GPU:\(index) does not exist; the driver reports \(available) GPU(s)"
        case .invalidArgument(let message):
            message
        }
    }
}

/// CUDA driver result codes the backend treats specially.
package enum CUDAResultCode {
    /// `CUDA_SUCCESS`.
    package static let success: Int32 = 0
    /// `CUDA_ERROR_OUT_OF_MEMORY`: the allocator trims its cache and retries once.
    package static let outOfMemory: Int32 = 2
    /// `CUDA_ERROR_NO_DEVICE`: the driver is present but sees no GPU.
    package static let noDevice: Int32 = 100
}
