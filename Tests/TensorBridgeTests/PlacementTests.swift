import Foundation
import Testing
@testable import TensorBridge
import TensorBridgeTestSupport

/// Placement and transfers. Serialized because it registers a second backend process-wide.
@Suite(.serialized) struct PlacementTests {
    @Test func softPlacementFallsBackToTheCPU() throws {
        let root = try #require(try CoreGolden.json("devices") as? [String: Any])
        let t = try BackendRegistryLock.withLock { try withDevice("/GPU:0") { try Tensor([1, 2] as [Float]) } }
        #expect(t.device.name == root["softPlacedDevice"] as? String)
    }

    @Test func strictPlacementGivesTensorFlowsMessage() throws {
        let root = try #require(try CoreGolden.json("devices") as? [String: Any])
        let message = try #require(root["strictPlacementError"] as? String)
        _ = BackendRegistryLock.withLock {
            #expect(throws: TensorBridgeError.invalidDevice(message)) {
                try withSoftPlacement(false) { try withDevice("/GPU:0") { try Tensor([1] as [Float]) } }
            }
        }
        // The scope's setting ends with the scope.
        #expect(Placement.current.softPlacement)
    }

    @Test func malformedSpecsThrowBeforeRunningTheBody() {
        var ran = false
        #expect(throws: TensorBridgeError.self) { try withDevice("foo") { ran = true } }
        #expect(!ran)
    }

    @Test func scopesNestAndUnwindOnThrow() throws {
        struct Boom: Error {}
        try withDevice("/job:localhost/replica:0") {
            try withDevice("/GPU:1") {
                #expect(Placement.current.spec?.description == "/job:localhost/replica:0/device:GPU:1")
                try withDevice("/CPU:0") {
                    #expect(Placement.current.spec?.deviceType == .cpu)
                }
                #expect(Placement.current.spec?.deviceIndex == 1)
            }
            #expect(Placement.current.spec?.deviceType == nil)
            #expect(throws: Boom.self) { try withDevice("/GPU:0") { throw Boom() } }
            #expect(Placement.current.spec?.deviceType == nil)
        }
        #expect(Placement.current.spec == nil)
    }

    @Test func childTasksInheritTheScopeAndSiblingsDoNot() async throws {
        let backend = SeparateMemoryBackend()
        BackendRegistry.shared.register(backend)
        defer { BackendRegistry.shared.unregister(SeparateMemoryBackend.type) }

        let devices = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for i in 0..<8 {
                group.addTask {
                    try await withDevice("/device:TEST:\(i % 2)") {
                        try await Task.sleep(for: .milliseconds(Int.random(in: 0...5)))
                        let inner = try await Task { try Tensor([Float(i)]).device.name }.value
                        return (i, inner)
                    }
                }
            }
            var out: [Int: String] = [:]
            for try await (i, name) in group { out[i] = name }
            return out
        }
        for i in 0..<8 {
            #expect(devices[i] == "/job:localhost/replica:0/task:0/device:TEST:\(i % 2)")
        }
        #expect(try Tensor([1] as [Float]).device == .cpu)
    }

    @Test func everyTransferIsCountedExactlyOnce() throws {
        let backend = SeparateMemoryBackend()
        BackendRegistry.shared.register(backend)
        defer { BackendRegistry.shared.unregister(SeparateMemoryBackend.type) }

        let values: [Float] = [1, 2, 3, 4, 5, 6]
        let (onDevice, toDevice) = try TransferStats.measure {
            try withDevice("/device:TEST:0") { try Tensor(values, shape: [2, 3]) }
        }
        #expect(onDevice.device == Device(SeparateMemoryBackend.type, 0))
        #expect(toDevice.hostToDeviceCopies == 1 && toDevice.hostToDeviceBytes == 24)
        #expect(toDevice.deviceToHostCopies == 0)
        // The host cannot read device memory directly.
        #expect(throws: TensorBridgeError.self) { try onDevice.scalars(as: Float.self) }

        let (other, deviceToDevice) = try TransferStats.measure { try onDevice.copy(to: Device(SeparateMemoryBackend.type, 1)) }
        #expect(deviceToDevice.deviceToDeviceCopies == 1 && deviceToDevice.hostToDeviceCopies == 0)

        let (back, toHost) = try TransferStats.measure { try other.identity(on: "/CPU:0") }
        #expect(toHost.deviceToHostCopies == 1 && toHost.deviceToHostBytes == 24)
        #expect(toHost.hostToDeviceCopies == 0)
        #expect(try back.scalars(as: Float.self) == values)

        // Already there: shared, nothing copied.
        let (same, none) = try TransferStats.measure { try back.copy(to: .cpu) }
        #expect(same.buffer === back.buffer && none == TransferStats())
    }

    @Test func deviceMemoryIsReleasedWithTheLastTensor() throws {
        let backend = SeparateMemoryBackend()
        BackendRegistry.shared.register(backend)
        defer { BackendRegistry.shared.unregister(SeparateMemoryBackend.type) }
        do {
            let t = try withDevice("/device:TEST:1") { try Tensor.zeros(shape: [16]) }
            #expect(backend.liveAllocations == 1)
            #expect(try t.copy(to: .cpu).scalars(as: Float.self) == Array(repeating: 0, count: 16))
        }
        #expect(backend.liveAllocations == 0)
    }

    @Test func processWideStatsAccumulate() throws {
        let backend = SeparateMemoryBackend()
        BackendRegistry.shared.register(backend)
        defer { BackendRegistry.shared.unregister(SeparateMemoryBackend.type) }
        let before = TransferStats.current
        _ = try withDevice("/device:TEST:0") { try Tensor([1, 2] as [Int32]) }
        let delta = TransferStats.current - before
        #expect(delta.hostToDeviceCopies >= 1 && delta.hostToDeviceBytes >= 8)
    }
}
