#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Host allocations for tensor data: 64-byte aligned, never trapping on failure, and
/// recycled when large.
///
/// Fresh pages are expensive: the kernel faults in and zeroes every 4 KiB page on first
/// touch, which costs several times the copy itself (about 350 ms per 256 MiB on the
/// reference machine, against 45 ms for a copy into warm pages). Like TensorFlow's and
/// PyTorch's CPU allocators, large blocks are therefore kept after their tensor dies and
/// handed to the next allocation of the same size class.
///
/// Large blocks (1 MiB and up) are mapped from the kernel directly rather than taken from
/// `malloc`: glibc keeps freed mid-sized chunks in its heaps, so a long run of varied sizes
/// would grow the process without bound. A mapped block goes back to the kernel whole. Fresh
/// mappings are already zero (so `zeroed` costs nothing), page aligned, and from 4 MiB on
/// 2 MiB aligned and advised to use transparent huge pages, as NumPy does for large arrays:
/// 512 times fewer page faults.
///
/// The cache keeps only what is in use: a block not reused within ``cacheIdleSeconds`` is
/// unmapped at the next allocation or release, and at most ``cacheLimit`` bytes are kept.
/// ``trim()`` returns everything at once.
public enum HostMemory {
    package static let alignment = 64
    /// Blocks at least this large are mapped and cached for reuse.
    static let cachedMinimum = 1 << 20
    /// The most bytes kept cached at once.
    public static let cacheLimit = 1 << 30
    /// How long a cached block may wait for reuse before it is returned to the system.
    public static let cacheIdleSeconds = 2.0

    private static let cache = Locked(BlockCache())

    /// Allocates at least `byteCount` bytes (zeroed on request). Give the memory back with
    /// ``release(_:byteCount:)``, never `free`: large blocks are not `malloc` memory.
    /// - Throws: ``TensorBridgeError`` (`.outOfMemory`) when the system refuses.
    package static func allocate(byteCount: Int, zeroed: Bool) throws -> UnsafeMutableRawPointer {
        guard byteCount >= cachedMinimum else {
            return try allocateSmall(byteCount: byteCount, zeroed: zeroed)
        }
        let size = sizeClass(byteCount)
        let (reused, stale) = cache.withLock { $0.take(size, now: monotonicSeconds(), maxIdle: cacheIdleSeconds) }
        unmap(stale)
        if let reused {
            if zeroed { parallelZero(reused, byteCount: byteCount) }
            return reused
        }
        return try map(size: size, requested: byteCount)
    }

    /// Gives memory from ``allocate(byteCount:zeroed:)`` back; `byteCount` is the size asked for.
    package static func release(_ pointer: UnsafeMutableRawPointer, byteCount: Int) {
        guard byteCount >= cachedMinimum else { return free(pointer) }
        let size = sizeClass(byteCount)
        let (kept, stale) = cache.withLock {
            $0.put(UInt(bitPattern: pointer), size: size, limit: cacheLimit, now: monotonicSeconds(), maxIdle: cacheIdleSeconds)
        }
        unmap(stale)
        if !kept { munmap(pointer, size) }
    }

    /// Returns every cached block to the system.
    public static func trim() {
        unmap(cache.withLock { $0.drain() })
    }

    /// Bytes currently cached for reuse.
    public static var cachedBytes: Int { cache.withLock { $0.total } }

    /// Rounds up to one of 8 steps per power of two (whole pages), so a reused block wastes
    /// under 12.5%.
    static func sizeClass(_ n: Int) -> Int {
        let top = Int.bitWidth - 1 - (n - 1).leadingZeroBitCount
        let step = max(1 << (top - 3), 4096)
        return (n + step - 1) / step * step
    }

    private static func allocateSmall(byteCount: Int, zeroed: Bool) throws -> UnsafeMutableRawPointer {
        let size = max(byteCount, 1)
        var p: UnsafeMutableRawPointer?
        guard posix_memalign(&p, alignment, size) == 0, let p else {
            throw TensorBridgeError.outOfMemory(bytes: byteCount, device: Device.cpu.name)
        }
        if zeroed { memset(p, 0, size) }
        return p
    }

    /// A fresh anonymous mapping of `size` bytes (a page multiple), zero-filled by the kernel.
    private static func map(size: Int, requested: Int) throws -> UnsafeMutableRawPointer {
        let huge = 2 << 20
        let align = size >= 2 * huge ? huge : 4096
        // Map `align` extra bytes, then unmap the ragged head and tail to leave an aligned block.
        let span = size + align - 4096
        guard let raw = mmap(nil, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), raw != MAP_FAILED else {
            throw TensorBridgeError.outOfMemory(bytes: requested, device: Device.cpu.name)
        }
        let start = UInt(bitPattern: raw)
        let aligned = (start + UInt(align) - 1) / UInt(align) * UInt(align)
        let head = Int(aligned - start), tail = span - head - size
        if head > 0 { munmap(raw, head) }
        let p = UnsafeMutableRawPointer(bitPattern: aligned)!
        if tail > 0 { munmap(p + size, tail) }
        #if os(Linux)
        if size >= 2 * huge {
            _ = madvise(p, size, 14)  // MADV_HUGEPAGE; advisory, failure is harmless
        }
        #endif
        return p
    }

    private static func unmap(_ blocks: [(address: UInt, size: Int)]) {
        for block in blocks {
            if let p = UnsafeMutableRawPointer(bitPattern: block.address) { munmap(p, block.size) }
        }
    }

    private static func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC_COARSE, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    private static func parallelZero(_ p: UnsafeMutableRawPointer, byteCount: Int) {
        let base = UnsafeSendable(p)
        Parallel.forEachChunk(count: byteCount, grain: 1 << 22) { range in
            memset(base.value + range.lowerBound, 0, range.count)
        }
    }
}

/// Free blocks by size class (addresses stored as integers so the cache is `Sendable`), each
/// class a stack with the most recently freed block on top.
struct BlockCache {
    private var blocks: [Int: [(address: UInt, freedAt: Double)]] = [:]
    private(set) var total = 0
    /// When idle blocks were last looked for: at most every 100 ms, so the scan stays cheap.
    private var lastSweep = 0.0

    /// A cached block of `size`, if any, and the blocks to unmap for having idled too long.
    mutating func take(_ size: Int, now: Double, maxIdle: Double) -> (UnsafeMutableRawPointer?, [(address: UInt, size: Int)]) {
        let stale = sweep(now: now, maxIdle: maxIdle)
        guard let block = blocks[size]?.popLast() else { return (nil, stale) }
        total -= size
        return (UnsafeMutableRawPointer(bitPattern: block.address), stale)
    }

    /// Caches a block unless that would pass `limit`; also returns the blocks to unmap.
    mutating func put(_ address: UInt, size: Int, limit: Int, now: Double, maxIdle: Double) -> (Bool, [(address: UInt, size: Int)]) {
        let stale = sweep(now: now, maxIdle: maxIdle)
        guard total + size <= limit else { return (false, stale) }
        blocks[size, default: []].append((address, now))
        total += size
        return (true, stale)
    }

    /// Removes and returns every block freed more than `maxIdle` seconds ago.
    private mutating func sweep(now: Double, maxIdle: Double) -> [(address: UInt, size: Int)] {
        guard now - lastSweep >= 0.1 else { return [] }
        lastSweep = now
        var stale: [(address: UInt, size: Int)] = []
        for (size, stack) in blocks {
            // Oldest first: the stack's bottom.
            let idle = stack.prefix { now - $0.freedAt > maxIdle }
            guard !idle.isEmpty else { continue }
            stale += idle.map { ($0.address, size) }
            total -= idle.count * size
            blocks[size] = stack.count == idle.count ? nil : Array(stack.dropFirst(idle.count))
        }
        return stale
    }

    mutating func drain() -> [(address: UInt, size: Int)] {
        defer { blocks = [:]; total = 0 }
        return blocks.flatMap { size, stack in stack.map { ($0.address, size) } }
    }
}
