/// CRC-32 (ISO-HDLC, reflected polynomial 0xEDB88320), as ZIP stores it, computed eight bytes
/// at a time ("slicing-by-8") so that hashing keeps up with writing.
struct CRC32 {
    private(set) var value: UInt32 = 0

    private static let tables: [[UInt32]] = {
        var tables = [[UInt32]](repeating: [UInt32](repeating: 0, count: 256), count: 8)
        for i in 0..<256 {
            var c = UInt32(i)
            for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            tables[0][i] = c
        }
        for i in 0..<256 {
            for t in 1..<8 { tables[t][i] = (tables[t - 1][i] >> 8) ^ tables[0][Int(tables[t - 1][i] & 0xFF)] }
        }
        return tables
    }()

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        var c = ~value
        Self.tables.withUnsafeBufferPointer { tables in
            let flat = (0..<8).map { tables[$0] }
            flat[0].withUnsafeBufferPointer { t0 in flat[1].withUnsafeBufferPointer { t1 in
            flat[2].withUnsafeBufferPointer { t2 in flat[3].withUnsafeBufferPointer { t3 in
            flat[4].withUnsafeBufferPointer { t4 in flat[5].withUnsafeBufferPointer { t5 in
            flat[6].withUnsafeBufferPointer { t6 in flat[7].withUnsafeBufferPointer { t7 in
                var i = 0
                let n = bytes.count
                while i + 8 <= n {
                    let word = (base + i).loadUnaligned(as: UInt64.self).littleEndian
                    let lo = UInt32(truncatingIfNeeded: word) ^ c
                    let hi = UInt32(truncatingIfNeeded: word >> 32)
                    c = t7[Int(lo & 0xFF)] ^ t6[Int((lo >> 8) & 0xFF)] ^ t5[Int((lo >> 16) & 0xFF)] ^ t4[Int(lo >> 24)]
                        ^ t3[Int(hi & 0xFF)] ^ t2[Int((hi >> 8) & 0xFF)] ^ t1[Int((hi >> 16) & 0xFF)] ^ t0[Int(hi >> 24)]
                    i += 8
                }
                let p = base.assumingMemoryBound(to: UInt8.self)
                while i < n {
                    c = t0[Int((c ^ UInt32(p[i])) & 0xFF)] ^ (c >> 8)
                    i += 1
                }
            } } } } } } } }
        }
        value = ~c
    }
}
