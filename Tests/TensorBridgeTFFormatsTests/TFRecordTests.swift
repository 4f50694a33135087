import TensorBridge
import Foundation
import Testing
import TensorBridgeTestSupport
@testable import TensorBridgeTFFormats

/// TFRecord files written by TensorFlow 2.21 (plain, GZIP, ZLIB) read back with the records
/// `tf.data.TFRecordDataset` gives, and our own files read back by us.
@Suite struct TFRecordTests {
    static var files: [String: [String: Any]] { TFFixtures.section("tfrecord")["files"] as? [String: [String: Any]] ?? [:] }

    static func records(_ name: String) -> [[UInt8]] {
        (files[name]?["records"] as? [String] ?? []).map(Hex.decode)
    }

    @Test(arguments: ["examples.tfrecord", "examples.tfrecord.gz", "examples.tfrecord.zz"])
    func readsTensorFlowFiles(name: String) throws {
        let expected = Self.records(name)
        #expect(expected.count == 5)
        let reader = try TFRecordReader(path: TFFixtures.path("tfrecord/" + name))
        #expect(try reader.readAll() == expected)
        #expect(reader.recordsRead == 5)
        #expect(reader.corruptRecords == 0)
    }

    @Test(arguments: TFRecordCompression.allCases)
    func writesAndReadsBack(compression: TFRecordCompression) throws {
        let records = Self.records("examples.tfrecord") + [[], [UInt8](repeating: 7, count: 100_000)]
        try withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("out.tfrecord").path
            var writer = try TFRecordWriter(path: path, compression: compression)
            for r in records { try writer.write(r) }
            try writer.finish()
            let back = try TFRecordReader(path: path, compression: compression).readAll()
            #expect(back == records)
            if compression == .none {
                // Plain framing is deterministic: the same records give TensorFlow's exact bytes.
                var plain = try TFRecordWriter(path: path + ".5")
                for r in records.prefix(5) { try plain.write(r) }
                try plain.finish()
                let ours = try Data(contentsOf: URL(fileURLWithPath: path + ".5"))
                let theirs = try Data(contentsOf: URL(fileURLWithPath: TFFixtures.path("tfrecord/examples.tfrecord")))
                #expect(ours == theirs)
            }
        }
    }

    @Test func unfinishedWriterLeavesNoFile() throws {
        try withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("never.tfrecord").path
            do {
                var writer = try TFRecordWriter(path: path)
                try writer.write([1, 2, 3])
                _ = consume writer
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
        }
    }

    /// Byte offsets of each record in the plain fixture (16 bytes of framing per record).
    static func offsets() -> [Int] {
        var out: [Int] = []
        var at = 0
        for r in records("examples.tfrecord") { out.append(at); at += 16 + r.count }
        return out
    }

    func corrupted(_ mutate: (inout [UInt8]) -> Void, _ body: (String) throws -> Void) throws {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: TFFixtures.path("tfrecord/examples.tfrecord"))))
        mutate(&bytes)
        try withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("bad.tfrecord").path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            try body(path)
        }
    }

    @Test func corruptDataNamesOffsetAndRecord() throws {
        let offsets = Self.offsets()
        let expected = Self.records("examples.tfrecord")
        try corrupted({ $0[offsets[2] + 12 + 3] ^= 0x40 }) { path in
            let error = try #require(throws: TensorBridgeError.self) { try TFRecordReader(path: path).readAll() }
            #expect(error.code == .dataLoss)
            #expect(error.byteOffset == offsets[2])
            #expect(error.recordNumber == 2)
            #expect(error.message.contains("corrupted record at \(offsets[2])"))
            let skipping = try TFRecordReader(path: path, skipCorruptRecords: true)
            #expect(try skipping.readAll() == [expected[0], expected[1], expected[3], expected[4]])
            #expect(skipping.corruptRecords == 1)
        }
    }

    @Test func corruptLengthResynchronisesWhenSkipping() throws {
        let offsets = Self.offsets()
        let expected = Self.records("examples.tfrecord")
        try corrupted({ $0[offsets[1]] ^= 0x01 }) { path in
            let error = try #require(throws: TensorBridgeError.self) { try TFRecordReader(path: path).readAll() }
            #expect(error.byteOffset == offsets[1])
            #expect(error.recordNumber == 1)
            let skipping = try TFRecordReader(path: path, skipCorruptRecords: true)
            #expect(try skipping.readAll() == [expected[0], expected[2], expected[3], expected[4]])
            #expect(skipping.corruptRecords == 1)
        }
    }

    @Test func truncatedFile() throws {
        let offsets = Self.offsets()
        try corrupted({ $0.removeLast(5) }) { path in
            let error = try #require(throws: TensorBridgeError.self) { try TFRecordReader(path: path).readAll() }
            #expect(error.code == .truncated)
            #expect(error.byteOffset == offsets[4])
            #expect(error.recordNumber == 4)
            let skipping = try TFRecordReader(path: path, skipCorruptRecords: true)
            #expect(try skipping.readAll().count == 4)
            #expect(skipping.corruptRecords == 1)
        }
    }

    @Test func compressedRecordAboveTheLimit() throws {
        try withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("big.tfrecord.gz").path
            var writer = try TFRecordWriter(path: path)
            try writer.write([UInt8](repeating: 1, count: 100))
            try writer.finish()
            let reader = try TFRecordReader(path: path)
            reader.maxRecordBytes = 50
            let error = try #require(throws: TensorBridgeError.self) { try reader.readAll() }
            #expect(error.code == .limitExceeded)
            #expect(error.recordNumber == 0)
        }
    }

    @Test func corruptCompressedStream() throws {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: TFFixtures.path("tfrecord/examples.tfrecord.gz"))))
        try withTemporaryDirectory { dir in
            let truncated = dir.appendingPathComponent("cut.tfrecord.gz").path
            try Data(bytes.prefix(bytes.count / 2)).write(to: URL(fileURLWithPath: truncated))
            #expect(throws: TensorBridgeError.self) { try TFRecordReader(path: truncated).readAll() }
            bytes[20] ^= 0xff
            bytes[21] ^= 0xff
            let garbled = dir.appendingPathComponent("bad.tfrecord.gz").path
            try Data(bytes).write(to: URL(fileURLWithPath: garbled))
            #expect(throws: TensorBridgeError.self) { try TFRecordReader(path: garbled).readAll() }
        }
    }
}
