#if canImport(Glibc)
import Glibc
#endif

/// Host buffers for large file data. Buffers of 4 MiB or more are advised to use
/// transparent huge pages (as NumPy does for its large arrays): filling 1 GiB then takes
/// 512 page faults instead of 262,144, which is most of the cost of a load from the page cache.
enum LargeBuffer {
    static func allocate(byteCount: Int) throws -> TensorBuffer {
        let buffer = try TensorBuffer.allocateHost(byteCount: byteCount)
        if byteCount >= 4 << 20 {
            let page = 2 << 20
            let start = (Int(bitPattern: buffer.baseAddress) + page - 1) / page * page
            let end = (Int(bitPattern: buffer.baseAddress) + byteCount) / page * page
            if end > start, let p = UnsafeMutableRawPointer(bitPattern: start) {
                _ = madvise(p, end - start, MADV_HUGEPAGE)
            }
        }
        return buffer
    }
}
