import TensorBridge

/// Reads every key and value of a table file (a checkpoint's `.index`) into memory, checking
/// each block's CRC32C, its restart array and the ascending order of its keys. Index files are
/// small (a few hundred bytes per tensor), so reading them whole keeps lookups simple.
struct TableReader {
    /// The entries in file order (ascending keys).
    private(set) var entries: [(key: [UInt8], value: [UInt8])] = []
    private var positions: [[UInt8]: Int] = [:]

    /// Parses `file`; `what` names it in errors.
    init(file: UnsafeRawBufferPointer, what: String) throws {
        guard file.count >= TableFormat.footerLength else {
            throw TensorBridgeError.truncated("\(what): \(file.count) bytes is too short for a table (the footer alone is \(TableFormat.footerLength))")
        }
        var footer = ByteCursor(UnsafeRawBufferPointer(rebasing: file[(file.count - TableFormat.footerLength)...]), what: "\(what) footer")
        let magic = UInt64(littleEndian: file.loadUnaligned(fromByteOffset: file.count - 8, as: UInt64.self))
        guard magic == TableFormat.magic else {
            throw TensorBridgeError.invalid("\(what): not a table file (bad magic number at the end); is this a checkpoint .index file?")
        }
        _ = try BlockHandle.decode(&footer, fileSize: file.count)  // the metaindex block holds nothing TensorFlow uses
        let indexHandle = try BlockHandle.decode(&footer, fileSize: file.count)
        let index = try Self.blockEntries(file: file, handle: indexHandle, what: "\(what) index block")
        var previous: [UInt8]? = nil
        for (_, handleBytes) in index {
            let handle = try handleBytes.withUnsafeBytes { raw -> BlockHandle in
                var c = ByteCursor(raw, what: "\(what) index entry")
                return try BlockHandle.decode(&c, fileSize: file.count)
            }
            for entry in try Self.blockEntries(file: file, handle: handle, what: "\(what) data block at \(handle.offset)") {
                if let previous, !previous.lexicographicallyPrecedes(entry.key) {
                    throw TensorBridgeError.dataLoss("\(what): keys are not in ascending order at \(String(decoding: entry.key, as: UTF8.self).debugDescription)")
                }
                previous = entry.key
                positions[entry.key] = entries.count
                entries.append(entry)
            }
        }
    }

    /// The value stored under `key`, if any.
    func value(for key: [UInt8]) -> [UInt8]? {
        positions[key].map { entries[$0].value }
    }

    /// Reads, checks and decodes one block.
    static func blockEntries(file: UnsafeRawBufferPointer, handle: BlockHandle, what: String) throws -> [(key: [UInt8], value: [UInt8])] {
        guard handle.offset <= file.count, handle.size <= file.count - handle.offset,
              TableFormat.trailerLength <= file.count - handle.offset - handle.size else {
            throw TensorBridgeError.truncated("\(what): block [\(handle.offset), +\(handle.size)) and its trailer run past the end of the \(file.count)-byte file")
        }
        let withType = UnsafeRawBufferPointer(rebasing: file[handle.offset..<(handle.offset + handle.size + 1)])
        let stored = UInt32(littleEndian: file.loadUnaligned(fromByteOffset: handle.offset + handle.size + 1, as: UInt32.self))
        let actual = CRC32C.checksum(withType)
        guard CRC32C.unmask(stored) == actual else {
            throw TensorBridgeError.dataLoss("\(what): block checksum mismatch (corrupted table block)")
        }
        let contents = UnsafeRawBufferPointer(rebasing: withType[..<(withType.startIndex + handle.size)])
        switch withType[handle.size] {
        case 0:
            return try decodeBlock(contents, what: what)
        case 1:
            let plain = try Snappy.decompress(contents, limit: max(1 << 20, handle.size &* 64), what: what)
            return try plain.withUnsafeBytes { try decodeBlock($0, what: what) }
        case let t:
            throw TensorBridgeError.unsupported("\(what): unknown block compression type \(t) (0 is none, 1 is snappy)")
        }
    }

    /// Splits block contents into entries: `shared`, `non_shared` and value length as varints,
    /// the key suffix, the value; then the restart offsets and their count.
    static func decodeBlock(_ block: UnsafeRawBufferPointer, what: String) throws -> [(key: [UInt8], value: [UInt8])] {
        guard block.count >= 4 else { throw TensorBridgeError.truncated("\(what): block of \(block.count) bytes has no restart count") }
        let restarts = Int(UInt32(littleEndian: block.loadUnaligned(fromByteOffset: block.count - 4, as: UInt32.self)))
        guard restarts <= (block.count - 4) / 4 else {
            throw TensorBridgeError.dataLoss("\(what): block claims \(restarts) restart points, more than its \(block.count) bytes hold")
        }
        let dataEnd = block.count - 4 - 4 * restarts
        var cursor = ByteCursor(UnsafeRawBufferPointer(rebasing: block[..<dataEnd]), what: what)
        var entries: [(key: [UInt8], value: [UInt8])] = []
        var key: [UInt8] = []
        while !cursor.atEnd {
            let shared = try cursor.length(limit: key.count, "shared key length")
            let unshared = try cursor.length(limit: cursor.remaining, "key length")
            let valueLength = try cursor.length(limit: cursor.remaining, "value length")
            key.removeSubrange(shared...)
            key.append(contentsOf: try cursor.take(unshared))
            entries.append((key, Array(try cursor.take(valueLength))))
        }
        return entries
    }
}
