import TensorBridge

/// Writes a table file the way TensorFlow's `table::TableBuilder` does with its default
/// options and no compression: data blocks of about 256 KiB with a restart point every 16 keys,
/// an empty metaindex block, an index block keyed by each data block's last key, and the footer.
struct TableWriter {
    private(set) var bytes: [UInt8] = []
    private var block = BlockBuilder(restartInterval: TableFormat.restartInterval)
    private var index = BlockBuilder(restartInterval: 1)
    private var lastKey: [UInt8]? = nil

    /// Adds an entry; keys must come in strictly ascending byte order.
    mutating func add(key: [UInt8], value: [UInt8]) throws {
        if let lastKey, !lastKey.lexicographicallyPrecedes(key) {
            throw TensorBridgeError.invalidArgument("table keys must be added in ascending order; \(String(decoding: key, as: UTF8.self).debugDescription) comes after \(String(decoding: lastKey, as: UTF8.self).debugDescription)")
        }
        block.add(key: key, value: value)
        lastKey = key
        if block.estimatedSize >= TableFormat.blockSize { flush() }
    }

    /// Ends the table and returns the file's bytes.
    mutating func finish() -> [UInt8] {
        flush()
        var meta = BlockBuilder(restartInterval: TableFormat.restartInterval)
        let metaHandle = writeBlock(meta.finish())
        let indexHandle = writeBlock(index.finish())
        var footer: [UInt8] = []
        metaHandle.encode(into: &footer)
        indexHandle.encode(into: &footer)
        footer += [UInt8](repeating: 0, count: 40 - footer.count)
        footer.appendFixed64(TableFormat.magic)
        bytes += footer
        return bytes
    }

    private mutating func flush() {
        guard !block.isEmpty, let lastKey else { return }
        let handle = writeBlock(block.finish())
        var encoded: [UInt8] = []
        handle.encode(into: &encoded)
        index.add(key: lastKey, value: encoded)
        block = BlockBuilder(restartInterval: TableFormat.restartInterval)
    }

    private mutating func writeBlock(_ contents: [UInt8]) -> BlockHandle {
        let handle = BlockHandle(offset: bytes.count, size: contents.count)
        bytes += contents
        bytes.append(0)  // kNoCompression
        let crc = CRC32C.checksum(contents + [0])
        bytes.appendFixed32(CRC32C.mask(crc))
        return handle
    }
}

/// One block under construction: prefix-compressed entries, then the restart offsets.
struct BlockBuilder {
    let restartInterval: Int
    private var buffer: [UInt8] = []
    private var restarts: [UInt32] = [0]
    private var counter = 0
    private var lastKey: [UInt8] = []

    init(restartInterval: Int) { self.restartInterval = restartInterval }

    var isEmpty: Bool { buffer.isEmpty }
    var estimatedSize: Int { buffer.count + 4 * restarts.count + 4 }

    mutating func add(key: [UInt8], value: [UInt8]) {
        var shared = 0
        if counter < restartInterval {
            let limit = min(lastKey.count, key.count)
            while shared < limit && lastKey[shared] == key[shared] { shared += 1 }
        } else {
            restarts.append(UInt32(buffer.count))
            counter = 0
        }
        buffer.appendVarint(UInt64(shared))
        buffer.appendVarint(UInt64(key.count - shared))
        buffer.appendVarint(UInt64(value.count))
        buffer += key[shared...]
        buffer += value
        lastKey = key
        counter += 1
    }

    mutating func finish() -> [UInt8] {
        var out = buffer
        for r in restarts { out.appendFixed32(r) }
        out.appendFixed32(UInt32(restarts.count))
        return out
    }
}
