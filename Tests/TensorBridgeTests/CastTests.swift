import Testing
@testable import TensorBridge

/// Every numeric dtype pair against tf.cast and tf.dtypes.saturate_cast, bit for bit against
/// TensorFlow's vectorized path (Golden/core/cast.json, from scripts/generate_core_goldens.py).
@Suite struct CastTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let source: DType, destination: DType, saturate: Bool
        let input: [UInt8], vector: [UInt8], scalar: [UInt8]
        var testDescription: String { "\(saturate ? "saturate_cast" : "cast") \(source.name)→\(destination.name)" }
    }

    static func cases() throws -> [Case] {
        let root = try #require(try CoreGolden.json("cast") as? [String: Any])
        let rows = try #require(root["cases"] as? [[String: Any]])
        return try rows.map { row in
            func text(_ key: String) -> String { row[key] as? String ?? "" }
            return Case(source: try #require(DType(name: text("source"))),
                        destination: try #require(DType(name: text("destination"))),
                        saturate: text("mode") == "saturate",
                        input: CoreGolden.bytes(hex: text("input")),
                        vector: CoreGolden.bytes(hex: text("vector")),
                        scalar: CoreGolden.bytes(hex: text("scalar")))
        }
    }

    @Test func goldenFileCoversEveryPair() throws {
        let all = try Self.cases()
        #expect(all.filter { !$0.saturate }.count == 15 * 15)
        #expect(all.filter(\.saturate).count > 100)
    }

    /// TensorFlow runs packet code over the longest multiple of the packet size of each shard
    /// and scalar code over the rest. TensorBridge gives every element the packet value
    /// ("vector" in the golden file, TensorFlow's result inside a long tensor), so each value
    /// alone and the tail of a 95-element tensor, where TensorFlow itself runs scalar code,
    /// must give the vector value too.
    @Test(arguments: try cases())
    func everyElementGetsTensorFlowsPacketValue(_ c: Case) throws {
        let sourceSize = try #require(c.source.byteSize)
        let size = try #require(c.destination.byteSize)
        let count = c.input.count / sourceSize
        func compare(_ layout: String, _ got: [UInt8], inputs: [UInt8]) {
            let n = inputs.count / sourceSize
            let bad = (0..<n).filter { i in
                got[i * size..<(i + 1) * size] != c.vector[(i % count) * size..<(i % count + 1) * size]
            }
            guard !bad.isEmpty else { return }
            Issue.record("\(c.testDescription) [\(layout)]: elements \(bad.prefix(8)) differ; inputs \(bad.prefix(8).map { CoreGolden.hex(inputs[$0 * sourceSize..<($0 + 1) * sourceSize]) }) got \(bad.prefix(8).map { CoreGolden.hex(got[$0 * size..<($0 + 1) * size]) }) want \(bad.prefix(8).map { CoreGolden.hex(c.vector[($0 % count) * size..<($0 % count + 1) * size]) })")
        }
        // The values repeated to a long tensor (TensorFlow: all packet code here).
        let long = Array(Array(repeating: c.input, count: 64).joined())
        compare("long", try Self.run(c, long), inputs: long)
        // Each value alone (TensorFlow: all scalar code).
        var alone: [UInt8] = []
        for i in 0..<count { alone += try Self.run(c, Array(c.input[i * sourceSize..<(i + 1) * sourceSize])) }
        compare("alone", alone, inputs: c.input)
        // 95 elements (TensorFlow: scalar code after the last whole packet).
        let mixedInput = Array(Array(Array(repeating: c.input, count: 3).joined()).prefix(95 * sourceSize))
        compare("tail", try Self.run(c, mixedInput), inputs: mixedInput)
    }

    /// The pairs where TensorFlow's scalar tail differs from its packet code are the ones
    /// where position could matter: a tensor above TensorFlow's sharding threshold (about 100k
    /// elements), split across our cores too, must give the packet value everywhere.
    @Test func largeTensorsGetThePacketValueEverywhere() throws {
        let quirky = try Self.cases().filter { $0.scalar != $0.vector }
        #expect(quirky.count > 20, "the golden file should show TensorFlow's tail differences")
        // One pair per source dtype keeps the test fast.
        var seen = Set<DType>()
        let sample = quirky.filter { seen.insert($0.source).inserted }
        for c in sample {
            let sourceSize = try #require(c.source.byteSize)
            let size = try #require(c.destination.byteSize)
            let count = c.input.count / sourceSize
            let repeats = 100_003 / count + 1
            let got = try Self.run(c, Self.repeated(c.input, repeats))
            let want = Self.repeated(c.vector, repeats)
            if got != want {
                let total = count * repeats
                let bad = (0..<total).first { (i: Int) -> Bool in
                    let range = i * size..<(i + 1) * size
                    return got[range] != want[range]
                } ?? -1
                Issue.record("\(c.testDescription): element \(bad) of \(count * repeats) is not the packet value")
            }
        }
    }

    static func repeated(_ bytes: [UInt8], _ times: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * times)
        for _ in 0..<times { out.append(contentsOf: bytes) }
        return out
    }

    static func run(_ c: Case, _ input: [UInt8]) throws -> [UInt8] {
        let sourceSize = try #require(c.source.byteSize)
        let x = try Tensor.fromBytes(input, dtype: c.source, count: input.count / sourceSize)
        let y = c.saturate ? try x.saturateCast(to: c.destination) : try x.cast(to: c.destination)
        #expect(y.dtype == c.destination)
        return try y.rawBytes
    }

    @Test func stringsAndHandlesDoNotCast() throws {
        let s = try Tensor(strings: ["a"])
        #expect(throws: TensorBridgeError.self) { try s.cast(to: .float32) }
        #expect(throws: TensorBridgeError.self) { try Tensor(Float(1)).cast(to: .string) }
        #expect(try s.cast(to: .string).strings() == [[0x61]])
    }

    @Test func largeCastsSplitAcrossCoresGiveTheSameResult() throws {
        let n = 1 << 20
        let x = try Tensor((0..<n).map { Float($0) * 0.75 - 1000 }, shape: [n])
        let y = try x.cast(to: .int32).scalars(as: Int32.self)
        #expect(y == (0..<n).map { Int32(Float($0) * 0.75 - 1000) })
    }
}
