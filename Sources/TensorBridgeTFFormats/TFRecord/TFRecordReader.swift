import TensorBridge

/// Reads a TFRecord file: per record a little-endian `uint64` length, the masked CRC32C of
/// those 8 bytes, the data, and the masked CRC32C of the data
/// (tensorflow/core/lib/io/record_reader.cc). Plain files are memory-mapped; GZIP and ZLIB
/// files are inflated as they are read, so files bigger than memory stream through.
///
/// A record whose checksum fails throws `TensorBridgeError` (code `.dataLoss`, TensorFlow's
/// "corrupted record at" message) with its byte offset and record number. With
/// `skipCorruptRecords`, such records are skipped and counted in ``corruptRecords`` instead: a
/// bad data checksum skips that record; a bad length checksum (the length cannot be trusted)
/// skips forward to the next position where a valid record header starts.
public final class TFRecordReader {
    /// The file being read.
    public let path: String
    /// Whether corrupt records are skipped (and counted) rather than thrown.
    public let skipCorruptRecords: Bool
    /// Records returned so far.
    public private(set) var recordsRead = 0
    /// Corrupt records (or corrupt stretches, when a length checksum failed) skipped so far.
    public private(set) var corruptRecords = 0
    /// The largest record a compressed file may hold (plain files are mapped, so any size
    /// that fits the file is read in place). Defaults to 2 GiB, TensorFlow's protobuf limit.
    public var maxRecordBytes = 1 << 31
    private let stream: RecordByteStream

    /// Opens `path`. `compression` defaults to what the file name suggests (`.gz`, `.zz`).
    public init(path: String, compression: TFRecordCompression? = nil, skipCorruptRecords: Bool = false) throws {
        self.path = path
        self.skipCorruptRecords = skipCorruptRecords
        stream = try RecordByteStream(path: path, compression: compression ?? TFRecordCompression(guessingFrom: path))
    }

    /// The next record's bytes, or nil at the end of the file.
    public func next() throws -> [UInt8]? {
        var out: [UInt8]? = nil
        _ = try nextView { out = Array($0) }
        return out
    }

    /// Calls `body` with each remaining record's bytes, viewed in place where possible (the
    /// view is valid only during the call). Returns the number of records.
    @discardableResult
    public func forEachRecord(_ body: (UnsafeRawBufferPointer) throws -> Void) throws -> Int {
        var n = 0
        while try nextView(body) { n += 1 }
        return n
    }

    /// Every remaining record.
    public func readAll() throws -> [[UInt8]] {
        var all: [[UInt8]] = []
        try forEachRecord { all.append(Array($0)) }
        return all
    }

    private func nextView(_ body: (UnsafeRawBufferPointer) throws -> Void) throws -> Bool {
        var resyncing = false
        while true {
            let offset = stream.position
            let header = try stream.peek(12)
            if header.count == 0 { return false }
            guard header.count == 12 else {
                if try skip(TensorBridgeError(.truncated, "truncated record at \(offset) in \(path) (record \(recordsRead)): the file ends inside a record header", byteOffset: offset, recordNumber: recordsRead), resyncing: resyncing) {
                    stream.advance(header.count)
                    return false
                }
                continue
            }
            let lengthBytes = UnsafeRawBufferPointer(rebasing: header[0..<8])
            let storedLengthCRC = header.loadUnaligned(fromByteOffset: 8, as: UInt32.self).littleEndian
            guard CRC32C.mask(CRC32C.checksum(lengthBytes)) == storedLengthCRC else {
                _ = try skip(TensorBridgeError(.dataLoss, "corrupted record at \(offset) in \(path) (record \(recordsRead)): the length checksum does not match", byteOffset: offset, recordNumber: recordsRead), resyncing: resyncing)
                resyncing = true
                stream.advance(1)
                continue
            }
            let length = header.loadUnaligned(fromByteOffset: 0, as: UInt64.self).littleEndian
            guard length <= UInt64(Int.max - 16) else {
                _ = try skip(TensorBridgeError(.dataLoss, "corrupted record at \(offset) in \(path) (record \(recordsRead)): length \(length) is impossible", byteOffset: offset, recordNumber: recordsRead), resyncing: resyncing)
                resyncing = true
                stream.advance(1)
                continue
            }
            if !stream.isMapped && length > UInt64(maxRecordBytes) {
                // A compressed record is inflated into memory: refuse one above the limit.
                throw TensorBridgeError(.limitExceeded, "record \(recordsRead) at \(offset) in \(path) claims \(length) bytes, above maxRecordBytes (\(maxRecordBytes))", byteOffset: offset, recordNumber: recordsRead)
            }
            let total = 12 + Int(length) + 4
            let record = try stream.peek(total)
            guard record.count == total else {
                if try skip(TensorBridgeError(.truncated, "truncated record at \(offset) in \(path) (record \(recordsRead)): \(length) bytes announced but only \(max(0, record.count - 12)) follow", byteOffset: offset, recordNumber: recordsRead), resyncing: resyncing) {
                    stream.advance(record.count)
                    return false
                }
                continue
            }
            let data = UnsafeRawBufferPointer(rebasing: record[12..<(12 + Int(length))])
            let storedDataCRC = record.loadUnaligned(fromByteOffset: 12 + Int(length), as: UInt32.self).littleEndian
            guard CRC32C.mask(CRC32C.checksum(data)) == storedDataCRC else {
                _ = try skip(TensorBridgeError(.dataLoss, "corrupted record at \(offset) in \(path) (record \(recordsRead)): the data checksum does not match", byteOffset: offset, recordNumber: recordsRead), resyncing: false)
                stream.advance(total)
                resyncing = false
                continue
            }
            try body(data)
            stream.advance(total)
            recordsRead += 1
            return true
        }
    }

    /// Throws `error` unless corrupt records are skipped; counts a skipped record once per
    /// corrupt stretch. Returns true when the caller should stop (end of file).
    private func skip(_ error: TensorBridgeError, resyncing: Bool) throws -> Bool {
        guard skipCorruptRecords else { throw error }
        if !resyncing { corruptRecords += 1 }
        return error.code == .truncated
    }
}
