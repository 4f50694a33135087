import Synchronization
import Testing
import TensorBridge
@testable import TensorBridgeCUDA

/// The caching allocator logic, over a counting system allocator.
struct CachingPoolTests {
    final class System: Sendable {
        let next = Mutex<UInt64>(0x10000)
        let live = Mutex<Set<UInt64>>([])
        let failNext = Mutex(0)
        func allocate(_ n: Int) throws -> UInt64 {
            if failNext.withLock({ f in defer { f = max(0, f - 1) }; return f > 0 }) {
                throw TensorBridgeError.outOfMemory(bytes: n, device: "test")
            }
            let a = next.withLock { v in defer { v += UInt64(n) }; return v }
            live.withLock { _ = $0.insert(a) }
            return a
        }
        func free(_ a: UInt64) { live.withLock { _ = $0.remove(a) } }
        func pool(limit: Int) -> CachingPool {
            CachingPool(cacheLimit: limit, systemAllocate: { try self.allocate($0) }, systemFree: { self.free($0) })
        }
    }

    @Test func sizeClasses() throws {
        #expect(try CachingPool.sizeClass(0) == 512)
        #expect(try CachingPool.sizeClass(1) == 512)
        #expect(try CachingPool.sizeClass(513) == 1024)
        #expect(try CachingPool.sizeClass(1 << 20) == 1 << 20)
        #expect(try CachingPool.sizeClass((1 << 20) + 1) == (1 << 20) + (1 << 17))
        #expect(try CachingPool.sizeClass(1 << 30) == 1 << 30)
        #expect(throws: TensorBridgeError.self) { try CachingPool.sizeClass(-1) }
        #expect(throws: TensorBridgeError.self) { try CachingPool.sizeClass(Int.max) }
    }

    @Test func releasedBlocksAreReusedBySizeClass() throws {
        let system = System(), pool = system.pool(limit: 1 << 30)
        let a = try pool.allocate(1000)
        pool.release(a.address)
        let b = try pool.allocate(900)  // same 1024 class
        #expect(b.address == a.address)
        let c = try pool.allocate(5000)
        #expect(c.address != a.address)
        let s = pool.stats
        #expect(s.cacheHits == 1 && s.cacheMisses == 2 && s.systemAllocations == 2)
        #expect(s.liveBlocks == 2 && s.liveBytes == 1024 + 5120 && s.cachedBytes == 0)
        pool.release(b.address); pool.release(c.address)
        #expect(pool.trim() == 1024 + 5120)
        #expect(system.live.withLock { $0.isEmpty })
        #expect(pool.stats.systemFrees == 2)
    }

    @Test func theCacheIsBounded() throws {
        let system = System(), pool = system.pool(limit: 2048)
        let blocks = try (0..<4).map { _ in try pool.allocate(1024) }
        blocks.forEach { pool.release($0.address) }
        #expect(pool.stats.cachedBytes == 2048)
        #expect(pool.stats.systemFrees == 2)
        #expect(system.live.withLock { $0.count } == 2)
        pool.trim()
        #expect(system.live.withLock { $0.isEmpty })
    }

    @Test func anOutOfMemoryTrimsTheCacheAndRetriesOnce() throws {
        let system = System(), pool = system.pool(limit: 1 << 20)
        pool.release(try pool.allocate(4096).address)
        system.failNext.withLock { $0 = 1 }
        _ = try pool.allocate(8192)
        #expect(pool.stats.retriesAfterTrim == 1)
        #expect(pool.stats.cachedBytes == 0)
        // With nothing cached to free, the failure surfaces unchanged.
        system.failNext.withLock { $0 = 1 }
        #expect(throws: TensorBridgeError.outOfMemory(bytes: 16384, device: "test")) { try pool.allocate(16384) }
    }

    @Test func unknownAddressesAreIgnored() {
        let pool = System().pool(limit: 1 << 20)
        pool.release(0xDEAD)
        #expect(pool.stats == CachingPoolStats())
    }
}
