import Testing
@testable import TensorBridge

/// Every numeric dtype pair against tf.cast and tf.dtypes.saturate_cast, bit for bit
/// (Golden/core/cast.json, from scripts/generate_core_goldens.py).
@Suite struct CastTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let source: DType, destination: DType, saturate: Bool
        let input: [UInt8], output: [UInt8]
        var testDescription: String { "\(saturate ? "saturate_cast" : "cast") \(source.name)→\(destination.name)" }
    }

    static func cases() throws -> [Case] {
        let root = try #require(try CoreGolden.json("cast") as? [String: Any])
        let rows = try #require(root["cases"] as? [[String: String]])
        return try rows.map { row in
            Case(source: try #require(DType(name: row["source"] ?? "")),
                 destination: try #require(DType(name: row["destination"] ?? "")),
                 saturate: row["mode"] == "saturate",
                 input: CoreGolden.bytes(hex: row["input"] ?? ""),
                 output: CoreGolden.bytes(hex: row["output"] ?? ""))
        }
    }

    @Test func goldenFileCoversEveryPair() throws {
        let all = try Self.cases()
        #expect(all.filter { !$0.saturate }.count == 15 * 15)
        #expect(all.filter(\.saturate).count > 100)
    }

    @Test(arguments: try cases())
    func matchesTensorFlowBitForBit(_ c: Case) throws {
        let sourceSize = try #require(c.source.byteSize)
        let count = c.input.count / sourceSize
        let x = try Tensor.fromBytes(c.input, dtype: c.source, count: count)
        let y = c.saturate ? try x.saturateCast(to: c.destination) : try x.cast(to: c.destination)
        #expect(y.dtype == c.destination)
        let got = try y.rawBytes
        if got != c.output {
            let size = try #require(c.destination.byteSize)
            let bad = (0..<count).filter { got[$0 * size..<($0 + 1) * size] != c.output[$0 * size..<($0 + 1) * size] }
            Issue.record("\(c.testDescription): elements \(bad) differ; input element bytes \(bad.map { CoreGolden.hex(c.input[$0 * sourceSize..<($0 + 1) * sourceSize]) }) got \(bad.map { CoreGolden.hex(got[$0 * size..<($0 + 1) * size]) }) want \(bad.map { CoreGolden.hex(c.output[$0 * size..<($0 + 1) * size]) })")
        }
    }

    @Test func stringsAndHandlesDoNotCast() throws {
        let s = try Tensor(strings: ["a"])
        #expect(throws: TensorError.self) { try s.cast(to: .float32) }
        #expect(throws: TensorError.self) { try Tensor(Float(1)).cast(to: .string) }
        #expect(try s.cast(to: .string).strings() == [[0x61]])
    }

    @Test func largeCastsSplitAcrossCoresGiveTheSameResult() throws {
        let n = 1 << 20
        let x = try Tensor((0..<n).map { Float($0) * 0.75 - 1000 }, shape: [n])
        let y = try x.cast(to: .int32).scalars(as: Int32.self)
        #expect(y == (0..<n).map { Int32(Float($0) * 0.75 - 1000) })
    }
}
