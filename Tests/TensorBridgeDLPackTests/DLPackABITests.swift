import CDLPack
import Testing
import TensorBridgeDLPack

/// The struct layouts of dmlc/dlpack's dlpack.h (LP64), checked from Swift as the compiler sees them.
@Suite struct DLPackABITests {
    @Test func scalarStructSizes() {
        #expect(MemoryLayout<DLDevice>.size == 8)
        #expect(MemoryLayout<DLDataType>.size == 4)
        #expect(MemoryLayout<DLPackVersion>.size == 8)
        #expect(MemoryLayout<DLDevice>.offset(of: \.device_id) == 4)
        #expect(MemoryLayout<DLDataType>.offset(of: \.bits) == 1)
        #expect(MemoryLayout<DLDataType>.offset(of: \.lanes) == 2)
        #expect(MemoryLayout<DLPackVersion>.offset(of: \.minor) == 4)
    }

    @Test func dlTensorLayout() {
        #expect(MemoryLayout<DLTensor>.size == 48)
        #expect(MemoryLayout<DLTensor>.offset(of: \.data) == 0)
        #expect(MemoryLayout<DLTensor>.offset(of: \.device) == 8)
        #expect(MemoryLayout<DLTensor>.offset(of: \.ndim) == 16)
        #expect(MemoryLayout<DLTensor>.offset(of: \.dtype) == 20)
        #expect(MemoryLayout<DLTensor>.offset(of: \.shape) == 24)
        #expect(MemoryLayout<DLTensor>.offset(of: \.strides) == 32)
        #expect(MemoryLayout<DLTensor>.offset(of: \.byte_offset) == 40)
    }

    @Test func legacyManagedTensorLayout() {
        #expect(MemoryLayout<DLManagedTensor>.size == 64)
        #expect(MemoryLayout<DLManagedTensor>.offset(of: \.dl_tensor) == 0)
        #expect(MemoryLayout<DLManagedTensor>.offset(of: \.manager_ctx) == 48)
        #expect(MemoryLayout<DLManagedTensor>.offset(of: \.deleter) == 56)
    }

    @Test func versionedManagedTensorLayout() {
        #expect(MemoryLayout<DLManagedTensorVersioned>.size == 80)
        #expect(MemoryLayout<DLManagedTensorVersioned>.offset(of: \.version) == 0)
        #expect(MemoryLayout<DLManagedTensorVersioned>.offset(of: \.manager_ctx) == 8)
        #expect(MemoryLayout<DLManagedTensorVersioned>.offset(of: \.deleter) == 16)
        #expect(MemoryLayout<DLManagedTensorVersioned>.offset(of: \.flags) == 24)
        #expect(MemoryLayout<DLManagedTensorVersioned>.offset(of: \.dl_tensor) == 32)
    }

    @Test func flagsDeviceAndTypeCodes() {
        #expect(DLPackFlags.readOnly.rawValue == 1)
        #expect(DLPackFlags.isCopied.rawValue == 2)
        #expect(DLPackFlags.isSubbyteTypePadded.rawValue == 4)
        #expect(DLPACK_FLAG_BITMASK_READ_ONLY == 1 && DLPACK_FLAG_BITMASK_IS_COPIED == 2 && DLPACK_FLAG_BITMASK_IS_SUBBYTE_TYPE_PADDED == 4)
        #expect([kDLCPU, kDLCUDA, kDLCUDAHost, kDLROCM, kDLCUDAManaged].map(\.rawValue) == [1, 2, 3, 10, 13])
        #expect([kDLInt, kDLUInt, kDLFloat, kDLBfloat, kDLComplex, kDLBool].map(\.rawValue) == [0, 1, 2, 4, 5, 6])
        #expect(kDLFloat8_e4m3fn.rawValue == 10 && kDLFloat8_e5m2.rawValue == 12)
        #expect(DLPack.version.major == 1)
    }
}
