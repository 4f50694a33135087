import Testing
import TensorBridge
@testable import TensorBridgeCUDA
@testable import tensorbridge_device_check

extension FakeDriverBackendTests {
    /// The device check's logic over the fake driver, whose kernels compute nothing: every
    /// kernel gets its line, the comparisons catch the wrong results, the bandwidth figures
    /// are produced. (On a GPU, scripts/device-check runs the same code at full size.)
    @Suite struct DeviceCheckLogic {
        @Test func everyKernelIsComparedAndAKernelThatComputesNothingIsCaught() throws {
            try withFakeGPU { backend, _ in
                var check = DeviceCheck(gpu: .gpu, scale: 10_000)
                check.echo = false
                try check.agreement()
                try check.bandwidth(backend: backend, bytes: 1 << 20)
                let names = check.lines.compactMap { line -> String? in
                    guard line.hasPrefix("AGREE ") || line.hasPrefix("DIFFER ") else { return nil }
                    return String(line.split(separator: ":")[0].split(separator: " ", maxSplits: 1)[1])
                }
                for expected in ["rgbToGrayscale float32", "rgbToGrayscale uint8", "cast float32→int32", "cast float32→uint8",
                                 "cast float32→bfloat16", "fill uint8", "fill float16", "fill float32", "fill float64",
                                 "ones complex128", "statelessUniform float64 [2, 3]", "statelessNormal bfloat16 [2, 3]",
                                 "normal (stateful, global seed) float32", "sparse toDense validated",
                                 "sparse toDense unvalidated, repeats, default", "sparse toDense error message"] {
                    #expect(names.contains(expected), "no line for \(expected)")
                }
                for expected in ["add float32", "add float64 broadcast", "maximum int64", "less float32", "rsqrt float64", "exp float32",
                                 "sum float32 all", "mean float64 leading axes", "max float32 with NaN", "matmul float32 batched",
                                 "matmul float64 transposed", "math error message (matmul)"] {
                    #expect(names.contains(expected), "no line for \(expected)")
                }
                #expect(names.count == 123)
                // The fake computes nothing, so the GPU side cannot agree with the CPU: only the
                // four error-message checks (made before any launch) agree.
                #expect(check.failures >= names.count - 6)
                #expect(check.lines.contains { $0.hasPrefix("H2D 1 MiB pinned: ") })
                #expect(check.lines.contains { $0.hasPrefix("grayscale / D2D bandwidth ratio: ") })
                #expect(check.lines.contains { $0.hasPrefix("add [262144] float32: ") })
                #expect(check.lines.contains { $0.hasPrefix("reduceSum [262144] float32: ") })
                #expect(check.lines.contains { $0.hasPrefix("matmul [512, 512] float32 (tiled, not cuBLAS): ") })
            }
        }

        @Test func ulpDistances() {
            let one = Float(1).bitPattern, next = Float(1).nextUp.bitPattern
            #expect(ULP.distance(UInt64(one), UInt64(next), bits: 32) == 1)
            #expect(ULP.distance(UInt64(Float(-0.0).bitPattern), UInt64(Float(0).bitPattern), bits: 32) == 0)
            #expect(ULP.distance(UInt64(Float(-Float.leastNonzeroMagnitude).bitPattern),
                                 UInt64(Float.leastNonzeroMagnitude.bitPattern), bits: 32) == 2)
            let a: [UInt8] = [0x00, 0x3C, 0x01, 0x3C], b: [UInt8] = [0x00, 0x3C, 0x03, 0x3C]  // float16 1.0, 1.0+2ulp
            #expect(ULP.maxDistance(a, b, bits: 16) == 2)
            #expect(ULP.maxDistance(a, [0, 0x3C], bits: 16) == nil)
        }
    }
}
