import Testing
import TensorBridgeTestSupport
import TensorBridgeDLPack

@Suite struct DLPackRoundTripTests {
    static let shapes: [[Int]] = [[], [0], [3, 0, 2], [5], [2, 3, 4]]

    @Test(arguments: dlpackDTypes.map(\.0), [true, false])
    func everyDTypeRoundTripsWithoutCopying(dtype: DType, versioned: Bool) throws {
        for shape in Self.shapes {
            let released = ReleaseCounter()
            var original: Tensor? = try countedTensor(dtype: dtype, shape: shape, released: released)
            let expected = try bytes(of: try #require(original))
            let base = original?.buffer?.baseAddress
            var back: Tensor? = try Tensor(dlpack: try #require(original).toDLPack(versioned: versioned))
            #expect(back?.dtype == dtype)
            #expect(back?.shape.dimensions == shape)
            #expect(back?.buffer?.baseAddress == base, "zero-copy both ways")
            #expect(try bytes(of: try #require(back)) == expected)
            original = nil
            #expect(released.count == 0, "the round-tripped tensor keeps the storage alive")
            back = nil
            #expect(released.count == 1, "storage released exactly once, when the last tensor dies")
        }
    }

    @Test func copiedExportRoundTripsToANewBuffer() throws {
        let t = try Tensor([[1, 2], [3, 4]] as [[Double]])
        let back = try Tensor(dlpack: try t.toDLPack(copy: true))
        #expect(back.buffer?.baseAddress != t.buffer?.baseAddress)
        #expect(try back.scalars(as: Double.self) == [1, 2, 3, 4])
    }

    @Test func bigRoundTripIsZeroCopy() throws {
        let t = try Tensor.zeros(shape: [64, 1024, 1024], dtype: .uint8)  // 64 MiB
        let back = try Tensor(dlpack: try t.toDLPack())
        #expect(back.buffer?.baseAddress == t.buffer?.baseAddress)
        #expect(back.shape == t.shape)
    }
}
