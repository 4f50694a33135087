import Synchronization
import Testing
import TensorBridge
import TensorBridgeTestSupport
@testable import TensorBridgeCUDA

/// The backend end to end over a driver simulated in host RAM. Serialized: it registers the
/// `GPU` backend process-wide.
@Suite(.serialized) struct FakeDriverBackendTests {
    @Test func noDriverMeansNoGPUsAndSoftPlacementOnTheCPU() throws {
        try BackendRegistryLock.withLock {
            BackendRegistry.shared.unregister(.gpu)
            #expect(Device.physicalDevices(.gpu).isEmpty)
            #expect(throws: TensorBridgeError.self) { try CUDA.register(libraryNames: ["libcuda-tensorbridge-missing.so.1"]) }
            #expect(Device.physicalDevices(.gpu).isEmpty)
            let t = try withDevice("/GPU:0") { try Tensor([1, 2] as [Float]) }
            #expect(t.device == .cpu)
        }
    }

    @Test func aDriverThatCannotInitialiseListsNoDevices() {
        let fake = FakeCUDADriver()
        fake.fail("cuInit", with: 100)
        let backend = CUDABackend(driver: fake.table)
        #expect(backend.physicalDevices().isEmpty)
        #expect(backend.initializationError == .driver(call: "cuInit", code: 100, name: "CUDA_ERROR_NO_DEVICE"))
    }

    @Test func devicesAreListedWithNameAndMemory() throws {
        try withFakeGPU { _, _ in
            let gpus = Device.physicalDevices(.gpu)
            #expect(gpus.count == 1)
            #expect(gpus.first?.model == "Fake GPU 0")
            #expect(gpus.first?.memoryBytes == 80 << 30)
            #expect(gpus.first?.name == "/physical_device:GPU:0")
        }
    }

    @Test func roundTripCountsEachCopyOnceAndLeaksNothing() throws {
        // Every buffer the round trip makes, watched weakly: TensorBuffer.liveCount is
        // process-wide and other suites allocate in parallel, so it cannot say which died.
        var made: [WeakBuffer] = []
        try withFakeGPU { backend, fake in
            let values: [Float] = (0..<1000).map { Float($0) * 0.5 }
            let (back, stats) = try TransferStats.measure { () throws -> [Float] in
                let gpu = try withDevice("/GPU:0") { try Tensor(values, shape: [10, 100]) }
                #expect(gpu.device == Device(.gpu, 0))
                let copy = try gpu.identity(on: "/GPU:0")  // same device: shared, no copy
                #expect(copy.buffer === gpu.buffer)
                let other = try Tensor(dtype: .float32, shape: gpu.shape,
                                       buffer: try Transfer.copy(try #require(gpu.buffer), to: Device(.gpu, 0)))
                let host = try other.copy(to: .cpu)
                made = [gpu, other, host].map { WeakBuffer($0.buffer) }
                return try host.scalars(as: Float.self)
            }
            #expect(back == values)
            #expect(stats.hostToDeviceCopies == 1 && stats.hostToDeviceBytes == 4000)
            #expect(stats.deviceToDeviceCopies == 1 && stats.deviceToDeviceBytes == 4000)
            #expect(stats.deviceToHostCopies == 1 && stats.deviceToHostBytes == 4000)
            #expect(fake.calls("cuMemcpyHtoDAsync") == 1 && fake.calls("cuMemcpyDtoDAsync") == 1
                    && fake.calls("cuMemcpyDtoHAsync") == 1)
            // Dead tensors' blocks sit in the cache, then trim returns them to the driver.
            let context = try backend.context(for: Device(.gpu, 0))
            #expect(context.allocator.stats.liveBlocks == 0)
            #expect(context.allocator.stats.cachedBlocks == 2)
            backend.trim()
            #expect(fake.liveDeviceBlocks == 0 && fake.livePinnedBlocks == 0)
        }
        #expect(made.count == 3 && made.allSatisfy { $0.buffer == nil })
    }

    @Test func theAllocatorReusesFreedBlocks() throws {
        try withFakeGPU { backend, fake in
            let gpu = Device(.gpu, 0)
            for _ in 0..<5 { _ = try backend.allocate(byteCount: 3000, on: gpu) }
            #expect(fake.calls("cuMemAlloc") == 1)
            let stats = try backend.context(for: gpu).allocator.stats
            #expect(stats.cacheHits == 4 && stats.systemAllocations == 1)
        }
    }

    @Test func deviceOutOfMemoryTrimsThenThrowsTensorError() throws {
        try withFakeGPU { backend, fake in
            let gpu = Device(.gpu, 0)
            fake.limitDeviceBytes(1 << 20)
            _ = try backend.allocate(byteCount: 600 << 10, on: gpu)  // freed into the cache
            let b = try backend.allocate(byteCount: 700 << 10, on: gpu)  // fits only after the trim
            #expect(try backend.context(for: gpu).allocator.stats.retriesAfterTrim == 1)
            #expect(throws: TensorBridgeError.outOfMemory(bytes: 500 << 10, device: gpu.name)) {
                try backend.allocate(byteCount: 500 << 10, on: gpu)
            }
            withExtendedLifetime(b) {}
        }
    }

    @Test func largePageableCopiesAreStagedThroughThePinnedPool() throws {
        var configuration = CUDAConfiguration()
        configuration.stagingThreshold = 1 << 20
        configuration.stagingChunk = 1 << 20
        try withFakeGPU(configuration) { backend, fake in
            let count = (5 << 20) / 4 + 3  // five chunks and a bit
            let values = (0..<count).map { Float($0) }
            let gpu = try withDevice("/GPU:0") { try Tensor(values, shape: [count]) }
            #expect(fake.calls("cuMemcpyHtoDAsync") == 6)
            #expect(try gpu.copy(to: .cpu).scalars(as: Float.self) == values)
            #expect(fake.calls("cuMemcpyDtoHAsync") == 6)
            let pinned = try backend.context(for: Device(.gpu, 0)).pinnedPool.stats
            #expect(pinned.liveBlocks == 0 && pinned.systemAllocations == 2)
        }
    }

    @Test func pinnedReadBackIsOneCountedCopyAndReturnsToThePool() throws {
        try withFakeGPU { backend, fake in
            let values: [Int32] = Array(0..<4096)
            let gpu = try withDevice("/GPU:0") { try Tensor(values, shape: [64, 64]) }
            let (host, stats) = try TransferStats.measure { try gpu.pinnedHostCopy() }
            #expect(stats.deviceToHostCopies == 1 && stats.hostToDeviceCopies == 0 && stats.deviceToDeviceCopies == 0)
            #expect(host.device == .cpu && host.shape == gpu.shape)
            #expect(try host.scalars(as: Int32.self) == values)
            let pool = try backend.context(for: Device(.gpu, 0)).pinnedPool
            #expect(pool.stats.liveBlocks == 1)
            _ = consume host
            #expect(pool.stats.liveBlocks == 0 && pool.stats.cachedBlocks == 1)
            #expect(fake.livePinnedBlocks == 1)
            backend.trim()
            #expect(fake.livePinnedBlocks == 0)
        }
    }

    @Test func driverFailuresSurfaceAsTypedErrors() throws {
        try withFakeGPU { _, fake in
            let host = try Tensor([1, 2, 3] as [Float])
            fake.fail("cuMemcpyHtoDAsync", with: 700)
            // A failed copy is not counted (measured in this task only: other suites copy too).
            let (_, failed) = TransferStats.measure {
                #expect(throws: TensorBridgeError.driver(call: "cuMemcpyHtoDAsync_v2", code: 700, name: "CUDA_ERROR_700")) {
                    try host.copy(to: Device(.gpu, 0))
                }
            }
            #expect(failed.hostToDeviceCopies == 0)
            fake.heal()
            let gpu = try host.copy(to: Device(.gpu, 0))
            fake.fail("cuStreamSynchronize", with: 999)
            #expect(throws: TensorBridgeError.self) { try gpu.copy(to: .cpu) }
            fake.heal()
            #expect(try gpu.copy(to: .cpu).scalars(as: Float.self) == [1, 2, 3])
        }
    }

    @Test func aMissingDeviceIsATypedError() throws {
        try withFakeGPU { backend, _ in
            #expect(throws: TensorBridgeError.invalidDevice(index: 3, available: 1)) {
                try backend.allocate(byteCount: 4, on: Device(.gpu, 3))
            }
        }
    }

    @Test func kernelsNeedNVRTCAndSayWhenItIsMissing() throws {
        try withFakeGPU(nvrtc: nil) { backend, fake in
            let images = try withDevice("/GPU:0") { try Tensor([Float](repeating: 0.5, count: 12), shape: [2, 2, 3]) }
            #expect {
                try Image.rgbToGrayscale(images)
            } throws: { error in
                guard let error = error as? TensorBridgeError, error.code == .libraryUnavailable else { return false }
                return error.message.contains("NVRTC") && error.message.contains("tried: libnvrtc-tensorbridge-missing.so.99")
            }
            #expect(fake.calls("cuLaunchKernel") == 0 && fake.calls("cuModuleLoadData") == 0)
        }
    }

    @Test func kernelsCompileOncePerDeviceAndLaunchWithTheExpectedGrid() throws {
        let compiler = FakeNVRTC()
        try withFakeGPU(nvrtc: compiler.nvrtc) { backend, fake in
            let gpu = Device(.gpu, 0)
            let images = try withDevice("/GPU:0") { try Tensor([Float](repeating: 0.5, count: 3 * 1000), shape: [10, 100, 3]) }
            let gray = try Image.rgbToGrayscale(images)
            #expect(gray.shape.dimensions == [10, 100, 1] && gray.device == gpu && gray.dtype == .float32)
            _ = try withDevice(gpu) { try Random.statelessNormal(shape: [5, 7], seed: (1, 2)) }
            _ = try images.cast(to: .bfloat16)
            _ = try withDevice(gpu) { try Tensor.fill(shape: [0], value: Int32(7)) }  // no work: no launch
            #expect(compiler.options.withLock { $0 } == [NVRTC.options(major: 9, minor: 0)])
            #expect(fake.calls("cuModuleLoadData") == 1)
            #expect(fake.calls("cuModuleGetFunction") == KernelLibrary.kernelNames.count)
            let launches = fake.state.withLock { $0.launches.map(\.configuration) }
            #expect(launches == [LaunchConfiguration(gridX: 4, blockX: 256),   // 1000 pixels
                                 LaunchConfiguration(gridX: 1, blockX: 256),   // 35 values: 9 Philox calls
                                 LaunchConfiguration(gridX: 12, blockX: 256)]) // 3000 elements
            #expect(fake.launchedKernels == ["tb_gray_f32", "tb_philox_normal_f32", "tb_cast_f32_bf16"])
        }
    }
}

/// A buffer held weakly: nil once every tensor that shared it is gone.
struct WeakBuffer {
    weak var buffer: TensorBuffer?
    init(_ buffer: TensorBuffer?) { self.buffer = buffer }
}
