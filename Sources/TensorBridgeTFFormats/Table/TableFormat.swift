/// Constants and small structures of TensorFlow's table format (tensorflow/core/lib/io/format.h,
/// derived from LevelDB): blocks of prefix-compressed keys with restart points, each followed by
/// a 5-byte trailer (compression type, masked CRC32C), an index block, and a 48-byte footer.
enum TableFormat {
    /// The footer's last 8 bytes (little-endian).
    static let magic: UInt64 = 0xdb47_7524_8b80_fb57
    /// Two block handles of at most 20 bytes each, padded, then the magic number.
    static let footerLength = 48
    /// Compression type byte plus the masked CRC32C.
    static let trailerLength = 5
    /// TensorFlow's default `table::Options::block_size`.
    static let blockSize = 262_144
    /// TensorFlow's default `table::Options::block_restart_interval`.
    static let restartInterval = 16
}

/// Where a block lies in the file: varint64 offset and size.
struct BlockHandle: Equatable {
    var offset: Int
    var size: Int

    static func decode(_ cursor: inout ByteCursor, fileSize: Int) throws -> BlockHandle {
        let offset = try cursor.length(limit: fileSize, "block offset")
        let size = try cursor.length(limit: fileSize, "block size")
        return BlockHandle(offset: offset, size: size)
    }

    func encode(into out: inout [UInt8]) {
        out.appendVarint(UInt64(offset))
        out.appendVarint(UInt64(size))
    }
}
