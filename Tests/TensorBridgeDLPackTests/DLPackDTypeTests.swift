import Testing
import TensorBridgeDLPack

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
        #expect(throws: TensorError.self) { _ = try dtype.dlpackDataType() }
    }

    @Test func refusesUnknownCodesAndLanes() {
        #expect(throws: TensorError.self) { _ = try DType(dlpack: DLDataType(code: 2, bits: 32, lanes: 4)) }
        #expect(throws: TensorError.self) { _ = try DType(dlpack: DLDataType(code: 2, bits: 8, lanes: 1)) }
        #expect(throws: TensorError.self) { _ = try DType(dlpack: DLDataType(code: 11, bits: 8, lanes: 1)) }
        #expect(throws: TensorError.self) { _ = try DType(dlpack: DLDataType(code: 3, bits: 64, lanes: 1)) }
    }

    @Test func mapsDevices() throws {
        let cpu = try Device.cpu.dlpackDevice()
        #expect(cpu.device_type == 1 && cpu.device_id == 0)
        let gpu = try Device(.gpu, 3).dlpackDevice()
        #expect(gpu.device_type == 2 && gpu.device_id == 3)
        #expect(throws: TensorError.self) { _ = try Device("TPU", 0).dlpackDevice() }
        for hostKind: Int32 in [1, 3, 11, 13] {
            #expect(try Device(dlpack: DLDevice(device_type: hostKind, device_id: 0)) == .cpu)
        }
        #expect(try Device(dlpack: DLDevice(device_type: 2, device_id: 1)) == Device(.gpu, 1))
        #expect(throws: TensorError.self) { _ = try Device(dlpack: DLDevice(device_type: 4, device_id: 0)) }
    }
}
