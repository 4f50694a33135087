import Testing
@testable import TensorBridge

@Suite struct TensorCreationTests {
    @Test func nestedArraysGiveTheirShape() throws {
        let t = try Tensor([[1.0, 2.0], [3.0, 4.0]] as [[Float]])
        #expect(t.shape.dimensions == [2, 2])
        #expect(t.dtype == .float32)
        #expect(try t.scalars(as: Float.self) == [1, 2, 3, 4])

        let cube = try Tensor([[[1, 2, 3]], [[4, 5, 6]]] as [[[UInt8]]])
        #expect(cube.shape.dimensions == [2, 1, 3])
        #expect(try cube.scalars(as: UInt8.self) == [1, 2, 3, 4, 5, 6])

        let flat = try Tensor([1, 2, 3] as [Int64])
        #expect(flat.shape.dimensions == [3])
        #expect(try Tensor([[]] as [[Float]]).shape.dimensions == [1, 0])
    }

    @Test func raggedInputIsRejectedWithTensorFlowsMessage() {
        let message = TensorBridgeError.invalidShape("Nested Swift arrays must be rectangular: every inner array at one level needs the same count (TensorFlow: Can't convert non-rectangular Python sequence to Tensor.)")
        #expect(throws: message) { try Tensor([[1, 2], [3]] as [[Float]]) }
        #expect(throws: message) { try Tensor([[[1], [2]], [[3]]] as [[[Int32]]]) }
        #expect(throws: message) { try Tensor([[], [1]] as [[Int32]]) }
    }

    @Test func scalarsAndFlatArraysWithShapes() throws {
        let s = try Tensor(Float(3))
        #expect(s.rank == 0)
        #expect(try s.scalar(as: Float.self) == 3)
        let m = try Tensor([1, 2, 3, 4, 5, 6] as [Int32], shape: [2, 3])
        #expect(try m.array(as: Int32.self)[1, 2] == 6)
        #expect(try m.array(as: Int32.self)[2, 0] == nil)
        #expect(throws: TensorBridgeError.self) { try Tensor([1, 2, 3] as [Int32], shape: [2, 2]) }
        #expect(throws: TensorBridgeError.self) { try m.scalar(as: Int32.self) }
    }

    @Test func readBackWithTheWrongTypeNamesBothDTypes() throws {
        let t = try Tensor([1, 2] as [Int32])
        #expect(throws: TensorBridgeError.dtypeMismatch(expected: .float32, actual: .int32)) { try t.scalars(as: Float.self) }
        #expect(TensorBridgeError.dtypeMismatch(expected: .float32, actual: .int32).description.contains("float32"))
        #expect(TensorBridgeError.dtypeMismatch(expected: .float32, actual: .int32).description.contains("int32"))
    }

    @Test func zerosOnesFillAndRangeForEveryNumericDType() throws {
        for dtype in DType.allCases where dtype.isMaterializable && dtype != .string && !dtype.isStorageOnly {
            let z = try Tensor.zeros(shape: [2, 3], dtype: dtype)
            let o = try Tensor.ones(shape: [2, 3], dtype: dtype)
            #expect(z.dtype == dtype && o.dtype == dtype && z.shape.dimensions == [2, 3])
            #expect(try z.rawBytes.allSatisfy { $0 == 0 }, "\(dtype) zeros")
            // ones cast to float64 must all be 1 (complex: real part).
            if !dtype.isQuantized {
                #expect(try o.cast(to: .float64).scalars(as: Double.self) == Array(repeating: 1, count: 6), "\(dtype) ones")
            }
        }
        #expect(try Tensor.fill(shape: [3], value: Float(7)).scalars(as: Float.self) == [7, 7, 7])
        #expect(try Tensor.range(start: Int32(3), limit: 18, delta: 3).scalars(as: Int32.self) == [3, 6, 9, 12, 15])
        #expect(try Tensor.range(start: Float(3), limit: 1, delta: -0.5).scalars(as: Float.self) == [3, 2.5, 2, 1.5])
        #expect(throws: TensorBridgeError.self) { try Tensor.range(start: Int32(0), limit: 5, delta: 0) }
        #expect(throws: TensorBridgeError.self) { try Tensor.range(start: Int32(5), limit: 0, delta: 1) }
        #expect(throws: TensorBridgeError.self) { try Tensor.range(start: Float(0), limit: 1e30, delta: 1e-30) }
    }

    @Test func stringTensorsHoldArbitraryBytes() throws {
        let bytes: [[UInt8]] = [[0x61, 0x62], [0x63, 0x00, 0x64], [0xFF, 0xFE], []]
        let t = try Tensor(strings: bytes, shape: [2, 2])
        #expect(t.dtype == .string)
        #expect(try t.strings() == bytes)
        #expect(throws: TensorBridgeError.self) { try t.scalars(as: UInt8.self) }
        #expect(throws: TensorBridgeError.self) { try Tensor(strings: bytes, shape: [3]) }
        #expect(try Tensor(strings: ["héllo"]).strings() == [Array("héllo".utf8)])
    }

    @Test func copiesShareStorageAndReshapeNeverCopies() throws {
        // Watched weakly: the process-wide TensorBuffer.liveCount moves with parallel suites.
        weak var storage: TensorBuffer?
        do {
            let a = try Tensor(Array(0..<12).map(Float.init), shape: [12])
            let b = a
            let c = try a.reshaped(to: [3, -1])
            #expect(c.shape.dimensions == [3, 4])
            #expect(a.buffer === b.buffer && a.buffer === c.buffer)
            storage = a.buffer
            #expect(storage != nil)
            #expect(throws: TensorBridgeError.self) { try a.reshaped(to: [5, -1]) }
            #expect(throws: TensorBridgeError.self) { try a.reshaped(to: [-1, -1]) }
            #expect(throws: TensorBridgeError.self) { try a.reshaped(to: [13]) }
            #expect(try a.identity().buffer === a.buffer)
        }
        #expect(storage == nil, "the shared storage outlived every tensor")
    }

    @Test func descriptionReadsLikeTensorFlow() throws {
        let t = try Tensor([[1.0, 2.0], [3.0, 4.0]] as [[Float]])
        #expect(t.description == "tf.Tensor([[1. 2.]\n [3. 4.]], shape=(2, 2), dtype=float32)")
        #expect(try Tensor([true, false]).description == "tf.Tensor([True False], shape=(2,), dtype=bool)")
    }
}
