import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import TensorBridge

/// The host allocator: alignment, zeroing (fresh and reused blocks), reuse by size class,
/// and the cache returning idle blocks so a long run does not grow.
@Suite struct HostMemoryTests {
    @Test(arguments: [1, 100, 4096, 1 << 20, (1 << 20) + 1, 3 << 20, 5 << 20, 37 << 20])
    func blocksAreAlignedAndZeroedOnRequest(bytes: Int) throws {
        for _ in 0..<2 {  // the second round may reuse the first round's block
            let p = try HostMemory.allocate(byteCount: bytes, zeroed: false)
            memset(p, 0xAB, bytes)  // dirty it, so a reused block must be zeroed again
            HostMemory.release(p, byteCount: bytes)
            let z = try HostMemory.allocate(byteCount: bytes, zeroed: true)
            #expect(UInt(bitPattern: z) % UInt(HostMemory.alignment) == 0)
            if bytes >= 4 << 20 { #expect(UInt(bitPattern: z) % UInt(2 << 20) == 0, "huge-page aligned") }
            let raw = UnsafeRawBufferPointer(start: z, count: bytes)
            #expect(raw.allSatisfy { $0 == 0 })
            HostMemory.release(z, byteCount: bytes)
        }
    }

    @Test func sizeClassesAreWholePagesWithinAnEighth() {
        for n in [1 << 20, (1 << 20) + 1, 3_000_000, 1 << 30, (1 << 30) + 12345] {
            let c = HostMemory.sizeClass(n)
            #expect(c >= n && c % 4096 == 0 && Double(c - n) < Double(n) / 8)
        }
    }

    @Test func cacheReusesTheNewestBlockOfAClass() {
        var cache = BlockCache()
        #expect(cache.put(0x1000, size: 1 << 20, limit: 1 << 30, now: 0, maxIdle: 2).0)
        #expect(cache.put(0x2000, size: 1 << 20, limit: 1 << 30, now: 0.05, maxIdle: 2).0)
        #expect(cache.total == 2 << 20)
        #expect(cache.take(1 << 20, now: 0.06, maxIdle: 2).0 == UnsafeMutableRawPointer(bitPattern: 0x2000))
        #expect(cache.take(2 << 20, now: 0.07, maxIdle: 2).0 == nil, "another class")
        #expect(cache.total == 1 << 20)
    }

    @Test func cacheRefusesPastItsLimit() {
        var cache = BlockCache()
        #expect(cache.put(0x1000, size: 3 << 20, limit: 4 << 20, now: 0, maxIdle: 2).0)
        #expect(!cache.put(0x2000, size: 2 << 20, limit: 4 << 20, now: 0, maxIdle: 2).0)
        #expect(cache.total == 3 << 20)
    }

    @Test func idleBlocksAreReturnedAndRecentOnesKept() {
        var cache = BlockCache()
        _ = cache.put(0x1000, size: 1 << 20, limit: 1 << 30, now: 0, maxIdle: 2)
        _ = cache.put(0x2000, size: 1 << 20, limit: 1 << 30, now: 1.5, maxIdle: 2)
        _ = cache.put(0x3000, size: 2 << 20, limit: 1 << 30, now: 1.6, maxIdle: 2)
        // At 2.5 s only the first block has idled over 2 s.
        let (taken, stale) = cache.take(4 << 20, now: 2.5, maxIdle: 2)
        #expect(taken == nil)
        #expect(stale.map(\.address) == [0x1000] && stale.map(\.size) == [1 << 20])
        #expect(cache.total == 3 << 20)
        // At 4 s the rest has idled too.
        let (_, later) = cache.take(4 << 20, now: 4, maxIdle: 2)
        #expect(Set(later.map(\.address)) == [0x2000, 0x3000])
        #expect(cache.total == 0)
        #expect(cache.drain().isEmpty)
    }
}
