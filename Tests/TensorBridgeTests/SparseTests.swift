import Foundation
import Testing
@testable import TensorBridge

/// SparseTensor against TensorFlow 2.21 goldens (scripts/generate_op_goldens.py).
@Suite struct SparseTests {
    static func index() throws -> [String: Any] { try GoldenFiles.opsIndex() }

    static func message(_ body: () throws -> Any) -> String? {
        do { _ = try body(); return nil } catch let e as TensorBridgeError { return e.description } catch { return "\(error)" }
    }

    static func floats(_ slice: Any?) throws -> Tensor {
        let bits = try GoldenFiles.bits(slice, as: UInt32.self)
        return try Tensor(bits.map { Float(bitPattern: $0) }, shape: [bits.count])
    }

    @Test func constructionAndDensifyErrorsMatchTensorFlow() throws {
        let errors = try #require(try Self.index()["sparseErrors"] as? [String: [String: String]])
        let v1 = try Tensor([1.0] as [Float]), v2 = try Tensor([1.0, 2.0] as [Float])
        func expect(_ key: String, _ body: () throws -> Any) {
            // Swift users are pointed at reordered(), TensorFlow's users at tf.sparse.reorder.
            let expected = errors[key]?["message"]?.replacingOccurrences(of: "`tf.sparse.reorder`", with: "`reordered()`")
            #expect(Self.message(body) == expected, "\(key)")
        }
        expect("indicesRank") { try SparseTensor(indices: try Tensor([0, 1] as [Int64]), values: v1, denseShape: [3]) }
        expect("rowsMismatch") { try SparseTensor(indices: [[0, 0], [1, 1]], values: v1, denseShape: [3, 4]) }
        expect("negativeDim") { try SparseTensor(indices: [[0, 0]], values: v1, denseShape: [-3, 4]) }
        expect("outOfBounds") { try SparseTensor(indices: [[0, 0], [5, 5]], values: v2, denseShape: [3, 4]).toDense() }
        expect("outOfOrder") { try SparseTensor(indices: [[1, 0], [0, 0]], values: v2, denseShape: [3, 4]).toDense() }
        expect("repeated") { try SparseTensor(indices: [[0, 0], [0, 0]], values: v2, denseShape: [3, 4]).toDense() }
        expect("outOfBoundsUnvalidated") {
            try SparseTensor(indices: [[0, 0], [5, 5]], values: v2, denseShape: [3, 4]).toDense(validateIndices: false)
        }
        expect("negativeIndex") { try SparseTensor(indices: [[0, 0], [-1, 2]], values: v2, denseShape: [3, 4]).toDense() }
        expect("defaultDType") {
            try SparseTensor(indices: [[0, 0]], values: v1, denseShape: [3, 4]).toDense(defaultValue: try Tensor(Int64(1)))
        }
    }

    @Test func firstFailureDecidesAcrossChunks() throws {
        // Many indices, two bad ones far apart: the earlier one is reported whatever the split.
        let n = 200_000
        var rows = (0..<n).map { [Int64($0), 0] }
        rows[150_000] = [150_000, 9]  // out of bounds
        rows[190_000] = [0, 0]        // out of order
        let sp = try SparseTensor(indices: rows, values: try Tensor.zeros(shape: [n]), denseShape: [Int64(n), 2])
        #expect(Self.message { try sp.toDense() } == "indices[150000] = [150000,9] is out of bounds: need 0 <= index < [200000,2]")
    }

    @Test func toDenseMatchesTensorFlow() throws {
        let s = try #require(try Self.index()["sparse"] as? [String: Any])
        let rows = try #require(s["indices"] as? [[Int]]).map { $0.map(Int64.init) }
        let values = try Self.floats(s["values"])
        let sp = try SparseTensor(indices: rows, values: values, denseShape: [3, 4])
        let unvalidated = try sp.toDense(defaultValue: try Tensor(Float(-1)), validateIndices: false)
        #expect(try unvalidated.scalars(as: Float.self).map(\.bitPattern) == GoldenFiles.bits(s["unvalidated"], as: UInt32.self))
        let sorted = try SparseTensor(indices: [[0, 1], [1, 0], [2, 3]], values: try Tensor(Array(try values.scalars(as: Float.self).prefix(3)), shape: [3]), denseShape: [3, 4])
        #expect(try sorted.toDense(defaultValue: try Tensor(Float(7))).scalars(as: Float.self).map(\.bitPattern)
                == GoldenFiles.bits(s["validated"], as: UInt32.self))
        let reordered = try sp.reordered()
        #expect(try reordered.indices.scalars(as: Int64.self) == (try #require(s["reorderedIndices"] as? [[Int]])).flatMap { $0.map(Int64.init) })
        #expect(try reordered.values.scalars(as: Float.self).map(\.bitPattern) == GoldenFiles.bits(s["reorderedValues"], as: UInt32.self))
    }

    @Test func fromDenseMatchesTensorFlow() throws {
        let f = try #require(try Self.index()["fromDense"] as? [String: Any])
        let dense = try Self.floats(f["input"]).reshaped(to: try #require(f["shape"] as? [Int]))
        let sp = try SparseTensor(fromDense: dense)
        #expect(try sp.indices.scalars(as: Int64.self) == (try #require(f["indices"] as? [[Int]])).flatMap { $0.map(Int64.init) })
        #expect(try sp.values.scalars(as: Float.self).map(\.bitPattern) == GoldenFiles.bits(f["values"], as: UInt32.self))
        #expect(sp.shape == [2, 4])
    }

    @Test func oneHotMatchesTensorFlow() throws {
        let cases = try #require(try Self.index()["oneHot"] as? [[String: Any]])
        for c in cases {
            let raw = c["indices"]
            let (values, shape): ([Int32], [Int]) = if let flat = raw as? [Int] { (flat.map(Int32.init), [flat.count]) }
                else { ((raw as? [[Int]] ?? []).flatMap { $0.map(Int32.init) }, [(raw as? [[Int]] ?? []).count, 2]) }
            let indices = try Tensor(values, shape: shape)
            let depth = try #require(c["depth"] as? Int)
            let on = try #require(Golden.double(c["on"])), off = try #require(Golden.double(c["off"]))
            let y = (c["dtype"] as? String) == "int32"
                ? try Tensor.oneHot(indices: indices, depth: depth, onValue: Int32(on), offValue: Int32(off))
                : try Tensor.oneHot(indices: indices, depth: depth, onValue: Float(on), offValue: Float(off))
            #expect(y.shape.dimensions == (try #require(c["shape"] as? [Int])))
            #expect(try RandomTests.bits(y).map(UInt32.init) == GoldenFiles.bits(c["output"], as: UInt32.self))
            // The sparse form densifies to the same tensor when off is zero.
            if off == 0 {
                let sp = try SparseTensor.oneHot(indices: indices, depth: depth, onValue: Float(on))
                #expect(try sp.toDense().scalars(as: Float.self) == y.scalars(as: Float.self))
            }
        }
    }

    @Test func duplicatesLastWinsWithoutValidation() throws {
        let sp = try SparseTensor(indices: [[1, 1], [0, 0], [1, 1]], values: try Tensor([1, 2, 3] as [Int32]), denseShape: [2, 2])
        #expect(try sp.toDense(validateIndices: false).scalars(as: Int32.self) == [2, 0, 0, 3])
    }

    @Test func overflowingDenseShapeFailsBeforeAllocating() throws {
        let sp = try SparseTensor(indices: [[0, 0]], values: try Tensor([1] as [Float]), denseShape: [1 << 40, 1 << 40])
        #expect(throws: TensorBridgeError.self) { try sp.toDense() }
        #expect(throws: TensorBridgeError.self) { try Tensor.oneHot(indices: try Tensor([1] as [Int32], shape: [1]), depth: Int.max) }
    }

    @Test func accessorsShareAndNumpyNamesToDense() throws {
        let values = try Tensor([1, 2] as [Int32])
        let sp = try SparseTensor(indices: [[0, 0], [1, 2]], values: values, denseShape: [3, 3])
        #expect(sp.values.buffer === values.buffer)
        #expect(sp.indices.dtype == .int64 && sp.indices.shape.dimensions == [2, 2])
        #expect(try sp.denseShape.scalars(as: Int64.self) == [3, 3])
        #expect(Self.message { try sp.numpy() }?.contains("toDense()") == true)
        #expect(try sp.toDense().scalars(as: Int32.self) == [1, 0, 0, 0, 0, 2, 0, 0, 0])
    }
}
