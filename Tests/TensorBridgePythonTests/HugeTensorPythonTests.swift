import CDLPack
import Testing
@testable import TensorBridgePython
import TensorBridgeDLPack
import TensorBridgeTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A 5 GiB uint8 tensor (more than 2^32 elements) through `numpy()`, `Tensor(numpy:)` and
/// DLPack, native and through NumPy: every path is zero-copy, so each must report the full
/// size and read the right byte beyond 2^32 (a 32-bit size or offset anywhere would not).
extension DLPackPythonTests {
    @Suite struct HugeTensors {
        static let count = 5 << 30
        /// Beyond 2^31 and 2^32, and the last byte: each holds its own marker.
        static let markers: [(offset: Int, value: UInt8)] = [
            ((1 << 31) + 3, 0xA1), ((1 << 32) + 5, 0xB2), ((5 << 30) - 1, 0xC3),
        ]

        @Test func numpyAndDLPackCarryOver4GiBWithoutTruncation() throws {
            try requirePython()
            // One huge tensor per process at a time (the Formats huge tests take the same lock).
            try HugeTensorLock.withLock { try carryOver4GiB() }
        }

        private func carryOver4GiB() throws {
            let buffer = try TensorBuffer.allocateHost(byteCount: Self.count, zeroed: true)
            for (offset, value) in Self.markers { buffer.baseAddress.storeBytes(of: value, toByteOffset: offset, as: UInt8.self) }
            let tensor = try Tensor(dtype: .uint8, shape: Shape([Self.count]), buffer: buffer)
            let address = UInt(bitPattern: buffer.baseAddress)

            // numpy(): a view of all 5 GiB, and Tensor(numpy:) back onto the same memory.
            let array = try tensor.numpy()
            try expectHuge(array, address: address)
            let back = try Tensor(numpy: array)
            #expect(back.elementCount == Self.count)
            #expect(UInt(bitPattern: back.buffer?.baseAddress) == address)

            // DLPack through NumPy, both ways.
            let np = try Python.import("numpy")
            let viaDLPack = try np.from_dlpack(try tensor.dlpackObject())
            try expectHuge(viaDLPack, address: address)
            let fromNumPy = try Tensor(dlpack: viaDLPack)
            #expect(fromNumPy.shape.dimensions == [Self.count])
            #expect(UInt(bitPattern: fromNumPy.buffer?.baseAddress) == address)

            // Native DLPack: the struct's shape and the imported count.
            let managed = try tensor.toDLPack()
            #expect(managed.dlTensor.shape[0] == Int64(Self.count))
            let imported = try Tensor(dlpack: managed)
            #expect(imported.elementCount == Self.count)
            try imported.withUnsafeBytes { raw in
                for (offset, value) in Self.markers { #expect(raw[offset] == value) }
            }
        }

        /// Size, byte count, address and the marker bytes of a NumPy array over the tensor.
        private func expectHuge(_ array: PythonObject, address: UInt, sourceLocation: SourceLocation = #_sourceLocation) throws {
            #expect(try Int(python: array.size) == Self.count, sourceLocation: sourceLocation)
            #expect(try Int(python: array.nbytes) == Self.count, sourceLocation: sourceLocation)
            #expect(try UInt(UInt64(python: array.ctypes.data)) == address, "zero-copy", sourceLocation: sourceLocation)
            for (offset, value) in Self.markers {
                #expect(try Int(python: array[offset]) == Int(value), "byte \(offset)", sourceLocation: sourceLocation)
            }
            #expect(try Int(python: array[0]) == 0, sourceLocation: sourceLocation)
        }
    }
}
