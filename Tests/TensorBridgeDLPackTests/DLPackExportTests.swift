import CDLPack
import Testing
import TensorBridgeTestSupport
import TensorBridgeDLPack

@Suite struct DLPackExportTests {
    @Test(arguments: [true, false])
    func fillsEveryField(versioned: Bool) throws {
        let released = ReleaseCounter()
        var t: Tensor? = try countedTensor(dtype: .float32, shape: [2, 3, 4], released: released)
        let base = try #require(t?.buffer?.baseAddress)
        let managed = try #require(t).toDLPack(versioned: versioned)
        #expect(managed.isVersioned == versioned)
        let dl = managed.dlTensor
        #expect(dl.data == base)
        #expect(dl.device.device_type == 1 && dl.device.device_id == 0)
        #expect(dl.ndim == 3)
        #expect(dl.dtype.code == 2 && dl.dtype.bits == 32 && dl.dtype.lanes == 1)
        #expect((0..<3).map { dl.shape[$0] } == [2, 3, 4])
        #expect((0..<3).map { dl.strides![$0] } == [12, 4, 1])
        #expect(dl.byte_offset == 0)
        if versioned {
            #expect(managed.version?.major == 1)
            #expect(managed.flags == .readOnly)
        } else {
            #expect(managed.version == nil)
        }
        // The managed tensor keeps the memory alive after the last Swift tensor is gone...
        t = nil
        #expect(released.count == 0)
        // ...until the deleter runs, exactly once.
        managed.delete()
        #expect(released.count == 1)
    }

    @Test func rankZeroHasNonNullShapeArrays() throws {
        let managed = try Tensor(Float(2.5)).toDLPack()
        let dl = managed.dlTensor
        #expect(dl.ndim == 0)
        #expect(dl.shape != nil && dl.strides != nil)
        #expect(dl.data!.load(as: Float.self) == 2.5)
    }

    @Test func emptyTensor() throws {
        let managed = try Tensor.zeros(shape: [0, 5], dtype: .int64).toDLPack()
        let dl = managed.dlTensor
        #expect(dl.data != nil)
        #expect(dl.ndim == 2 && dl.shape[0] == 0 && dl.shape[1] == 5)
    }

    @Test func copyTrueCopiesAndSaysSo() throws {
        let released = ReleaseCounter()
        let t = try countedTensor(dtype: .int16, shape: [7], released: released)
        let managed = try t.toDLPack(copy: true)
        #expect(managed.flags == .isCopied)
        #expect(managed.dlTensor.data != t.buffer?.baseAddress)
        let copied = UnsafeRawBufferPointer(start: managed.dlTensor.data, count: 14)
        #expect(Array(copied) == (try bytes(of: t)))
        managed.delete()
        #expect(released.count == 0)  // the original is still held by `t`
    }

    @Test func copyFalseRefusesAMove() throws {
        let t = try Tensor([1, 2, 3] as [Float])
        #expect(throws: TensorBridgeError.self) { _ = try t.toDLPack(device: Device(.gpu, 0), copy: false) }
        let same = try t.toDLPack(device: .cpu, copy: false)
        #expect(same.flags == .readOnly)
        same.delete()
    }

    @Test func refusesStringTensors() throws {
        let s = try Tensor(strings: ["a", "bc"])
        #expect {
            _ = try s.toDLPack()
        } throws: { error in
            guard let e = error as? TensorBridgeError, e.code == .unsupportedDType else { return false }
            let message = e.message
            return message.contains("string")
        }
    }

    @Test func deletersAreSafeOnAnyThread() async throws {
        let released = ReleaseCounter()
        let t = try countedTensor(dtype: .uint8, shape: [1024], released: released)
        // Each export's pointer is handed to a task, which adopts it and deletes it there.
        let exports = try (0..<200).map { i in
            let m = try t.toDLPack(versioned: i % 2 == 0)
            return (versioned: m.isVersioned, address: UInt(bitPattern: m.release()))
        }
        await withTaskGroup(of: Void.self) { group in
            for (versioned, address) in exports {
                group.addTask {
                    let p = UnsafeMutableRawPointer(bitPattern: address)!
                    if versioned { DLPackManagedTensor(versioned: p).delete() } else { DLPackManagedTensor(legacy: p).delete() }
                }
            }
        }
        #expect(released.count == 0)
        _ = consume t
        #expect(released.count == 1)
    }

    @Test func liveExportCountFollowsDeleters() throws {
        // Other suites export concurrently, so only this test's own exports are reasoned
        // about: the count is at least as large while they are alive.
        let t = try Tensor([1, 2] as [Int32])
        let exports = try (0..<10).map { _ in try t.toDLPack().release() }
        #expect(DLPack.liveExportCount >= 10)
        for p in exports { DLPackManagedTensor(versioned: p).delete() }
    }
}
