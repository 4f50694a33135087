import TensorBridge

/// A CUDA driver or NVRTC call that failed: the cause of a `TensorBridgeError` with code
/// `.deviceFailure` or `.kernelCompilation`.
public struct CUDAResult: Error, Sendable, Equatable, CustomStringConvertible {
    /// The API call (`cuMemAlloc_v2`, `nvrtcCompileProgram`).
    public var call: String
    /// The result code it returned (`CUresult` or `nvrtcResult`).
    public var code: Int32
    /// The code's name (`CUDA_ERROR_OUT_OF_MEMORY`).
    public var name: String

    /// Makes the result of a failed call.
    public init(call: String, code: Int32, name: String) {
        self.call = call
        self.code = code
        self.name = name
    }

    /// `call failed with CUDA error code (name)`.
    public var description: String { "\(call) failed with CUDA error \(code) (\(name))" }
}

// The CUDA backend's failures, as `TensorBridgeError` values.
extension TensorBridgeError {
    /// The CUDA result beneath this error (codes `.deviceFailure` and `.kernelCompilation`), if any.
    public var cudaResult: CUDAResult? { cause as? CUDAResult }

    /// A CUDA library could not be opened.
    package static func libraryNotFound(library: String, tried: [String]) -> Self {
        Self(.libraryUnavailable, "CUDA \(library) could not be loaded; tried: \(tried.joined(separator: "; "))")
    }

    /// A CUDA library lacks functions the backend needs.
    package static func missingSymbols(library: String, symbols: [String]) -> Self {
        Self(.libraryUnavailable, "\(library) lacks required functions: \(symbols.joined(separator: ", ")) (driver too old?)")
    }

    /// A driver call failed.
    package static func driver(call: String, code: Int32, name: String) -> Self {
        let result = CUDAResult(call: call, code: code, name: name)
        return Self(code == CUDAResultCode.outOfMemory ? .outOfMemory : .deviceFailure, result.description, cause: result)
    }

    /// NVRTC could not be loaded.
    package static func nvrtcUnavailable(tried: [String]) -> Self {
        Self(.libraryUnavailable,
             "NVRTC (the CUDA runtime compiler, needed to build the GPU kernels) could not be loaded; tried: "
                + tried.joined(separator: "; ")
                + ". Install the CUDA toolkit or the nvidia-cuda-nvrtc wheel, or set TENSORBRIDGE_NVRTC to the library's path.")
    }

    /// An NVRTC call failed while compiling the kernels; `log` is the compiler's.
    package static func compilation(call: String, code: Int32, log: String) -> Self {
        Self(.kernelCompilation, "\(call) failed with NVRTC error \(code)" + (log.isEmpty ? "" : ":\n\(log)"),
             cause: CUDAResult(call: call, code: code, name: "NVRTC error \(code)"))
    }

    /// A GPU index beyond the driver's devices.
    package static func invalidDevice(index: Int, available: Int) -> Self {
        Self(.invalidDevice, "GPU:\(index) does not exist; the driver reports \(available) GPU(s)")
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
