import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Output buffers for the ops' large results (random, image and sparse ops share it).
///
/// A fresh large allocation is fresh pages from the kernel, and the first write to each
/// 4 KiB page faults; for outputs of many megabytes that costs more than the op. So large
/// buffers (≥ 4 MiB) ask for transparent huge pages (512× fewer faults), and when the last
/// tensor using one dies its memory goes to a small pool (at most 8 blocks, 1 GiB in all)
/// that the next large output of a similar size reuses, warm — what TensorFlow's pooling
/// allocators do. Smaller buffers are ordinary ``TensorBuffer`` host memory. The returned
/// buffer is uninitialised and owned by the tensor that wraps it.
enum OpsMemory {
    static let largeThreshold = 4 << 20
    static let poolLimitBytes = 1 << 30
    static let poolLimitBlocks = 8

    private struct Block: @unchecked Sendable {
        let address: UnsafeMutableRawPointer
        let capacity: Int
    }

    private static let pool = Mutex<[Block]>([])

    static func allocate(byteCount: Int) throws -> TensorBuffer {
        guard byteCount >= largeThreshold else { return try TensorBuffer.allocateHost(byteCount: byteCount) }
        // Reuse the smallest pooled block that fits without wasting more than half of it.
        let reused = pool.withLock { blocks -> Block? in
            let fits = blocks.indices.filter { blocks[$0].capacity >= byteCount && blocks[$0].capacity <= 2 * byteCount }
            guard let best = fits.min(by: { blocks[$0].capacity < blocks[$1].capacity }) else { return nil }
            return blocks.remove(at: best)
        }
        let block: Block
        if let reused {
            block = reused
        } else {
            let address = try HostMemory.allocate(byteCount: byteCount, zeroed: false)
            adviseHugePages(address, byteCount: byteCount)
            block = Block(address: address, capacity: byteCount)
        }
        let capacity = block.capacity
        return TensorBuffer(baseAddress: block.address, byteCount: byteCount, device: .cpu, release: .custom { address in
            OpsMemory.recycle(Block(address: address, capacity: capacity))
        })
    }

    private static func recycle(_ block: Block) {
        let evicted = pool.withLock { blocks -> [Block] in
            blocks.append(block)
            var evicted: [Block] = []
            // Oldest first out, until within both limits.
            while blocks.count > poolLimitBlocks || blocks.reduce(0, { $0 + $1.capacity }) > poolLimitBytes {
                evicted.append(blocks.removeFirst())
            }
            return evicted
        }
        for b in evicted { free(b.address) }
    }

    private static func adviseHugePages(_ address: UnsafeMutableRawPointer, byteCount: Int) {
        #if os(Linux)
        let huge = 2 << 20
        let start = (Int(bitPattern: address) + huge - 1) & ~(huge - 1)
        let end = (Int(bitPattern: address) + byteCount) & ~(huge - 1)
        if end > start, let p = UnsafeMutableRawPointer(bitPattern: start) {
            _ = madvise(p, end - start, 14)  // MADV_HUGEPAGE; advisory, failure is harmless
        }
        #endif
    }
}
