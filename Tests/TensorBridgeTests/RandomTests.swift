import Testing
@testable import TensorBridge

/// Random ops against TensorFlow 2.21 goldens (scripts/generate_op_goldens.py), bit for bit.
@Suite struct RandomTests {
    static func dtype(_ name: Any?) throws -> DType {
        guard let name = name as? String, let d = DType(name: name) else { throw GoldenFiles.Failure(description: "bad dtype \(String(describing: name))") }
        return d
    }

    /// A tensor's elements as raw bits, widened to UInt64 for one comparison path.
    static func bits(_ t: Tensor) throws -> [UInt64] {
        try t.withUnsafeBytes { raw in
            switch t.dtype.byteSize {
            case 1: raw.map { UInt64($0) }
            case 2: raw.bindMemory(to: UInt16.self).map { UInt64($0) }
            case 4: raw.bindMemory(to: UInt32.self).map { UInt64($0) }
            default: raw.bindMemory(to: UInt64.self).map { $0 }
            }
        }
    }

    static func expected(_ slice: Any?, dtype: DType) throws -> [UInt64] {
        switch dtype.byteSize {
        case 1: try GoldenFiles.bits(slice, as: UInt8.self).map { UInt64($0) }
        case 2: try GoldenFiles.bits(slice, as: UInt16.self).map { UInt64($0) }
        case 4: try GoldenFiles.bits(slice, as: UInt32.self).map { UInt64($0) }
        default: try GoldenFiles.bits(slice, as: UInt64.self)
        }
    }

    static func firstMismatch(_ a: [UInt64], _ b: [UInt64]) -> String? {
        guard a.count == b.count else { return "count \(a.count) vs \(b.count)" }
        guard let i = a.indices.first(where: { a[$0] != b[$0] }) else { return nil }
        return "element \(i): ours 0x\(String(a[i], radix: 16)) vs TF 0x\(String(b[i], radix: 16))"
    }

    @Test func factsCheckValues() throws {
        #expect(Random.statelessKey(seed: (1, 2)) == 0x9085_02c9_6d2f_7fba)
        let n = try Random.statelessNormal(shape: [2, 3], seed: (1, 2))
        #expect(try n.scalars(as: Float.self).map(\.bitPattern) == [0x3f0b4acd, 0x3e545b81, 0x3d96a8e4, 0x3d3e3228, 0xbfa69a7f, 0xbf742ff1])
        let d = try Random.statelessNormal(shape: [1], seed: (1, 2), dtype: .float64)
        #expect(try d.scalars(as: Double.self) == [-0.1423118100189212])
        let u = try Random.statelessUniform(shape: [2, 3], seed: (1, 2))
        #expect(try u.scalars(as: Float.self) == [0.8440604, 0.19204533, 0.9962232, 0.1603874, 0.27199018, 0.649346])
    }

    @Test func statelessMatchesTensorFlow() throws {
        let cases = try #require(try GoldenFiles.opsIndex()["stateless"] as? [[String: Any]])
        #expect(cases.count == 392)
        for c in cases {
            let dtype = try Self.dtype(c["dtype"])
            let shape = try #require(c["shape"] as? [Int])
            let seed = try #require(c["seed"] as? [Int])
            let s = (Int64(seed[0]), Int64(seed[1]))
            let t: Tensor = if (c["op"] as? String) == "normal" {
                try Random.statelessNormal(shape: shape, seed: s, mean: Golden.double(c["mean"]) ?? 0,
                                           stddev: Golden.double(c["stddev"]) ?? 1, dtype: dtype)
            } else {
                try Random.statelessUniform(shape: shape, seed: s, minval: Golden.double(c["minval"]) ?? 0,
                                            maxval: Golden.double(c["maxval"]) ?? 1, dtype: dtype)
            }
            #expect(t.shape.dimensions == shape)
            let mismatch = Self.firstMismatch(try Self.bits(t), try Self.expected(c, dtype: dtype))
            #expect(mismatch == nil, "\(c["op"]!) \(dtype) seed \(s) shape \(shape): \(mismatch ?? "")")
        }
    }

    @Test func shapePrefixesAgree() throws {
        // [10] starts with the same values as [2,3]: element j depends only on j.
        let a = try Random.statelessNormal(shape: [10], seed: (9, 9)).scalars(as: Float.self)
        let b = try Random.statelessNormal(shape: [2, 3], seed: (9, 9)).scalars(as: Float.self)
        #expect(Array(a.prefix(6)) == b)
    }

    @Test func statefulMatchesTensorFlow() throws {
        let runs = try #require(try GoldenFiles.opsIndex()["stateful"] as? [[String: Any]])
        #expect(runs.count == 11)
        // The global seed is process-wide; hold it for the whole sequence.
        try StatefulLock.run {
            for run in runs {
                if let g = run["globalSeed"] as? Int { Random.setSeed(Int64(g)) } else { Random.resetForTesting() }
                for call in try #require(run["calls"] as? [[String: Any]]) {
                    let dtype = try Self.dtype(call["dtype"])
                    let shape = try #require(call["shape"] as? [Int])
                    let seed = (call["seed"] as? Int).map(Int64.init)
                    let t = (call["op"] as? String) == "normal"
                        ? try Random.normal(shape: shape, dtype: dtype, seed: seed)
                        : try Random.uniform(shape: shape, dtype: dtype, seed: seed)
                    let mismatch = Self.firstMismatch(try Self.bits(t), try Self.expected(call, dtype: dtype))
                    #expect(mismatch == nil, "\(run["name"]!): \(call["op"]!) \(shape) \(dtype) seed \(String(describing: seed)): \(mismatch ?? "")")
                }
            }
        }
    }

    @Test func setSeedReplaysTheSequence() throws {
        try StatefulLock.run {
            Random.setSeed(1)
            let first = try Random.normal(shape: [2, 3], seed: 2).scalars(as: Float.self)
            let second = try Random.normal(shape: [2, 3], seed: 2).scalars(as: Float.self)
            #expect(first == [-1.0467793, 0.8397046, 1.2358364, 2.0637853, 0.3037427, 1.2963251])
            #expect(first != second)
            Random.setSeed(1)
            #expect(try Random.normal(shape: [2, 3], seed: 2).scalars(as: Float.self) == first)
            #expect(try Random.normal(shape: [2, 3], seed: 2).scalars(as: Float.self) == second)
        }
    }

    @Test func generatorMatchesTensorFlow() throws {
        let gens = try #require(try GoldenFiles.opsIndex()["generators"] as? [[String: Any]])
        for g in gens {
            let seed = Int64(try #require(g["seed"] as? Int))
            let gen = RandomGenerator(seed: seed)
            for call in try #require(g["calls"] as? [[String: Any]]) {
                let dtype = try Self.dtype(call["dtype"])
                let shape = try #require(call["shape"] as? [Int])
                let t = (call["op"] as? String) == "normal" ? try gen.normal(shape: shape, dtype: dtype) : try gen.uniform(shape: shape, dtype: dtype)
                let mismatch = Self.firstMismatch(try Self.bits(t), try Self.expected(call, dtype: dtype))
                #expect(mismatch == nil, "generator seed \(seed) \(call["op"]!) \(dtype): \(mismatch ?? "")")
            }
            let state = try #require(g["finalState"] as? [Int]).map { UInt64(bitPattern: Int64($0)) }
            let ours = gen.stateWords
            #expect([ours.0, ours.1, ours.2] == state)
        }
    }

    @Test func badInputsThrow() throws {
        #expect(throws: TensorBridgeError.self) { try Random.statelessNormal(shape: [-1], seed: (1, 2)) }
        #expect(throws: TensorBridgeError.unsupportedDType(.int32, "Value for attr 'dtype' of int32 is not in the list of allowed values: half, bfloat16, float, double")) {
            try Random.statelessNormal(shape: [2], seed: (1, 2), dtype: .int32)
        }
        #expect(throws: TensorBridgeError.self) { try Random.statelessUniform(shape: [1 << 62, 8], seed: (1, 2)) }
    }

    @Test func largeOutputsAreThreadIndependent() throws {
        // Counts around the parallel split give the same prefix as a small request.
        let big = try Random.statelessNormal(shape: [1 << 18], seed: (5, 6)).scalars(as: Float.self)
        let small = try Random.statelessNormal(shape: [1001], seed: (5, 6)).scalars(as: Float.self)
        #expect(Array(big.prefix(1001)) == small)
        let tail = try Random.statelessNormal(shape: [(1 << 18) - 3], seed: (5, 6)).scalars(as: Float.self)
        #expect(Array(big.prefix(tail.count)) == tail)
    }
}

/// JSON numbers may arrive as Int or Double.
enum Golden {
    static func double(_ any: Any?) -> Double? { (any as? Double) ?? (any as? Int).map(Double.init) }
}

/// Serializes the tests that touch the process-wide random state.
enum StatefulLock {
    private static let lock = NSLockish()
    static func run(_ body: () throws -> Void) rethrows { try lock.withLock(body) }
}
