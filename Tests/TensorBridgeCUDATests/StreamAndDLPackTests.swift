import Synchronization
import CDLPack
import Testing
import TensorBridge
import TensorBridgeDLPack
@testable import TensorBridgeCUDA

extension FakeDriverBackendTests {
    /// DLPack's stream protocol and kDLCUDA export/import, pinned read-back, over the fake driver.
    @Suite struct StreamsAndDLPack {
        @Test func exportMakesTheConsumersStreamWaitOnAnEventRecordedOnOurs() throws {
            try withFakeGPU { _, fake in
                let x = try withDevice(.gpu) { try Tensor([1, 2, 3, 4] as [Float]) }
                let consumer: Int64 = 0x7777_0000
                _ = try x.toDLPack(stream: consumer)  // the export records the event; its deleter runs at once
                let (records, waits) = fake.state.withLock { ($0.records, $0.waits) }
                #expect(records.count == 1 && records.first?.stream == FakeCUDADriver.stream)
                #expect(waits.count == 1 && waits.first?.stream == UInt(consumer) && waits.first?.event == records.first?.event)
                #expect(fake.calls("cuEventDestroy") == fake.calls("cuEventCreate"))
                #expect(fake.calls("cuStreamSynchronize") == 1)  // only the upload's; the export never blocks
            }
        }

        @Test func streamConventions() throws {
            try withFakeGPU { backend, fake in
                let gpu = Device.gpu
                try backend.makeStreamWait(-1, for: gpu)  // no synchronisation asked
                try backend.makeStreamWait(Int64(FakeCUDADriver.stream), for: gpu)  // our own stream: already ordered
                #expect(fake.calls("cuStreamWaitEvent") == 0)
                try backend.makeStreamWait(1, for: gpu)  // None / the legacy default stream
                #expect(fake.state.withLock { $0.waits.map(\.stream) } == [1])
                #expect(throws: TensorBridgeError.self) { try backend.makeStreamWait(0, for: gpu) }
                #expect(try backend.dlpackStream(for: gpu) == Int64(FakeCUDADriver.stream))
            }
        }

        @Test func kDLCUDAExportAndImportShareDeviceMemory() throws {
            try withFakeGPU { _, _ in
                let values: [Int32] = Array(0..<64)
                let x = try withDevice(.gpu) { try Tensor(values, shape: [8, 8]) }
                #expect(try Device.gpu.dlpackDevice().type == 2)
                let (back, stats) = try TransferStats.measure { () throws -> Tensor in
                    let managed = try x.toDLPack()
                    let t = managed.dlTensor
                    #expect(t.device.device_type == 2 && t.device.device_id == 0)
                    #expect(t.data == x.buffer?.baseAddress)
                    return try Tensor(dlpack: managed)
                }
                #expect(stats == TransferStats())
                #expect(back.device == .gpu && back.buffer?.baseAddress == x.buffer?.baseAddress)
                #expect(try back.copy(to: .cpu).scalars(as: Int32.self) == values)
            }
            // Without a backend declaring kDLCUDA, CUDA memory has no device here.
            #expect(throws: TensorBridgeError.self) { try Device(dlpack: DLPackDevice(type: 2, id: 0)) }
        }

        @Test func smallReadBacksLandInPinnedMemoryLargeOnesAreStagedInChunks() throws {
            var configuration = CUDAConfiguration()
            configuration.stagingThreshold = 1 << 20
            configuration.stagingChunk = 1 << 20
            try withFakeGPU(configuration) { backend, fake in
                let pool = try backend.context(for: .gpu).pinnedPool
                let small = try withDevice(.gpu) { try Tensor.fill(shape: [1000], value: Float(2)) }
                let (host, stats) = try TransferStats.measure { try small.copy(to: .cpu) }
                #expect(stats.deviceToHostCopies == 1 && pool.stats.liveBlocks == 1)  // the result is pinned
                #expect(fake.calls("cuMemcpyDtoHAsync") == 1)
                withExtendedLifetime(host) {}

                let count = (3 << 20) / 4
                let big = try withDevice(.gpu) { try Tensor([Float](repeating: 1, count: count), shape: [count]) }
                let before = fake.calls("cuMemcpyDtoHAsync")
                let (bigHost, bigStats) = try TransferStats.measure { try big.copy(to: .cpu) }
                #expect(bigStats.deviceToHostCopies == 1 && bigStats.deviceToHostBytes == 3 << 20)
                #expect(fake.calls("cuMemcpyDtoHAsync") - before == 3)  // three 1 MiB chunks, two staging slots
                #expect(try bigHost.scalars(as: Float.self).allSatisfy { $0 == 1 })
            }
        }
    }
}
