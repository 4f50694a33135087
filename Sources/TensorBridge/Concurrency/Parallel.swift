import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits element-wise work across the machine's cores. The split depends only on the
/// element count, never on timing, so results are the same for any thread count.
package enum Parallel {
    /// Work below this many elements runs on the calling thread: spawning costs more.
    package static let defaultGrain = 1 << 16

    /// Number of worker threads used for large work.
    package static let workerCount = max(1, ProcessInfoCores.active)

    /// Calls `body` on disjoint ranges covering `0..<count`, concurrently when large.
    package static func forEachChunk(count: Int, grain: Int = defaultGrain, _ body: (Range<Int>) -> Void) {
        guard count > 0 else { return }
        let chunks = min(workerCount * 4, max(1, count / max(grain, 1)))
        if chunks <= 1 {
            body(0..<count)
            return
        }
        let per = (count + chunks - 1) / chunks
        withoutActuallyEscaping(body) { body in
            let box = UnsafeSendable(body)
            DispatchQueue.concurrentPerform(iterations: chunks) { i in
                let start = i * per
                let end = min(count, start + per)
                if start < end { box.value(start..<end) }
            }
        }
    }
}

/// Wraps a value (a pointer, a closure) for hand-off to worker threads.
///
/// Unchecked because the value itself is not `Sendable`: every use hands each thread a
/// disjoint range of the memory behind it, and the caller waits for all of them before the
/// memory can change hands again.
package struct UnsafeSendable<T>: @unchecked Sendable {
    package let value: T
    package init(_ value: T) { self.value = value }
}

enum ProcessInfoCores {
    static var active: Int { Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
}

/// memcpy split over the cores for large copies: one core cannot saturate memory bandwidth.
enum ParallelCopy {
    static func copy(from source: UnsafeRawPointer, to destination: UnsafeMutableRawPointer, byteCount: Int) {
        let src = UnsafeSendable(source), dst = UnsafeSendable(destination)
        Parallel.forEachChunk(count: byteCount, grain: 1 << 22) { range in
            memcpy(dst.value + range.lowerBound, src.value + range.lowerBound, range.count)
        }
    }
}
