import CDLPack
import Synchronization
import TensorBridgeDLPack
import TensorBridgeTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The dtypes DLPack can carry, with their expected (code, bits): DLDataTypeCode in
/// dmlc/dlpack's dlpack.h (kDLInt 0, kDLUInt 1, kDLFloat 2, kDLBfloat 4, kDLComplex 5 with
/// bits counting both halves, kDLBool 6, kDLFloat8_e4m3fn 10, kDLFloat8_e5m2 12).
let dlpackDTypes: [(DType, UInt8, UInt8)] = [
    (.bool, 6, 8),
    (.int8, 0, 8), (.int16, 0, 16), (.int32, 0, 32), (.int64, 0, 64),
    (.uint8, 1, 8), (.uint16, 1, 16), (.uint32, 1, 32), (.uint64, 1, 64),
    (.float16, 2, 16), (.float32, 2, 32), (.float64, 2, 64),
    (.bfloat16, 4, 16),
    (.complex64, 5, 64), (.complex128, 5, 128),
    (.float8_e4m3fn, 10, 8), (.float8_e5m2, 12, 8),
]

func bytes(of tensor: Tensor) throws -> [UInt8] {
    try tensor.withUnsafeBytes { Array($0) }
}

/// A DLPack producer written the way a C library would write one: it owns its memory, its
/// shape and strides, and counts how often its deleter runs.
final class FakeProducer: @unchecked Sendable {
    let memory: UnsafeMutableRawPointer
    let shape: UnsafeMutablePointer<Int64>
    let strides: UnsafeMutablePointer<Int64>?
    let deleted: ReleaseCounter

    private init(byteCount: Int, dims: [Int64], strides: [Int64]?, deleted: ReleaseCounter) {
        memory = .allocate(byteCount: max(byteCount, 1), alignment: 64)
        shape = .allocate(capacity: max(dims.count, 1))
        for (i, d) in dims.enumerated() { shape[i] = d }
        if let strides {
            let s = UnsafeMutablePointer<Int64>.allocate(capacity: max(strides.count, 1))
            for (i, v) in strides.enumerated() { s[i] = v }
            self.strides = s
        } else {
            self.strides = nil
        }
        self.deleted = deleted
    }

    deinit {
        memory.deallocate()
        shape.deallocate()
        strides?.deallocate()
    }

    /// Fills `byteCount` bytes with 0, 1, 2, ... and describes them as given.
    static func make(versioned: Bool, major: UInt32 = 1, dtype: DLDataType, dims: [Int64], strides: [Int64]?,
                     byteCount: Int, byteOffset: UInt64 = 0, nullData: Bool = false,
                     flags: UInt64 = 0, deleted: ReleaseCounter) -> DLPackManagedTensor {
        let producer = FakeProducer(byteCount: byteCount, dims: dims, strides: strides, deleted: deleted)
        for i in 0..<byteCount { producer.memory.storeBytes(of: UInt8(truncatingIfNeeded: i), toByteOffset: i, as: UInt8.self) }
        let tensor = DLTensor(
            data: nullData ? nil : producer.memory,
            device: DLDevice(device_type: 1, device_id: 0),
            ndim: Int32(dims.count), dtype: dtype,
            shape: producer.shape, strides: producer.strides, byte_offset: byteOffset)
        let ctx = Unmanaged.passRetained(producer).toOpaque()
        if versioned {
            let p = UnsafeMutablePointer<DLManagedTensorVersioned>.allocate(capacity: 1)
            p.initialize(to: DLManagedTensorVersioned(
                version: DLPackVersion(major: major, minor: 0), manager_ctx: ctx,
                deleter: { p in
                    guard let p, let ctx = p.pointee.manager_ctx else { return }
                    let producer = Unmanaged<FakeProducer>.fromOpaque(ctx).takeRetainedValue()
                    producer.deleted.increment()
                    p.deallocate()
                },
                flags: flags, dl_tensor: tensor))
            return DLPackManagedTensor(versioned: p)
        }
        let p = UnsafeMutablePointer<DLManagedTensor>.allocate(capacity: 1)
        p.initialize(to: DLManagedTensor(
            dl_tensor: tensor, manager_ctx: ctx,
            deleter: { p in
                guard let p, let ctx = p.pointee.manager_ctx else { return }
                let producer = Unmanaged<FakeProducer>.fromOpaque(ctx).takeRetainedValue()
                producer.deleted.increment()
                p.deallocate()
            }))
        return DLPackManagedTensor(legacy: p)
    }
}

let float32Type = DLDataType(code: 2, bits: 32, lanes: 1)
let uint8Type = DLDataType(code: 1, bits: 8, lanes: 1)
