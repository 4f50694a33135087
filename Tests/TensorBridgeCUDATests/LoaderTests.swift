import Foundation
import Testing
import TensorBridge
@testable import TensorBridgeCUDA

/// Loading the driver and NVRTC where they are missing (as on this CI machine, or with names
/// that cannot exist).
struct LoaderTests {
    @Test func missingDriverIsATypedErrorListingEveryNameTried() {
        let names = ["libcuda-tensorbridge-missing.so.1", "/nonexistent/libcuda.so"]
        do {
            _ = try CUDADriver.load(libraryNames: names)
            Issue.record("loading a nonexistent driver succeeded")
        } catch {
            #expect(error.code == .libraryUnavailable)
            let tried = error.message.components(separatedBy: "tried: ").last?.components(separatedBy: "; ") ?? []
            #expect(tried.count == 2)
            #expect(tried.first?.hasPrefix(names[0]) == true)
            #expect(error.description.contains("/nonexistent/libcuda.so"))
        }
    }

    @Test func aLibraryWithoutTheSymbolsReportsThemAll() throws {
        // libm is present everywhere and has no CUDA functions.
        #expect {
            try CUDADriver.load(libraryNames: ["libm.so.6"])
        } throws: { error in
            guard let error = error as? TensorBridgeError, error.code == .libraryUnavailable,
                  error.message.hasPrefix("libm.so.6 lacks required functions: ") else { return false }
            let list = String(error.message.dropFirst("libm.so.6 lacks required functions: ".count))
            let symbols = list.components(separatedBy: " (driver too old?)")[0].components(separatedBy: ", ")
            return symbols.contains("cuInit") && symbols.contains("cuMemAlloc_v2")
                && symbols.contains("cuLaunchKernel") && symbols.count == 29
        }
    }

    @Test func missingNVRTCIsAClearError() {
        #expect {
            try NVRTC.load(libraryNames: ["libnvrtc-tensorbridge-missing.so.99"])
        } throws: { error in
            guard let error = error as? TensorBridgeError, error.code == .libraryUnavailable else { return false }
            let text = "\(error)"
            let tried = text.components(separatedBy: "tried: ").last?.components(separatedBy: ". Install")[0]
                .components(separatedBy: "; ") ?? []
            return tried.count == 1 && text.contains("NVRTC") && text.contains("TENSORBRIDGE_NVRTC")
                && text.contains("libnvrtc-tensorbridge-missing.so.99")
        }
    }

    @Test func compileOptionsTargetTheDeviceAndForbidFMA() {
        #expect(NVRTC.options(major: 9, minor: 0) == ["--gpu-architecture=compute_90", "--fmad=false", "--std=c++17"])
        #expect(NVRTC.options(major: 0, minor: 0).first == "--gpu-architecture=compute_75")
    }

    @Test func kernelSourceDeclaresEveryKernelAndNoFastMath() {
        let source = KernelLibrary.source
        for name in KernelLibrary.kernelNames {
            #expect(source.contains("extern \"C\" __global__ void \(name)(") || source.contains("TB_SCATTER(\(name),")
                        || source.contains("TB_FILL(\(name),") || source.contains(", \(name), ")
                        || source.contains("TB_BINARY(\(name),") || source.contains("TB_UNARY(\(name),") || source.contains("TB_REDUCE(\(name),"),
                    "kernel \(name) missing from the source")
        }
        // 30 + 22 binary arithmetic + 24 comparisons + 20 unary + 10 reductions + 2 matmul.
        #expect(KernelLibrary.kernelNames.count == 108)
        #expect(Set(KernelLibrary.kernelNames).count == KernelLibrary.kernelNames.count)
        #expect(source.contains("__fmul_rn(r, 0.2989f)"))
        #expect(!source.contains("__expf") && !source.contains("__logf") && !source.contains("rsqrtf(") && !source.contains("__fdividef"))
    }
}
