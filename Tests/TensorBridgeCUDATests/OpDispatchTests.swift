import Synchronization
import Testing
import TensorBridge
@testable import TensorBridgeCUDA

extension FakeDriverBackendTests {
    /// Ops dispatch to the CUDA kernels over the fake driver: which kernel launches, and
    /// which copies happen (none, where the data is already on the GPU).
    @Suite struct OpDispatch {
        @Test func grayscaleUnderAGPUScopeRunsTheCUDAKernelWithNoHostCopy() throws {
            try withFakeGPU { _, fake in
                let x = try withDevice("/GPU:0") { try Tensor([Float](repeating: 0.25, count: 3 * 4096), shape: [64, 64, 3]) }
                let (gray, stats) = try TransferStats.measure {
                    try withDevice("/GPU:0") { try Image.rgbToGrayscale(x) }
                }
                #expect(stats == TransferStats(), "the op copied: \(stats)")
                #expect(gray.device == Device(.gpu, 0) && gray.shape.dimensions == [64, 64, 1] && gray.dtype == .float32)
                #expect(fake.launchedKernels == ["tb_gray_f32"])
                #expect(fake.calls("cuMemcpyDtoHAsync") == 0)
                let launch = try #require(fake.state.withLock { $0.launches.last })
                #expect(launch.configuration == LaunchConfiguration(gridX: 16, blockX: 256))  // 4096 pixels
            }
        }

        @Test func creationOpsRunTheGPUKernelsUnderAGPUScope() throws {
            try withFakeGPU { _, fake in
                let (made, stats) = try TransferStats.measure { () throws -> [Tensor] in
                    try withDevice(.gpu) {
                        [try Tensor.zeros(shape: [8, 8]), try Tensor.ones(shape: [3], dtype: .complex128),
                         try Tensor.fill(shape: [5], value: Int8(-3)),
                         try Random.statelessUniform(shape: [10], seed: (1, 2), dtype: .float64),
                         try Random.statelessNormal(shape: [10], seed: (1, 2), dtype: .float16),
                         try Random.statelessNormal(shape: [10], seed: (1, 2), dtype: .bfloat16),
                         try Random.uniform(shape: [6], dtype: .bfloat16, seed: 3)]
                    }
                }
                #expect(made.allSatisfy { $0.device == .gpu })
                #expect(stats == TransferStats(), "creation ops copied: \(stats)")
                #expect(fake.launchedKernels == ["tb_fill_4", "tb_fill_16", "tb_fill_1", "tb_philox_uniform_f64",
                                                 "tb_philox_normal_f16", "tb_philox_normal_bf16", "tb_philox_uniform_bf16"])
                // Two float64 values per Philox call, four for the others: 5 and 3 calls, one block each.
                let grids = fake.state.withLock { $0.launches.map(\.configuration.gridX) }
                #expect(grids.allSatisfy { $0 == 1 })
            }
        }

        @Test func aMissingGPUKernelFallsBackToTheCPUWithCountedCopies() throws {
            try withFakeGPU { _, fake in
                let values: [Float] = [1.5, -2.25, 3, 1e10]
                let x = try withDevice(.gpu) { try Tensor(values, shape: [4]) }
                // float32 → float64 has no GPU kernel: the input comes to the host, the CPU casts.
                let (y, stats) = try TransferStats.measure { try x.cast(to: .float64) }
                #expect(y.device == .cpu)
                #expect(try y.scalars(as: Double.self) == values.map(Double.init))
                #expect(stats.deviceToHostCopies == 1 && stats.deviceToHostBytes == 16 && stats.hostToDeviceCopies == 0)
                #expect(fake.launchedKernels.isEmpty)
                // A kernel that exists for the pair runs on the GPU.
                let z = try x.cast(to: .int32)
                #expect(z.device == .gpu && fake.launchedKernels == ["tb_cast_f32_i32"])
            }
        }

        @Test func withSoftPlacementOffAMissingKernelIsAnErrorNamingOpAndDevice() throws {
            try withFakeGPU { _, _ in
                let x = try withDevice(.gpu) { try Tensor([1, 2, 3] as [Float]) }
                #expect {
                    try withSoftPlacement(false) { try x.cast(to: .float64) }
                } throws: { error in
                    "\(error)".contains("No registered 'Cast' OpKernel for 'GPU' devices") && "\(error)".contains("GPU:0")
                }
                #expect {
                    try withSoftPlacement(false) { try Image.flipLeftRight(try withDevice(.gpu) { try Tensor.zeros(shape: [2, 2, 3]) }) }
                } throws: { "\($0)".contains("'FlipLeftRight'") }
            }
        }

        @Test func sparseToDenseOnTheGPUValidatesFillsAndScatters() throws {
            try withFakeGPU { _, fake in
                let sparse = try withDevice(.gpu) {
                    try SparseTensor(indices: Tensor([0, 0, 1, 2] as [Int64], shape: [2, 2]),
                                     values: Tensor([1, 2] as [Int32], shape: [2]), denseShape: [3, 3])
                }
                #expect(sparse.indices.device == .gpu && sparse.values.device == .gpu)
                let (dense, stats) = try TransferStats.measure { try sparse.toDense() }
                #expect(dense.device == .gpu && dense.shape.dimensions == [3, 3] && dense.dtype == .int32)
                #expect(fake.launchedKernels == ["tb_sparse_validate", "tb_fill_4", "tb_sparse_scatter_4"])
                // Only the 8-byte validation result crosses the bus (initialised, read back).
                #expect(stats.hostToDeviceCopies == 1 && stats.hostToDeviceBytes == 8)
                #expect(stats.deviceToHostCopies == 1 && stats.deviceToHostBytes == 8)

                fake.resetLaunches()
                let fill = try withDevice(.gpu) { try Tensor(Int32(-1)) }
                _ = try sparse.toDense(defaultValue: fill, validateIndices: false)
                #expect(fake.launchedKernels == ["tb_sparse_validate", "tb_fill_from_4", "tb_fill_8",
                                                 "tb_sparse_claim_last", "tb_sparse_scatter_4"])
            }
        }

        @Test func theRegisteredKernelsAreListed() throws {
            try withFakeGPU { _, _ in
                #expect(BackendRegistry.shared.kernelNames(for: .gpu) == [
                    "Abs", "AddV2", "BatchMatMulV2", "Cast", "Equal", "Exp", "Fill", "Greater", "GreaterEqual", "Less", "LessEqual", "Log",
                    "Max", "Maximum", "Mean", "Minimum", "Mul", "Neg", "NotEqual", "PhiloxRandom", "RGBToGrayscale", "RealDiv", "Relu",
                    "Rsqrt", "Sigmoid", "SparseToDense", "Sqrt", "Square", "Sub", "Sum", "Tanh",
                ])
            }
            #expect(BackendRegistry.shared.kernelNames(for: .gpu).isEmpty)
        }
    }
}
