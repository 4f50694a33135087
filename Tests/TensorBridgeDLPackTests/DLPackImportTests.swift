import CDLPack
import Testing
import TensorBridgeTestSupport
import TensorBridgeDLPack

@Suite struct DLPackImportTests {
    @Test(arguments: [true, false])
    func compactImportSharesAndDeletesOnceWhenTheLastTensorDies(versioned: Bool) throws {
        let deleted = ReleaseCounter()
        let managed = FakeProducer.make(versioned: versioned, dtype: float32Type, dims: [2, 3], strides: [3, 1],
                                        byteCount: 24, deleted: deleted)
        let data = managed.dlTensor.data
        var t: Tensor? = try Tensor(dlpack: managed)
        #expect(t?.buffer?.baseAddress == data)
        var reshaped: Tensor? = try t?.reshaped(to: [6])
        var copy = t
        t = nil
        copy = nil
        _ = copy
        #expect(deleted.count == 0)
        #expect(reshaped?.elementCount == 6)
        reshaped = nil
        #expect(deleted.count == 1)
    }

    @Test func nullStridesMeanRowMajor() throws {
        let deleted = ReleaseCounter()
        let t = try Tensor(dlpack: FakeProducer.make(versioned: true, dtype: uint8Type, dims: [2, 2], strides: nil,
                                                     byteCount: 4, deleted: deleted))
        #expect(try t.scalars(as: UInt8.self) == [0, 1, 2, 3])
    }

    @Test func honoursByteOffset() throws {
        let deleted = ReleaseCounter()
        let managed = FakeProducer.make(versioned: false, dtype: uint8Type, dims: [3], strides: [1],
                                        byteCount: 10, byteOffset: 5, deleted: deleted)
        let t = try Tensor(dlpack: managed)
        #expect(try t.scalars(as: UInt8.self) == [5, 6, 7])
    }

    @Test func sizeOneDimensionsMayHaveAnyStride() throws {
        let deleted = ReleaseCounter()
        let managed = FakeProducer.make(versioned: true, dtype: uint8Type, dims: [1, 4, 1], strides: [99, 1, 7],
                                        byteCount: 4, deleted: deleted)
        let data = managed.dlTensor.data
        let t = try Tensor(dlpack: managed)
        #expect(t.buffer?.baseAddress == data)
        #expect(deleted.count == 0)
    }

    @Test func nonCompactStridesCopyAndReleaseAtOnce() throws {
        let deleted = ReleaseCounter()
        // A 2×3 transposed view of a row-major 3×2 array of 0...5.
        let managed = FakeProducer.make(versioned: true, dtype: uint8Type, dims: [2, 3], strides: [1, 2],
                                        byteCount: 6, deleted: deleted)
        let t = try Tensor(dlpack: managed)
        #expect(deleted.count == 1)
        #expect(try t.scalars(as: UInt8.self) == [0, 2, 4, 1, 3, 5])
    }

    @Test func negativeAndZeroStridesCopy() throws {
        let deleted = ReleaseCounter()
        // Reversed: data points at the last element, stride -1.
        let reversed = FakeProducer.make(versioned: true, dtype: uint8Type, dims: [4], strides: [-1],
                                         byteCount: 4, byteOffset: 3, deleted: deleted)
        #expect(try Tensor(dlpack: reversed).scalars(as: UInt8.self) == [3, 2, 1, 0])
        // Broadcast: a row repeated with stride 0.
        let broadcast = FakeProducer.make(versioned: false, dtype: uint8Type, dims: [3, 2], strides: [0, 1],
                                          byteCount: 2, deleted: deleted)
        #expect(try Tensor(dlpack: broadcast).scalars(as: UInt8.self) == [0, 1, 0, 1, 0, 1])
        #expect(deleted.count == 2)
    }

    @Test func stridedMultiByteElements() throws {
        let deleted = ReleaseCounter()
        // Every other float32 of 8: elements at bytes 0, 8, 16, 24.
        let managed = FakeProducer.make(versioned: true, dtype: float32Type, dims: [4], strides: [2],
                                        byteCount: 32, deleted: deleted)
        let t = try Tensor(dlpack: managed)
        let raw = try bytes(of: t)
        #expect(raw == [0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27])
    }

    @Test func rankZeroAndEmpty() throws {
        let deleted = ReleaseCounter()
        let scalar = try Tensor(dlpack: FakeProducer.make(versioned: true, dtype: uint8Type, dims: [], strides: nil,
                                                          byteCount: 1, deleted: deleted))
        #expect(scalar.rank == 0)
        #expect(try scalar.scalar(as: UInt8.self) == 0)
        let empty = try Tensor(dlpack: FakeProducer.make(versioned: false, dtype: float32Type, dims: [0, 3], strides: [3, 1],
                                                         byteCount: 0, nullData: true, deleted: deleted))
        #expect(empty.shape.dimensions == [0, 3])
        #expect(try empty.scalars(as: Float.self) == [])
        #expect(deleted.count == 1, "NULL-data empty tensors release the producer at once")
    }

    @Test(arguments: [UInt32(0), 2, 7])
    func unknownMajorVersionIsRefusedAndReleased(major: UInt32) throws {
        let deleted = ReleaseCounter()
        #expect {
            _ = try Tensor(dlpack: FakeProducer.make(versioned: true, major: major, dtype: float32Type, dims: [2],
                                                     strides: [1], byteCount: 8, deleted: deleted))
        } throws: { error in
            guard let e = error as? TensorBridgeError, e.code == .unimplemented else { return false }
            let m = e.message
            return m.contains("ABI version \(major).0") && m.contains("major version 1")
        }
        #expect(deleted.count == 1)
    }

    @Test func malformedTensorsAreRefusedAndReleased() throws {
        let deleted = ReleaseCounter()
        // Closures, not values: a managed tensor is noncopyable, so each is made where it is used.
        let cases: [() -> DLPackManagedTensor] = [
            { FakeProducer.make(versioned: true, dtype: DLDataType(code: 9, bits: 8, lanes: 1), dims: [1], strides: nil,
                                byteCount: 1, deleted: deleted) },
            { FakeProducer.make(versioned: true, dtype: float32Type, dims: [-2], strides: nil, byteCount: 0, deleted: deleted) },
            { FakeProducer.make(versioned: false, dtype: float32Type, dims: [2], strides: nil, byteCount: 8,
                                nullData: true, deleted: deleted) },
            { FakeProducer.make(versioned: false, dtype: DLDataType(code: 2, bits: 32, lanes: 2), dims: [1], strides: nil,
                                byteCount: 8, deleted: deleted) },
        ]
        for make in cases {
            #expect(throws: TensorBridgeError.self) { _ = try Tensor(dlpack: make()) }
        }
        #expect(deleted.count == cases.count)
    }

    @Test func releaseFromAnotherThread() async throws {
        let deleted = ReleaseCounter()
        let t = try Tensor(dlpack: FakeProducer.make(versioned: true, dtype: uint8Type, dims: [8], strides: nil,
                                                     byteCount: 8, deleted: deleted))
        await Task.detached { _ = t.elementCount }.value
        _ = consume t
        #expect(deleted.count == 1)
    }
}
