import TensorBridge

/// Counters of a CUDA device's caching allocator (``CUDABackend/memoryStats(for:)``), for
/// benchmarks and leak checks.
public struct CachingPoolStats: Sendable, Equatable, CustomStringConvertible {
    /// Blocks handed out and not yet released, and their size-class bytes.
    public var liveBlocks = 0, liveBytes = 0
    /// Blocks kept for reuse, and their bytes.
    public var cachedBlocks = 0, cachedBytes = 0
    /// The most bytes live at once.
    public var peakLiveBytes = 0
    /// Requests served from the cache, and those that went to the system allocator.
    public var cacheHits = 0, cacheMisses = 0
    /// Calls to the system allocator and its free function.
    public var systemAllocations = 0, systemFrees = 0
    /// System allocations that failed, then succeeded after the cache was trimmed.
    public var retriesAfterTrim = 0

    /// All zero.
    public init() {}

    public var description: String {
        "live \(liveBlocks) blocks / \(liveBytes) B (peak \(peakLiveBytes) B), cached \(cachedBlocks) / \(cachedBytes) B, "
            + "hits \(cacheHits), misses \(cacheMisses), system alloc \(systemAllocations), free \(systemFrees)"
    }
}

/// A thread-safe caching allocator over an expensive system allocator (`cuMemAlloc`,
/// `cuMemAllocHost`): released blocks are kept by size class and handed to the next request
/// of that class, up to `cacheLimit` bytes; beyond that they are freed.
///
/// Like PyTorch's CUDA allocator, reuse is safe without events because every user of a
/// device's memory runs on that device's one stream, in order. On an allocation failure the
/// cache is freed and the allocation retried once.
package final class CachingPool: Sendable {
    /// The most bytes kept cached.
    package let cacheLimit: Int
    private let systemAllocate: @Sendable (Int) throws -> UInt64
    private let systemFree: @Sendable (UInt64) -> Void
    private let state = Locked(PoolState())

    /// - Parameters:
    ///   - cacheLimit: the most released bytes kept cached for reuse; blocks released beyond it
    ///     are freed (negative counts as 0).
    ///   - systemAllocate: allocates exactly the size-class bytes it is given, or throws.
    ///   - systemFree: frees an address `systemAllocate` returned.
    package init(cacheLimit: Int, systemAllocate: @escaping @Sendable (Int) throws -> UInt64,
                systemFree: @escaping @Sendable (UInt64) -> Void) {
        self.cacheLimit = max(0, cacheLimit)
        self.systemAllocate = systemAllocate
        self.systemFree = systemFree
    }

    /// The size class of a request: multiples of 512 B below 1 MiB, otherwise 8 steps per
    /// power of two (under 12.5% waste). Zero bytes get the smallest class, so every block has
    /// a distinct non-null address.
    /// - Throws: `TensorBridgeError` (`.invalidArgument`) for negative or absurdly large sizes.
    package static func sizeClass(_ bytes: Int) throws(TensorBridgeError) -> Int {
        guard bytes >= 0, bytes <= 1 << 60 else { throw .invalidArgument("cannot allocate \(bytes) bytes") }
        let n = max(bytes, 1)
        let step: Int
        if n < 1 << 20 {
            step = 512
        } else {
            let top = Int.bitWidth - 1 - (n - 1).leadingZeroBitCount
            step = 1 << (top - 3)
        }
        return (n + step - 1) / step * step
    }

    /// A block of at least `bytes`; returns its address and size class.
    package func allocate(_ bytes: Int) throws -> (address: UInt64, size: Int) {
        let size = try Self.sizeClass(bytes)
        if let address = state.withLock({ $0.take(size) }) { return (address, size) }
        let address: UInt64
        do {
            address = try systemAllocate(size)
        } catch {
            // Cached blocks of other sizes may be what the device is missing: free them, retry once.
            guard trim() > 0 else { throw error }
            address = try systemAllocate(size)
            state.withLock { $0.stats.retriesAfterTrim += 1 }
        }
        state.withLock { $0.adopt(address, size: size) }
        return (address, size)
    }

    /// Returns a block from ``allocate(_:)``. Unknown addresses are ignored (and counted nowhere).
    package func release(_ address: UInt64) {
        let evicted = state.withLock { $0.release(address, limit: cacheLimit) }
        if let evicted {
            systemFree(evicted)
            state.withLock { $0.stats.systemFrees += 1 }
        }
    }

    /// The size class of a live block at `address`, or `nil` when it is not one of this pool's.
    package func liveSize(of address: UInt64) -> Int? {
        state.withLock { $0.live[address] }
    }

    /// Frees every cached block; returns the bytes freed.
    @discardableResult
    package func trim() -> Int {
        let blocks = state.withLock { $0.drain() }
        for (address, _) in blocks { systemFree(address) }
        state.withLock { $0.stats.systemFrees += blocks.count }
        return blocks.reduce(0) { $0 + $1.size }
    }

    /// A snapshot of the counters.
    package var stats: CachingPoolStats { state.withLock { $0.stats } }
}

/// The pool's bookkeeping, mutated only under its lock.
struct PoolState: ~Copyable {
    var free: [Int: [UInt64]] = [:]
    var live: [UInt64: Int] = [:]
    var stats = CachingPoolStats()

    mutating func take(_ size: Int) -> UInt64? {
        guard let address = free[size]?.popLast() else {
            stats.cacheMisses += 1
            return nil
        }
        stats.cacheHits += 1
        stats.cachedBlocks -= 1
        stats.cachedBytes -= size
        markLive(address, size)
        return address
    }

    mutating func adopt(_ address: UInt64, size: Int) {
        stats.systemAllocations += 1
        markLive(address, size)
    }

    private mutating func markLive(_ address: UInt64, _ size: Int) {
        live[address] = size
        stats.liveBlocks += 1
        stats.liveBytes += size
        stats.peakLiveBytes = max(stats.peakLiveBytes, stats.liveBytes)
    }

    /// Moves a live block to the cache; returns it instead when the cache is full.
    mutating func release(_ address: UInt64, limit: Int) -> UInt64? {
        guard let size = live.removeValue(forKey: address) else { return nil }
        stats.liveBlocks -= 1
        stats.liveBytes -= size
        guard stats.cachedBytes + size <= limit else { return address }
        free[size, default: []].append(address)
        stats.cachedBlocks += 1
        stats.cachedBytes += size
        return nil
    }

    mutating func drain() -> [(address: UInt64, size: Int)] {
        let blocks = free.flatMap { size, addresses in addresses.map { (address: $0, size: size) } }
        free = [:]
        stats.cachedBlocks = 0
        stats.cachedBytes = 0
        return blocks
    }
}
