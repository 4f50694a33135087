import CDLPack
import Testing
import TensorBridgeDLPack
import TensorBridgeTestSupport

@Suite struct DLPackDTypeTests {
    @Test(arguments: dlpackDTypes.map(\.0))
    func mapsBothWays(dtype: DType) throws {
        let expected = try #require(dlpackDTypes.first { $0.0 == dtype })
        let t = try dtype.dlpackDataType()
        #expect(t.code == expected.1)
        #expect(t.bits == expected.2)
        #expect(t.lanes == 1)
        #expect(try DType(dlpack: t) == dtype)
    }

    @Test func refusesStringsWithAClearMessage() {
        #expect {
            _ = try DType.string.dlpackDataType()
        } throws: { error in
            "\(error)".contains("DLPack cannot carry string tensors")
        }
    }

    @Test(arguments: [DType.qint8, .quint8, .qint16, .quint16, .qint32])
    func refusesQuantized(dtype: DType) {
        #expect(throws: TensorBridgeError.self) { _ = try dtype.dlpackDataType() }
    }

    @Test func refusesUnknownCodesAndLanes() {
        #expect(throws: TensorBridgeError.self) { _ = try DType(dlpack: DLDataType(code: 2, bits: 32, lanes: 4)) }
        #expect(throws: TensorBridgeError.self) { _ = try DType(dlpack: DLDataType(code: 2, bits: 8, lanes: 1)) }
        #expect(throws: TensorBridgeError.self) { _ = try DType(dlpack: DLDataType(code: 11, bits: 8, lanes: 1)) }
        #expect(throws: TensorBridgeError.self) { _ = try DType(dlpack: DLDataType(code: 3, bits: 64, lanes: 1)) }
    }

    /// A backend that declares a DLPack code and nothing else (ROCm's kDLROCM, 10).
    final class ROCmLike: Backend {
        static let type = DeviceType("ROCMTEST")
        var deviceType: DeviceType { Self.type }
        var dlpackDeviceType: Int32? { 10 }
        func physicalDevices() -> [PhysicalDevice] { [] }
        func allocate(byteCount: Int, on device: Device) throws -> TensorBuffer { throw TensorBridgeError.backend("no memory") }
        func copyFromHost(_ source: UnsafeRawPointer, to destination: TensorBuffer, byteCount: Int) throws {}
        func copyToHost(_ source: TensorBuffer, into destination: UnsafeMutableRawPointer, byteCount: Int) throws {}
        func copyOnDevice(_ source: TensorBuffer, to destination: TensorBuffer, byteCount: Int) throws {}
    }

    @Test func mapsDevicesThroughTheCodesBackendsDeclare() throws {
        let cpu = try Device.cpu.dlpackDevice()
        #expect(cpu.type == 1 && cpu.id == 0)
        for hostKind: Int32 in [1, 3, 11, 13] {
            #expect(try Device(dlpack: DLPackDevice(type: hostKind, id: 0)) == .cpu)
        }
        // No backend declares a code: no DLPack form, either way (GPU is not assumed to be CUDA).
        #expect(throws: TensorBridgeError.self) { _ = try Device("TPU", 0).dlpackDevice() }
        #expect(throws: TensorBridgeError.self) { _ = try Device(dlpack: DLPackDevice(type: 10, id: 0)) }
        #expect(throws: TensorBridgeError.self) { _ = try Device(dlpack: DLPackDevice(type: 4, id: 0)) }
        try BackendRegistryLock.withLock {
            BackendRegistry.shared.register(ROCmLike())
            defer { BackendRegistry.shared.unregister(ROCmLike.type) }
            let rocm = try Device(ROCmLike.type, 3).dlpackDevice()
            #expect(rocm.type == 10 && rocm.id == 3)
            #expect(try Device(dlpack: DLPackDevice(type: 10, id: 1)) == Device(ROCmLike.type, 1))
            #expect(throws: TensorBridgeError.self) { _ = try Device(dlpack: DLPackDevice(type: 10, id: -1)) }
        }
    }
}
