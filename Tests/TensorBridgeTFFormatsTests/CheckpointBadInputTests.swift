import Foundation
import Testing
import TensorBridge
import TensorBridgeTestSupport
@testable import TensorBridgeTFFormats

/// Damaged checkpoints give typed errors, never a crash.
@Suite struct CheckpointBadInputTests {
    /// Copies the dtypes fixture into a temporary directory, lets `mutate` damage one file, and
    /// opens it.
    func damaged(_ file: String, _ mutate: (inout [UInt8]) -> Void, _ body: (String) throws -> Void) throws {
        try withTemporaryDirectory { dir in
            for name in ["all.index", "all.data-00000-of-00002", "all.data-00001-of-00002"] {
                var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: TFFixtures.path("dtypes/" + name))))
                if name == file { mutate(&bytes) }
                try Data(bytes).write(to: dir.appendingPathComponent(name))
            }
            try body(dir.appendingPathComponent("all").path)
        }
    }

    @Test func flippedDataByteFailsTheChecksumOfThatTensorOnly() throws {
        // float32 is the first tensor in the first shard (keys are split in sorted order).
        let reader = try CheckpointReader(path: TFFixtures.path("dtypes/all"))
        let f32 = try #require(reader.variable(named: "float32"))
        #expect(f32.shape == [2, 3])
        try damaged("all.data-00000-of-00002", { bytes in
            for i in bytes.indices { bytes[i] ^= 0x01 }
        }) { prefix in
            let damaged = try CheckpointReader(path: prefix)
            let error = try #require(throws: TensorBridgeError.self) { try damaged.tensor(named: "bfloat16") }
            #expect(error.code == .dataLoss)
            #expect(error.message.contains("Checksum does not match") || error.message.contains("checksum"))
            // The other shard is untouched and still reads.
            _ = try damaged.tensor(named: "uint8")
        }
    }

    @Test func damagedIndex() throws {
        try damaged("all.index", { $0[10] ^= 0xff }) { prefix in
            let error = try #require(throws: TensorBridgeError.self) { try CheckpointReader(path: prefix) }
            #expect(error.code == .dataLoss)
        }
        try damaged("all.index", { $0.removeLast(1) }) { prefix in
            #expect(throws: TensorBridgeError.self) { try CheckpointReader(path: prefix) }
        }
        try damaged("all.index", { $0 = Array($0.prefix(20)) }) { prefix in
            let error = try #require(throws: TensorBridgeError.self) { try CheckpointReader(path: prefix) }
            #expect(error.code == .truncated)
        }
        try damaged("all.index", { $0 = [] }) { prefix in
            #expect(throws: TensorBridgeError.self) { try CheckpointReader(path: prefix) }
        }
    }

    @Test func truncatedShard() throws {
        try damaged("all.data-00001-of-00002", { $0.removeLast(40) }) { prefix in
            let reader = try CheckpointReader(path: prefix)
            var failures = 0
            for v in reader.variables {
                do { _ = try reader.tensor(named: v.key) } catch let e as TensorBridgeError {
                    #expect(e.code == .truncated || e.code == .dataLoss)
                    failures += 1
                }
            }
            #expect(failures > 0)
        }
    }

    @Test func missingFiles() throws {
        let error = try #require(throws: TensorBridgeError.self) { try CheckpointReader(path: TFFixtures.path("nothing/here")) }
        #expect(error.code == .notFound)
        #expect(error.message.contains("Failed to find any matching files"))
        let dir = try #require(throws: TensorBridgeError.self) { try CheckpointReader(path: TFFixtures.path("tfrecord")) }
        #expect(dir.code == .notFound)
        try damaged("", { _ in }) { prefix in
            try FileManager.default.removeItem(atPath: prefix + ".data-00001-of-00002")
            let reader = try CheckpointReader(path: prefix)
            let missing = reader.variables.filter { v in (try? reader.tensor(named: v.key)) == nil }
            #expect(!missing.isEmpty)
        }
        #expect(throws: TensorBridgeError.self) { try CheckpointReader(path: TFFixtures.path("dtypes/all")).tensor(named: "no such tensor") }
    }

    @Test func snappyBlocksDecode() throws {
        // A block compressed by hand with literal and copy elements: "abcabcabcabc" is
        // literal "abc" then a 1-byte-offset copy of length 9.
        let compressed: [UInt8] = [12, 0x08, 0x61, 0x62, 0x63, (9 - 4) << 2 | 1, 3]
        let plain = try compressed.withUnsafeBytes { try Snappy.decompress($0, limit: 100, what: "test") }
        #expect(String(decoding: plain, as: UTF8.self) == "abcabcabcabc")
        #expect(throws: TensorBridgeError.self) { try [UInt8]([12, 0x08, 0x61, 0x62, 0x63, (9 - 4) << 2 | 1, 9]).withUnsafeBytes { try Snappy.decompress($0, limit: 100, what: "test") } }
        #expect(throws: TensorBridgeError.self) { try [UInt8]([0xff, 0xff, 0xff, 0xff, 0x0f]).withUnsafeBytes { try Snappy.decompress($0, limit: 100, what: "test") } }
    }
}
