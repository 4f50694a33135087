import TensorBridge
import Testing
@testable import TensorBridgeCUDA

/// The real NVRTC compiles every kernel the backend ships, for sm_80 and sm_90, PTX and
/// CUBIN, through `NVRTC.load` (the backend's own loading path), with no error or warning.
/// No GPU needed. Skipped, and reported as skipped, where the nvidia-cuda-nvrtc wheel is not
/// installed.
struct KernelCompileCheckTests {
    @Test(.enabled(if: NVRTCWheel.path != nil,
                   "NVRTC not found: install nvidia-cuda-nvrtc (scripts/requirements.txt) in the venv of TENSORBRIDGE_PYTHON, or set TENSORBRIDGE_NVRTC"))
    func everyKernelCompilesForSm80AndSm90WithoutWarnings() throws {
        let path = try #require(NVRTCWheel.path)
        let nvrtc = try NVRTC.load(libraryNames: [path])
        let lines = try KernelCompileCheck.run(nvrtc)
        print("NVRTC compile check with \(nvrtc.libraryName):")
        for line in lines { print("  \(line)") }
        #expect(lines.count == KernelLibrary.kernelNames.count * 4)
    }

    @Test func aKernelThatDoesNotCompileFailsTheCheckWithTheLog() {
        let broken = NVRTC(libraryName: "stub") { (_: String, _: String, _: [String], _: NVRTC.Output) throws(TensorBridgeError) -> NVRTC.Product in
            throw .compilation(call: "nvrtcCompileProgram", code: 6, log: "error: identifier \"u9\" is undefined")
        }
        #expect(throws: TensorBridgeError.compilation(call: "nvrtcCompileProgram", code: 6, log: "error: identifier \"u9\" is undefined")) {
            try KernelCompileCheck.run(broken)
        }
        let warns = NVRTC(libraryName: "stub") { (_: String, _: String, _: [String], _: NVRTC.Output) throws(TensorBridgeError) -> NVRTC.Product in
            NVRTC.Product(image: [], log: "warning #177-D: variable \"x\" was declared but never referenced")
        }
        #expect { try KernelCompileCheck.run(warns) } throws: { "\($0)".contains("warnings are errors") }
        let empty = NVRTC(libraryName: "stub") { (_: String, _: String, _: [String], _: NVRTC.Output) throws(TensorBridgeError) -> NVRTC.Product in
            NVRTC.Product(image: Array(".version 8.0\n".utf8), log: "")
        }
        #expect { try KernelCompileCheck.run(empty) } throws: { "\($0)".contains("not in the compiler's output") }
    }
}
