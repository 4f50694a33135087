import _CTensorBridgeCUDA
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// NVRTC, CUDA's run-time compiler, loaded with `dlopen`: turns the kernels' CUDA C into PTX
/// for the device at hand.
public struct NVRTC: Sendable {
    /// Compiles `source` (named `name` in diagnostics) with `options`; returns the PTX, or
    /// throws ``CUDAError/compilation(call:code:log:)`` with the compiler's log.
    public let compile: @Sendable (_ source: String, _ name: String, _ options: [String]) throws(CUDAError) -> [UInt8]

    /// Wraps a compile function (tests inject one).
    public init(compile: @escaping @Sendable (String, String, [String]) throws(CUDAError) -> [UInt8]) {
        self.compile = compile
    }

    /// The sonames tried, newest CUDA first, then common install paths. `TENSORBRIDGE_NVRTC`
    /// (a path or name) is tried before all of them.
    public static var defaultLibraryNames: [String] {
        var names = ["libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so.11.2", "libnvrtc.so",
                     "/usr/local/cuda/lib64/libnvrtc.so.13", "/usr/local/cuda/lib64/libnvrtc.so.12",
                     "/usr/local/cuda/lib64/libnvrtc.so"]
        if let custom = getenv("TENSORBRIDGE_NVRTC").map({ String(cString: $0) }), !custom.isEmpty {
            names.insert(custom, at: 0)
        }
        return names
    }

    /// Loads NVRTC from the first of `libraryNames` that opens.
    /// - Throws: ``CUDAError/nvrtcUnavailable(tried:)`` naming every library tried and why,
    ///   or ``CUDAError/missingSymbols(library:symbols:)``.
    public static func load(libraryNames: [String] = defaultLibraryNames) throws(CUDAError) -> NVRTC {
        let opened = DynamicLibrary.open(libraryNames)
        guard let library = opened.library else { throw .nvrtcUnavailable(tried: opened.reasons) }
        var r = SymbolResolver(library)
        let create = r.resolve("nvrtcCreateProgram", as: tb_nvrtcCreateProgram_t.self)
        let compileProgram = r.resolve("nvrtcCompileProgram", as: tb_nvrtcCompileProgram_t.self)
        let ptxSize = r.resolve("nvrtcGetPTXSize", as: tb_nvrtcGetPTXSize_t.self)
        let getPTX = r.resolve("nvrtcGetPTX", as: tb_nvrtcGetPTX_t.self)
        let logSize = r.resolve("nvrtcGetProgramLogSize", as: tb_nvrtcGetProgramLogSize_t.self)
        let getLog = r.resolve("nvrtcGetProgramLog", as: tb_nvrtcGetProgramLog_t.self)
        let destroy = r.resolve("nvrtcDestroyProgram", as: tb_nvrtcDestroyProgram_t.self)
        guard let create, let compileProgram, let ptxSize, let getPTX, let logSize, let getLog, let destroy else {
            throw .missingSymbols(library: library.name, symbols: r.missing)
        }
        return NVRTC { (source: String, name: String, options: [String]) throws(CUDAError) -> [UInt8] in
            var program: tb_nvrtcProgram?
            let rcCreate = create(&program, source, name, 0, nil, nil)
            guard rcCreate == 0, program != nil else {
                throw .compilation(call: "nvrtcCreateProgram", code: rcCreate, log: "")
            }
            defer { _ = destroy(&program) }
            let cOptions = options.map { strdup($0) }
            defer { cOptions.forEach { free($0) } }
            let rcCompile = cOptions.map { UnsafePointer($0) }.withUnsafeBufferPointer {
                compileProgram(program, Int32($0.count), $0.baseAddress)
            }
            guard rcCompile == 0 else {
                var size = 0
                var log = ""
                if logSize(program, &size) == 0, size > 1 {
                    var bytes = [CChar](repeating: 0, count: size)
                    if getLog(program, &bytes) == 0 {
                        log = String(decoding: bytes.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                    }
                }
                throw .compilation(call: "nvrtcCompileProgram", code: rcCompile, log: log)
            }
            var size = 0
            let rcSize = ptxSize(program, &size)
            guard rcSize == 0, size > 0 else { throw .compilation(call: "nvrtcGetPTXSize", code: rcSize, log: "") }
            var ptx = [CChar](repeating: 0, count: size)
            let rcPTX = getPTX(program, &ptx)
            guard rcPTX == 0 else { throw .compilation(call: "nvrtcGetPTX", code: rcPTX, log: "") }
            return ptx.map { UInt8(bitPattern: $0) }  // NUL-terminated, as cuModuleLoadData wants
        }
    }

    /// The options every kernel is compiled with for compute capability `major.minor`.
    ///
    /// `--fmad=false` forbids contracting `a*b + c` into an FMA anywhere, which the
    /// bit-exact grayscale and `x*stddev + mean` need (the kernels also spell the roundings
    /// out with `__fmul_rn`/`__fadd_rn`). No fast-math: `logf`, `sqrtf` and `sincosf` stay
    /// CUDA's accurate versions (within a few ULP of glibc, FACTS §2).
    public static func options(major: Int, minor: Int) -> [String] {
        let arch = major > 0 ? "compute_\(major)\(minor)" : "compute_75"
        return ["--gpu-architecture=\(arch)", "--fmad=false", "--std=c++17"]
    }
}
