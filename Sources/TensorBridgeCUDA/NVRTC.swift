import TensorBridge
import _CTensorBridgeCUDA
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// NVRTC, CUDA's run-time compiler, loaded with `dlopen`: turns the kernels' CUDA C into PTX
/// for the device at hand.
package struct NVRTC: Sendable {
    /// What a compilation produces: PTX text (what the backend loads, JIT-compiled by the
    /// driver for the device at hand) or a CUBIN for one real architecture (`sm_90`).
    package enum Output: Sendable, Hashable {
        /// NUL-terminated PTX, for `--gpu-architecture=compute_XY`.
        case ptx
        /// An ELF CUBIN, for `--gpu-architecture=sm_XY`.
        case cubin
    }

    /// A compilation's image and NVRTC's log (empty when the compiler had nothing to say;
    /// warnings appear here even when the compilation succeeds).
    package struct Product: Sendable {
        /// The PTX (NUL-terminated) or CUBIN bytes.
        package let image: [UInt8]
        /// The program log.
        package let log: String
    }

    /// Compiles `source` (named `name` in diagnostics) with `options` into `output`; throws
    /// `TensorBridgeError` (`.kernelCompilation`) with the compiler's log.
    package let build: @Sendable (_ source: String, _ name: String, _ options: [String], _ output: Output) throws(TensorBridgeError) -> Product
    /// The library that was loaded (empty for an injected compiler).
    package let libraryName: String

    /// Compiles to PTX, as the backend does at run time; returns the PTX.
    package func compile(_ source: String, _ name: String, _ options: [String]) throws(TensorBridgeError) -> [UInt8] {
        try build(source, name, options, .ptx).image
    }

    /// Wraps a PTX compile function (tests inject one); CUBIN requests get the same bytes.
    package init(compile: @escaping @Sendable (String, String, [String]) throws(TensorBridgeError) -> [UInt8]) {
        build = { (source: String, name: String, options: [String], _: Output) throws(TensorBridgeError) -> Product in
            Product(image: try compile(source, name, options), log: "")
        }
        libraryName = ""
    }

    init(libraryName: String,
         build: @escaping @Sendable (String, String, [String], Output) throws(TensorBridgeError) -> Product) {
        self.build = build
        self.libraryName = libraryName
    }

    /// The sonames tried, newest CUDA first, then common install paths. `TENSORBRIDGE_NVRTC`
    /// (a path or name) is tried before all of them.
    package static var defaultLibraryNames: [String] {
        var names = ["libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so.11.2", "libnvrtc.so",
                     "/usr/local/cuda/lib64/libnvrtc.so.13", "/usr/local/cuda/lib64/libnvrtc.so.12",
                     "/usr/local/cuda/lib64/libnvrtc.so"]
        if let custom = getenv("TENSORBRIDGE_NVRTC").map({ String(cString: $0) }), !custom.isEmpty {
            names.insert(custom, at: 0)
        }
        return names
    }

    /// Opens `libnvrtc-builtins.so.*` from the folder of an NVRTC opened by path (a pip wheel's).
    ///
    /// NVRTC opens its builtins itself, by name, through its own RUNPATH (`$ORIGIN`). A
    /// `dlopen` interposer, such as AddressSanitizer's, resolves that name from the wrong
    /// object and the compile fails with "failed to open libnvrtc-builtins"; once the builtins
    /// are loaded, NVRTC's own lookup finds the loaded copy by its soname.
    static func preloadBuiltins(besides libraryPath: String) {
        guard let slash = libraryPath.lastIndex(of: "/") else { return }
        let folder = String(libraryPath[..<slash])
        guard let dir = opendir(folder) else { return }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name.hasPrefix("libnvrtc-builtins.so.") {
                // Kept open for the process's life, as NVRTC itself would keep it.
                _ = DynamicLibrary.open(folder + "/" + name, visibility: .global)
            }
        }
    }

    /// Loads NVRTC from the first of `libraryNames` that opens.
    /// - Throws: `TensorBridgeError` (`.libraryUnavailable`) naming every library tried and why,
    ///   or `TensorBridgeError` (`.libraryUnavailable`).
    package static func load(libraryNames: [String] = defaultLibraryNames) throws(TensorBridgeError) -> NVRTC {
        let opened = DynamicLibrary.open(libraryNames)
        guard let library = opened.library else { throw .nvrtcUnavailable(tried: opened.reasons) }
        preloadBuiltins(besides: library.name)
        var r = SymbolResolver(library)
        let create = r.resolve("nvrtcCreateProgram", as: tb_nvrtcCreateProgram_t.self)
        let compileProgram = r.resolve("nvrtcCompileProgram", as: tb_nvrtcCompileProgram_t.self)
        let ptxSize = r.resolve("nvrtcGetPTXSize", as: tb_nvrtcGetPTXSize_t.self)
        let getPTX = r.resolve("nvrtcGetPTX", as: tb_nvrtcGetPTX_t.self)
        let logSize = r.resolve("nvrtcGetProgramLogSize", as: tb_nvrtcGetProgramLogSize_t.self)
        let getLog = r.resolve("nvrtcGetProgramLog", as: tb_nvrtcGetProgramLog_t.self)
        let destroy = r.resolve("nvrtcDestroyProgram", as: tb_nvrtcDestroyProgram_t.self)
        // CUBIN output is optional (older NVRTCs lack it); only the compile check asks for it.
        let cubinSize = library.symbol(["nvrtcGetCUBINSize"]).map { unsafeBitCast($0, to: tb_nvrtcGetPTXSize_t.self) }
        let getCUBIN = library.symbol(["nvrtcGetCUBIN"]).map { unsafeBitCast($0, to: tb_nvrtcGetPTX_t.self) }
        guard let create, let compileProgram, let ptxSize, let getPTX, let logSize, let getLog, let destroy else {
            throw .missingSymbols(library: library.name, symbols: r.missing)
        }
        return NVRTC(libraryName: library.name) { (source: String, name: String, options: [String], output: Output) throws(TensorBridgeError) -> Product in
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
            var size = 0
            var log = ""
            if logSize(program, &size) == 0, size > 1 {
                var bytes = [CChar](repeating: 0, count: size)
                if getLog(program, &bytes) == 0 {
                    log = String(decoding: bytes.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                }
            }
            guard rcCompile == 0 else { throw .compilation(call: "nvrtcCompileProgram", code: rcCompile, log: log) }
            let (sizeCall, imageCall, getSize, getImage) = output == .ptx
                ? ("nvrtcGetPTXSize", "nvrtcGetPTX", Optional(ptxSize), Optional(getPTX))
                : ("nvrtcGetCUBINSize", "nvrtcGetCUBIN", cubinSize, getCUBIN)
            guard let getSize, let getImage else { throw .missingSymbols(library: library.name, symbols: [sizeCall, imageCall]) }
            var imageSize = 0
            let rcSize = getSize(program, &imageSize)
            guard rcSize == 0, imageSize > 0 else { throw .compilation(call: sizeCall, code: rcSize, log: log) }
            var image = [CChar](repeating: 0, count: imageSize)
            let rcImage = getImage(program, &image)
            guard rcImage == 0 else { throw .compilation(call: imageCall, code: rcImage, log: log) }
            // PTX comes NUL-terminated, as cuModuleLoadData wants.
            return Product(image: image.map { UInt8(bitPattern: $0) }, log: log)
        }
    }

    /// The options every kernel is compiled with for compute capability `major.minor`.
    ///
    /// `--fmad=false` forbids contracting `a*b + c` into an FMA anywhere, which the
    /// bit-exact grayscale and `x*stddev + mean` need (the kernels also spell the roundings
    /// out with `__fmul_rn`/`__fadd_rn`). No fast-math: `logf`, `sqrtf` and `sincosf` stay
    /// CUDA's accurate versions (within a few ULP of glibc).
    /// - Parameters:
    ///   - major: the compute capability's major number (0: unknown, compiles for 7.5).
    ///   - minor: its minor number.
    ///   - output: `.ptx` targets the virtual `compute_XY` (what the backend loads); `.cubin`
    ///     the real `sm_XY` (what the compile check also builds, running `ptxas`).
    package static func options(major: Int, minor: Int, output: Output = .ptx) -> [String] {
        let (major, minor) = major > 0 ? (major, minor) : (7, 5)
        let arch = (output == .ptx ? "compute_" : "sm_") + "\(major)\(minor)"
        return ["--gpu-architecture=\(arch)", "--fmad=false", "--std=c++17"]
    }
}
