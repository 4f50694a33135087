import Foundation

/// Writes an uncompressed ZIP archive (what `np.savez` makes) straight from tensor memory:
/// each member's bytes are hashed and written in one pass, then its local header is patched
/// with the CRC. Sizes and offsets use ZIP64 records where they do not fit in 32 bits, as
/// Python's `zipfile` does; local headers always carry the ZIP64 extra field, as NumPy asks
/// (`force_zip64=True`). ZIP layout: APPNOTE.TXT 6.3 (PKWARE), sections 4.3 and 4.5.
struct StoredZipWriter {
    private struct Member {
        let name: [UInt8]
        let offset: Int
        let size: Int
        let crc: UInt32
    }

    private let file: AtomicFile
    private var members: [Member] = []
    private var position = 0
    private let dosTime: UInt16, dosDate: UInt16

    init(file: AtomicFile, date: Date = Date()) {
        self.file = file
        let c = Calendar(identifier: .gregorian).dateComponents(in: .current, from: date)
        dosTime = UInt16(((c.hour ?? 0) << 11) | ((c.minute ?? 0) << 5) | ((c.second ?? 0) / 2))
        dosDate = UInt16(((max(1980, c.year ?? 1980) - 1980) << 9) | ((c.month ?? 1) << 5) | (c.day ?? 1))
    }

    /// Adds one member made of `parts` (written in order).
    mutating func add(name: String, parts: [UnsafeRawBufferPointer]) throws {
        let nameBytes = Array(name.utf8)
        let size = parts.reduce(0) { $0 + $1.count }
        let headerOffset = position
        var header = local(name: nameBytes, crc: 0, size: size)
        try file.write(header, at: position)
        position += header.count
        var crc = CRC32()
        let progress = WriteProgress.current
        for part in parts where part.count > 0 {
            guard let base = part.baseAddress else { continue }
            // Hash and write in slices, so each slice is still in cache when it is written.
            var done = 0
            while done < part.count {
                let n = min(part.count - done, 8 << 20)
                let slice = UnsafeRawBufferPointer(start: base + done, count: n)
                crc.update(slice)
                try WriteProgress.$current.withValue(nil) { try file.write(base + done, count: n, at: position) }
                progress?.add(n)
                position += n
                done += n
            }
        }
        header = local(name: nameBytes, crc: crc.value, size: size)
        try file.write(header, at: headerOffset)
        members.append(Member(name: nameBytes, offset: headerOffset, size: size, crc: crc.value))
    }

    /// Writes the central directory and the end records.
    func finish() throws {
        var directory: [UInt8] = []
        for m in members {
            var extra: [UInt8] = []
            if m.size >= 0xFFFF_FFFF { extra += le64(m.size) + le64(m.size) }
            if m.offset >= 0xFFFF_FFFF { extra += le64(m.offset) }
            if !extra.isEmpty { extra = le16(0x0001) + le16(extra.count) + extra }
            let small = m.size < 0xFFFF_FFFF
            directory += le32(0x0201_4B50) + le16(0x032D) + le16(45) + le16(utf8Flag(m.name)) + le16(0)
            directory += le16(Int(dosTime)) + le16(Int(dosDate)) + le32(Int(m.crc))
            directory += le32(small ? m.size : 0xFFFF_FFFF) + le32(small ? m.size : 0xFFFF_FFFF)
            directory += le16(m.name.count) + le16(extra.count) + le16(0) + le16(0) + le16(0)
            directory += le32(0o100644 << 16) + le32(m.offset < 0xFFFF_FFFF ? m.offset : 0xFFFF_FFFF)
            directory += m.name + extra
        }
        let start = position
        var end: [UInt8] = []
        let needs64 = members.count >= 0xFFFF || start >= 0xFFFF_FFFF || directory.count >= 0xFFFF_FFFF
        if needs64 {
            let record = start + directory.count
            end += le32(0x0606_4B50) + le64(44) + le16(45) + le16(45) + le32(0) + le32(0)
            end += le64(members.count) + le64(members.count) + le64(directory.count) + le64(start)
            end += le32(0x0706_4B50) + le32(0) + le64(record) + le32(1)
        }
        end += le32(0x0605_4B50) + le16(0) + le16(0)
        end += le16(min(members.count, 0xFFFF)) + le16(min(members.count, 0xFFFF))
        end += le32(min(directory.count, 0xFFFF_FFFF)) + le32(min(start, 0xFFFF_FFFF)) + le16(0)
        try file.write(directory + end, at: start)
    }

    private func local(name: [UInt8], crc: UInt32, size: Int) -> [UInt8] {
        var out = le32(0x0403_4B50) + le16(45) + le16(utf8Flag(name)) + le16(0) + le16(Int(dosTime)) + le16(Int(dosDate))
        out += le32(Int(crc)) + le32(0xFFFF_FFFF) + le32(0xFFFF_FFFF) + le16(name.count) + le16(20)
        out += name + le16(0x0001) + le16(16) + le64(size) + le64(size)
        return out
    }

    /// General-purpose flag bit 11: the name is UTF-8 (set only for non-ASCII names, as Python does).
    private func utf8Flag(_ name: [UInt8]) -> Int { name.contains { $0 >= 0x80 } ? 0x800 : 0 }

    private func le16(_ v: Int) -> [UInt8] { [UInt8(truncatingIfNeeded: v), UInt8(truncatingIfNeeded: v >> 8)] }
    private func le32(_ v: Int) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
    private func le64(_ v: Int) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
}
