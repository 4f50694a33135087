import TensorBridge
import Foundation
import _CTensorBridgeTFFormats
#if canImport(Glibc)
import Glibc
#endif

/// Writes a TFRecord file that `tf.data.TFRecordDataset` reads, optionally GZIP or ZLIB
/// compressed. Records go to a temporary file next to `path`, renamed into place by
/// ``finish()``; a writer dropped without finishing removes it, so no partial file is left.
public struct TFRecordWriter: ~Copyable {
    private let path: String
    private let file: TemporaryFile
    private let deflater: OpaquePointer?
    private var pending: [UInt8] = []
    /// Records written so far.
    public private(set) var recordCount = 0

    /// Creates the writer. `compression` defaults to what the file name suggests.
    public init(path: String, compression: TFRecordCompression? = nil) throws {
        let mode = compression ?? TFRecordCompression(guessingFrom: path)
        var deflater: OpaquePointer? = nil
        if mode != .none {
            guard let z = tb_deflate_new(mode.windowBits, -1) else { throw TensorBridgeError.io("cannot start zlib for \(path)") }
            deflater = z
        }
        let file: TemporaryFile
        do {
            file = try TemporaryFile(next: path)
        } catch {
            if let deflater { tb_zstream_free(deflater) }
            throw error
        }
        self.path = path
        self.file = file
        self.deflater = deflater
        pending.reserveCapacity(1 << 20)
    }

    /// Appends one record (its framing and checksums are added here).
    public mutating func write(_ record: [UInt8]) throws {
        try record.withUnsafeBytes { try write(bytes: $0) }
    }

    /// Appends one record from raw bytes.
    public mutating func write(bytes record: UnsafeRawBufferPointer) throws {
        var header: [UInt8] = []
        header.appendFixed64(UInt64(record.count))
        let lengthCRC = CRC32C.mask(CRC32C.checksum(header))
        header.appendFixed32(lengthCRC)
        pending += header
        pending += record
        pending.appendFixed32(CRC32C.mask(CRC32C.checksum(record)))
        recordCount += 1
        if pending.count >= 1 << 20 { try flush(final: false) }
    }

    /// Flushes, ends the compressed stream, syncs and renames the file into place.
    public consuming func finish() throws {
        try flush(final: true)
        try file.sync()
        try file.rename(to: path)
    }

    private mutating func flush(final: Bool) throws {
        guard let deflater else {
            try file.write(pending)
            pending.removeAll(keepingCapacity: true)
            return
        }
        var out = [UInt8](repeating: 0, count: 1 << 18)
        var offset = 0
        while true {
            var consumed = 0, produced = 0
            let r = pending.withUnsafeBytes { src in
                out.withUnsafeMutableBytes { dst in
                    tb_zstream_run(deflater, src.baseAddress.map { $0 + offset }, src.count - offset, &consumed,
                                   dst.baseAddress, dst.count, &produced, final ? 1 : 0)
                }
            }
            guard r >= 0 else { throw TensorBridgeError.io("zlib failed while compressing \(path) (\(r))") }
            offset += consumed
            if produced > 0 { try out.withUnsafeBytes { try file.write(UnsafeRawBufferPointer(rebasing: $0[..<produced])) } }
            if final ? r == 1 : (offset == pending.count && produced < out.count) { break }
        }
        pending.removeAll(keepingCapacity: true)
    }

    deinit {
        if let deflater { tb_zstream_free(deflater) }
    }
}
