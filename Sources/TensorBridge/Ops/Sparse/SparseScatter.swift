#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte-size-generic fill and scatter for dense outputs of sparse ops: values are moved as
/// opaque elements of 1, 2, 4, 8 or 16 bytes, so every dtype shares one kernel per width.
enum SparseScatter {
    /// Writes `value` (or zero bytes when `nil`) to all `count` elements, across cores; the
    /// parallel pass also takes the first-touch page faults of a fresh buffer on both cores.
    static func fill(_ base: UnsafeMutableRawPointer, count: Int, size: Int, value: UnsafeRawPointer?) {
        let dst = UnsafeSendable(base)
        guard let value else {
            Parallel.forEachChunk(count: count * size, grain: 1 << 20) { r in
                memset(dst.value + r.lowerBound, 0, r.count)
            }
            return
        }
        switch size {
        case 1: fillTyped(UInt8.self, base, count: count, value: value)
        case 2: fillTyped(UInt16.self, base, count: count, value: value)
        case 4: fillTyped(UInt32.self, base, count: count, value: value)
        case 8: fillTyped(UInt64.self, base, count: count, value: value)
        default: fillTyped(SIMD2<UInt64>.self, base, count: count, value: value)
        }
    }

    private static func fillTyped<T: BitwiseCopyable>(_: T.Type, _ base: UnsafeMutableRawPointer, count: Int, value: UnsafeRawPointer) {
        let element = value.loadUnaligned(as: T.self)
        let dst = UnsafeSendable(base.assumingMemoryBound(to: T.self))
        Parallel.forEachChunk(count: count, grain: 1 << 18) { r in
            (dst.value + r.lowerBound).initialize(repeating: element, count: r.count)
        }
    }

    /// `out[flat(indices[i])] = values[i]`, with indices already checked; in order on one
    /// thread unless `parallel`.
    static func scatter(_ values: UnsafeRawPointer, to out: UnsafeMutableRawPointer, indices: UnsafePointer<Int64>,
                        strides: [Int], count: Int, size: Int, parallel: Bool) {
        // Concrete widths, so each loop is specialised (no generic witness calls per element).
        switch size {
        case 1: scatterTyped(UInt8.self, values, out, indices, strides, count: count, parallel: parallel)
        case 2: scatterTyped(UInt16.self, values, out, indices, strides, count: count, parallel: parallel)
        case 4: scatterTyped(UInt32.self, values, out, indices, strides, count: count, parallel: parallel)
        case 8: scatterTyped(UInt64.self, values, out, indices, strides, count: count, parallel: parallel)
        default: scatterTyped(SIMD2<UInt64>.self, values, out, indices, strides, count: count, parallel: parallel)
        }
    }

    private static func scatterTyped<T: BitwiseCopyable>(
        _: T.Type, _ values: UnsafeRawPointer, _ out: UnsafeMutableRawPointer, _ indices: UnsafePointer<Int64>,
        _ strides: [Int], count: Int, parallel: Bool
    ) {
        let src = UnsafeSendable(values.assumingMemoryBound(to: T.self))
        let dst = UnsafeSendable(out.assumingMemoryBound(to: T.self)), idx = UnsafeSendable(indices)
        let rank = strides.count
        strides.withUnsafeBufferPointer { st in
            let st = UnsafeSendable(st)
            let body = { (r: Range<Int>) in
                let src = src.value, dst = dst.value, idx = idx.value, st = st.value
                if rank == 2 {
                    let s0 = st[0]
                    for i in r { dst[Int(idx[2 * i]) * s0 + Int(idx[2 * i + 1])] = src[i] }
                } else {
                    for i in r {
                        var flat = 0
                        for d in 0..<rank { flat += Int(idx[i * rank + d]) * st[d] }
                        dst[flat] = src[i]
                    }
                }
            }
            if parallel { Parallel.forEachChunk(count: count, grain: 1 << 16, body) } else { body(0..<count) }
        }
    }

    /// For sorted, unique indices: fills the gaps between consecutive entries with `value`
    /// (zero when `nil`) and writes the entries, so every output element is written exactly
    /// once. Chunks of entries own disjoint output ranges and run in parallel.
    static func fillSorted(_ values: UnsafeRawPointer, to out: UnsafeMutableRawPointer, indices: UnsafePointer<Int64>,
                           strides: [Int], nnz: Int, total: Int, size: Int, value: UnsafeRawPointer?) {
        switch size {
        case 1: fillSortedTyped(UInt8.self, values, out, indices, strides, nnz: nnz, total: total, value: value)
        case 2: fillSortedTyped(UInt16.self, values, out, indices, strides, nnz: nnz, total: total, value: value)
        case 4: fillSortedTyped(UInt32.self, values, out, indices, strides, nnz: nnz, total: total, value: value)
        case 8: fillSortedTyped(UInt64.self, values, out, indices, strides, nnz: nnz, total: total, value: value)
        default: fillSortedTyped(SIMD2<UInt64>.self, values, out, indices, strides, nnz: nnz, total: total, value: value)
        }
    }

    private static func fillSortedTyped<T: BitwiseCopyable>(
        _: T.Type, _ values: UnsafeRawPointer, _ out: UnsafeMutableRawPointer, _ indices: UnsafePointer<Int64>,
        _ strides: [Int], nnz: Int, total: Int, value: UnsafeRawPointer?
    ) {
        guard nnz > 0 else {
            fill(out, count: total, size: MemoryLayout<T>.size, value: value)
            return
        }
        // Every element type here is at most 16 bytes, so 16 zero bytes hold its zero.
        let fillValue = value?.loadUnaligned(as: T.self)
            ?? withUnsafeBytes(of: SIMD2<UInt64>(0, 0)) { $0.loadUnaligned(as: T.self) }
        let src = UnsafeSendable(values.assumingMemoryBound(to: T.self))
        let dst = UnsafeSendable(out.assumingMemoryBound(to: T.self)), idx = UnsafeSendable(indices)
        let rank = strides.count
        strides.withUnsafeBufferPointer { st in
            let st = UnsafeSendable(st)
            @inline(__always) func flat(_ i: Int) -> Int {
                var f = 0
                for d in 0..<rank { f += Int(idx.value[i * rank + d]) * st.value[d] }
                return f
            }
            Parallel.forEachChunk(count: nnz, grain: 1 << 14) { r in
                let dst = dst.value, src = src.value
                var next = r.lowerBound == 0 ? 0 : flat(r.lowerBound)
                for i in r {
                    let at = flat(i)
                    (dst + next).initialize(repeating: fillValue, count: at - next)
                    dst[at] = src[i]
                    next = at + 1
                }
                let end = r.upperBound == nnz ? total : flat(r.upperBound)
                (dst + next).initialize(repeating: fillValue, count: end - next)
            }
        }
    }
}
