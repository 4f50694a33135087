import Foundation
import Testing
import TensorBridge
@testable import TensorBridgeTFFormats

/// Large batches are split into runs parsed on several cores and joined in order: the result
/// and the error reported must be the same as parsing record by record.
@Suite struct ExampleParserBatchTests {
    /// The fixture's five records (every feature kind, a missing optional feature, empty
    /// lists) repeated into a batch of 2,005.
    static let batch: [[UInt8]] = Array(repeating: ExampleParserTests.records, count: 401).flatMap { $0 }

    static func bytes(_ t: Tensor) throws -> [UInt8] {
        t.dtype == .string ? try t.strings().flatMap { [UInt8(truncatingIfNeeded: $0.count)] + $0 } : try t.withUnsafeBytes { Array($0) }
    }

    @Test(arguments: [2, 3, 7])
    func splitRunsGiveTheSameTensorsAsOneRun(runs: Int) throws {
        #expect(Self.batch.count == 2005)
        let one = try ExampleParser.parse(Self.batch, features: ExampleParserTests.spec, runs: 1)
        let split = try ExampleParser.parse(Self.batch, features: ExampleParserTests.spec, runs: runs)
        let inOrder = try ExampleParser.parse(Self.batch, features: ExampleParserTests.spec, runs: runs, concurrently: false)
        #expect(try Self.bytes(#require(inOrder.sparse["tags"]).values) == Self.bytes(#require(split.sparse["tags"]).values))
        #expect(Set(split.dense.keys) == Set(one.dense.keys))
        #expect(Set(split.sparse.keys) == Set(one.sparse.keys))
        for (key, t) in one.dense {
            let s = try #require(split.dense[key])
            #expect(s.dtype == t.dtype && s.shape.dimensions == t.shape.dimensions, "\(key)")
            #expect(try Self.bytes(s) == Self.bytes(t), "\(key)")
        }
        for (key, t) in one.sparse {
            let s = try #require(split.sparse[key])
            for (a, b, part) in [(s.indices, t.indices, "indices"), (s.values, t.values, "values"), (s.denseShape, t.denseShape, "dense_shape")] {
                #expect(a.dtype == b.dtype && a.shape.dimensions == b.shape.dimensions, "\(key)/\(part)")
                #expect(try Self.bytes(a) == Self.bytes(b), "\(key)/\(part)")
            }
        }
    }

    /// Record by record, each Example of the batch parses to the fixture record TensorFlow parsed.
    @Test func oneRunMatchesEachRecordAlone() throws {
        let whole = try ExampleParser.parse(Self.batch, features: ExampleParserTests.spec, runs: 1)
        let first = try ExampleParser.parse(ExampleParserTests.records, features: ExampleParserTests.spec)
        let score = try #require(whole.dense["score"]), firstScore = try #require(first.dense["score"])
        #expect(score.shape.dimensions == [2005, 2])
        let all = try score.scalars(as: Float.self), five = try firstScore.scalars(as: Float.self)
        #expect(all == Array(repeating: five, count: 401).flatMap { $0 })
        let tokens = try #require(whole.sparse["tokens"])
        #expect(try tokens.denseShape.scalars(as: Int64.self) == [2005, 4])
        // Record 2004 is fixture record 4, tokens [0, 1, 2, 3]: the last four index pairs.
        #expect(try tokens.indices.scalars(as: Int64.self).suffix(8) == [2004, 0, 2004, 1, 2004, 2, 2004, 3])
    }

    /// Two bad records in different runs: the earlier one is reported, as in order.
    @Test(arguments: [1, 2, 4])
    func theFirstBadRecordIsReported(runs: Int) throws {
        var records = Self.batch
        records[1700].removeLast(3)  // truncated
        records[1200] = []  // an empty Example lacks the required "id"
        let error = try #require(throws: TensorBridgeError.self) {
            try ExampleParser.parse(records, features: ExampleParserTests.spec, runs: runs)
        }
        #expect(error.message.contains("Feature: id (data type: int64) is required but could not be found (record 1200)"), "\(error.message)")
        records[1200] = Self.batch[1200]
        let truncated = try #require(throws: TensorBridgeError.self) {
            try ExampleParser.parse(records, features: ExampleParserTests.spec, runs: runs)
        }
        #expect(truncated.code == .invalidFormat)
        #expect(truncated.message.contains("record 1700"), "\(truncated.message)")
    }
}
