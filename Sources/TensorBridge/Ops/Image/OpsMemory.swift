#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Output buffers for the ops' large results.
///
/// A fresh large allocation is fresh pages from the kernel, and the first write to each
/// 4 KiB page faults. For outputs of many megabytes that fault cost rivals the op itself, so
/// large buffers ask for transparent huge pages (512× fewer faults) where the kernel offers
/// them on request. The memory is otherwise an ordinary ``TensorBuffer``.
enum OpsMemory {
    static let hugePageThreshold = 4 << 20

    static func allocate(byteCount: Int) throws -> TensorBuffer {
        let buffer = try TensorBuffer.allocateHost(byteCount: byteCount)
        #if os(Linux)
        if byteCount >= hugePageThreshold {
            let huge = 2 << 20
            let start = (Int(bitPattern: buffer.baseAddress) + huge - 1) & ~(huge - 1)
            let end = (Int(bitPattern: buffer.baseAddress) + byteCount) & ~(huge - 1)
            if end > start, let p = UnsafeMutableRawPointer(bitPattern: start) {
                _ = madvise(p, end - start, 14)  // MADV_HUGEPAGE; advisory, failure is harmless
            }
        }
        #endif
        return buffer
    }
}
