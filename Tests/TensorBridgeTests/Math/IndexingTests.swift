import Testing
@testable import TensorBridge

/// Subscripts (`tf.strided_slice`), gather and shape ops against TensorFlow 2.21, bit for bit.
@Suite struct IndexingTests {
    /// The generator's spec entries as Swift subscript entries: an integer, "all", "new",
    /// "ell", or `[start, end, step]` with nulls.
    static func entries(_ spec: [Any]) throws -> [TensorIndex] {
        try spec.map { e -> TensorIndex in
            switch e {
            case let i as Int: return i.tensorIndex
            case "all" as String: return .all
            case "new" as String: return .newAxis
            case "ell" as String: return .ellipsis
            case let r as [Any]:
                return .stride(from: r[0] as? Int, to: r[1] as? Int, by: r.count > 2 ? (r[2] as? Int ?? 1) : 1)
            default: throw MathGolden.Failure(description: "bad spec entry \(e)")
            }
        }
    }

    @Test func slicesMatchTensorFlow() throws {
        let g = try #require(try MathGolden.section("slices") as? [String: Any])
        let base = try MathGolden.tensor(g["input"])
        let cases = try #require(g["cases"] as? [[String: Any]])
        for c in cases {
            let spec = try #require(c["spec"] as? [Any])
            try MathGolden.compare(try base[try Self.entries(spec)], try MathGolden.tensor(c["out"]), "slice \(spec)")
        }
    }

    @Test func swiftSpellings() throws {
        let t = try Tensor(Array(0..<24) as [Int32], shape: [2, 3, 4])
        #expect(try t[0, .all, 1..<3].shape.dimensions == [3, 2])
        #expect(try t[..., 0].shape.dimensions == [2, 3])
        #expect(try t[-1, 2, 3].scalars(as: Int32.self) == [23])
        #expect(try t[1, .newAxis, 1...2, 2...].shape.dimensions == [1, 2, 2])
        #expect(try t[0, 0, .stride(by: -1)].scalars(as: Int32.self) == [3, 2, 1, 0])
        #expect(try t[.ellipsis, ..<2].shape.dimensions == [2, 3, 2])
    }

    @Test func shapeOpsMatchTensorFlow() throws {
        let g = try #require(try MathGolden.section("shapeOps") as? [String: Any])
        let s = try MathGolden.tensor(g["input"]), u = try MathGolden.tensor(g["small"])
        for c in try #require(g["transpose"] as? [[String: Any]]) {
            let perm = try #require(c["perm"] as? [Int])
            try MathGolden.compare(try s.transposed(perm), try MathGolden.tensor(c["out"]), "transpose \(perm)")
        }
        for c in try #require(g["tile"] as? [[String: Any]]) {
            let m = try #require(c["multiples"] as? [Int])
            try MathGolden.compare(try u.tiled(m), try MathGolden.tensor(c["out"]), "tile \(m)")
        }
        for c in try #require(g["pad"] as? [[String: Any]]) {
            let p = try #require(c["paddings"] as? [[Int]]), v = try #require(c["value"] as? Int)
            let padded = try u.padded(p.map { ($0[0], $0[1]) }, value: ScalarLiteral(integerLiteral: Int64(v)))
            try MathGolden.compare(padded, try MathGolden.tensor(c["out"]), "pad \(p)")
        }
        for c in try #require(g["broadcast"] as? [[String: Any]]) {
            let shape = try #require(c["shape"] as? [Int])
            try MathGolden.compare(try u.broadcast(to: shape), try MathGolden.tensor(c["out"]), "broadcast \(shape)")
        }
        let doubled = try s * 2
        for c in try #require(g["concat"] as? [[String: Any]]) {
            let axis = try #require(c["axis"] as? Int)
            try MathGolden.compare(try Tensor.concat([s, doubled], axis: axis), try MathGolden.tensor(c["out"]), "concat \(axis)")
        }
        for c in try #require(g["stack"] as? [[String: Any]]) {
            let axis = try #require(c["axis"] as? Int)
            let stacked = try Tensor.stack([s, doubled], axis: axis)
            try MathGolden.compare(stacked, try MathGolden.tensor(c["out"]), "stack \(axis)")
            let parts = try stacked.unstacked(axis: axis)
            #expect(parts.count == 2)
            try MathGolden.compare(parts[0], s, "unstack \(axis)")
        }
        for c in try #require(g["split"] as? [[String: Any]]) {
            let count = try #require(c["count"] as? Int), axis = try #require(c["axis"] as? Int)
            let outs = try #require(c["outs"] as? [Any])
            let parts = try s.split(count: count, axis: axis)
            #expect(parts.count == outs.count)
            for (p, o) in zip(parts, outs) { try MathGolden.compare(p, try MathGolden.tensor(o), "split \(count) axis \(axis)") }
        }
        let sizes = try #require(g["splitSizes"] as? [String: Any])
        let parts = try s.split(sizes: try #require(sizes["sizes"] as? [Int]), axis: 2)
        for (p, o) in zip(parts, try #require(sizes["outs"] as? [Any])) { try MathGolden.compare(p, try MathGolden.tensor(o), "split sizes") }
        for c in try #require(g["gather"] as? [[String: Any]]) {
            let axis = try #require(c["axis"] as? Int)
            let indices: Tensor
            switch c["indices"] {
            case let i as Int: indices = try Tensor(Int32(i))
            case let list as [Int]: indices = try Tensor(list.map(Int32.init), shape: [list.count])
            case let rows as [[Int]]: indices = try Tensor(rows.flatMap { $0 }.map(Int32.init), shape: [rows.count, rows[0].count])
            default: throw MathGolden.Failure(description: "bad indices")
            }
            try MathGolden.compare(try s.gather(indices, axis: axis), try MathGolden.tensor(c["out"]), "gather axis \(axis)")
        }
    }

    @Test func tiledTransposeCrossesTileEdges() throws {
        // 70×130 crosses the 64-element tiles of the 2-D transpose in both directions.
        let t = try Tensor((0..<(70 * 130)).map { Int32($0) }, shape: [70, 130])
        let values = try t.transposed().scalars(as: Int32.self)
        #expect(try t.transposed().shape.dimensions == [130, 70])
        #expect(values == (0..<130).flatMap { j in (0..<70).map { i in Int32(i * 130 + j) } })
    }

    @Test func squeezeAndExpandShareTheBuffer() throws {
        let t = try Tensor.zeros(shape: [1, 3, 1])
        #expect(try t.squeezed().shape.dimensions == [3])
        #expect(try t.squeezed(axes: [-1]).shape.dimensions == [1, 3])
        #expect(try t.expandingDims(axis: -1).shape.dimensions == [1, 3, 1, 1])
        #expect(try t.expandingDims(axis: 0).buffer?.baseAddress == t.buffer?.baseAddress)
    }

    @Test func errorsCarryTensorFlowsMessages() throws {
        let errors = try #require(try MathGolden.section("errors") as? [String: String])
        let f23 = try Tensor.zeros(shape: [2, 3]), f4 = try Tensor.zeros(shape: [4])
        let checks: [(String, () throws -> Any)] = [
            ("sliceOutOfBounds", { try f23[5] }), ("sliceOutOfBounds1", { try f23[.all, 7] }),
            ("concatRanks", { try Tensor.concat([f23, f4]) }), ("transposePerm", { try f23.transposed([0, 0]) }),
            ("squeeze", { try f23.squeezed(axes: [0]) }), ("broadcastTo", { try f23.broadcast(to: [4, 3]) }),
            ("gatherRange", { try f23.gather([5]) }), ("tile", { try f23.tiled([1]) }),
            ("split", { try f23.split(count: 4, axis: 1) }), ("stack", { try Tensor.stack([f23, f4]) }),
            ("pad", { try f23.padded([(1, 1)]) }), ("expandDims", { try f23.expandingDims(axis: 5) }),
        ]
        for (key, body) in checks { try MathGolden.expectError(key, errors, body) }
    }
}
