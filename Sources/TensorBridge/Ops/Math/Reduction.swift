import _CTensorBridgeKernels

/// The arguments of a reduction: the tensor, the axes to reduce (`nil`: all) and whether
/// reduced axes stay as size 1.
package struct ReduceRequest: Sendable {
    package let tensor: Tensor
    package let axes: [Int]?
    package let keepDims: Bool

    @Sendable static func toHost(_ r: ReduceRequest) throws -> ReduceRequest {
        ReduceRequest(tensor: try r.tensor.copy(to: .cpu), axes: r.axes, keepDims: r.keepDims)
    }
}

/// A reduction viewed as `[outer, reduced, inner]` over a contiguous buffer: kept axes
/// before the reduced block, the reduced block, kept axes after it. Reduced axes that are not
/// adjacent are first moved together by a transpose.
struct ReductionLayout {
    let source: Tensor
    let outer: Int, reduced: Int, inner: Int
    /// The result's shape (with or without the size-1 axes).
    let shape: Shape

    /// Normalises the axes with TensorFlow's messages (op is the kernel name in them).
    static func axes(_ axes: [Int]?, rank: Int, op: String) throws -> [Int] {
        guard let axes else { return Array(0..<rank) }
        var seen = Set<Int>()
        for a in axes {
            guard a >= -rank && a < rank || (rank == 0 && (a == 0 || a == -1)) else {
                throw TensorBridgeError.invalidArgument("Invalid reduction dimension (\(a) for input with \(rank) dimension(s)")
            }
            let n = a < 0 ? a + rank : a
            guard seen.insert(n).inserted else {
                throw TensorBridgeError.invalidArgument("Invalid reduction arguments: Axes contains duplicate dimension: \(n)")
            }
        }
        return seen.filter { $0 < rank }.sorted()
    }

    init(_ request: ReduceRequest, op: String) throws {
        let t = request.tensor
        let dims = t.shape.dimensions
        let axes = try Self.axes(request.axes, rank: t.rank, op: op)
        let set = Set(axes)
        shape = try Shape(request.keepDims
            ? dims.enumerated().map { set.contains($0.offset) ? 1 : $0.element }
            : dims.enumerated().filter { !set.contains($0.offset) }.map(\.element))
        if let first = axes.first, let last = axes.last, last - first + 1 != axes.count {
            // Not adjacent: bring the kept axes first, the reduced ones last.
            let kept = (0..<t.rank).filter { !set.contains($0) }
            source = try ShapeKernels.transpose(t, permutation: kept + axes)
            outer = kept.reduce(1) { $0 * dims[$1] }
            reduced = axes.reduce(1) { $0 * dims[$1] }
            inner = 1
        } else {
            source = t
            let first = axes.first ?? t.rank, end = (axes.last ?? (t.rank - 1)) + 1
            outer = dims[..<first].reduce(1, *)
            reduced = dims[first..<max(first, end)].reduce(1, *)
            inner = dims[max(first, end)...].reduce(1, *)
        }
    }

    /// The same geometry over another source of the same shape (a widened copy).
    init(_ layout: ReductionLayout, source: Tensor) {
        self.source = source
        (outer, reduced, inner, shape) = (layout.outer, layout.reduced, layout.inner, layout.shape)
    }
}

/// A reduction's arithmetic: the accumulator it starts from, how it takes one element, how
/// two partial results merge, and the final value.
protocol Reducer {
    associatedtype Element
    associatedtype Accumulator
    associatedtype Result
    static var initial: Accumulator { get }
    static func combine(_ acc: Accumulator, _ x: Element) -> Accumulator
    static func merge(_ a: Accumulator, _ b: Accumulator) -> Accumulator
    static func finish(_ acc: Accumulator, count: Int) -> Result
}

enum ReductionKernel {
    /// Runs `R` over the layout into a new host tensor of `dtype`.
    static func run<R: Reducer>(_: R.Type, _ layout: ReductionLayout, dtype: DType) throws -> Tensor {
        let src = try hostPointer(layout.source, as: R.Element.self)
        let (out, o) = try allocateHost(R.Result.self, dtype: dtype, shape: layout.shape)
        let outer = layout.outer, n = layout.reduced, inner = layout.inner
        guard outer * inner > 0 else { return out }
        if inner == 1 {
            if outer >= Parallel.workerCount * 2 || n * outer < BinaryKernel.grain {
                Parallel.forEachChunk(count: outer, grain: max(1, BinaryKernel.grain / max(n, 1))) { rows in
                    withTensorFlowFPMode {
                        for row in rows { o.value[row] = R.finish(contiguous(R.self, src.value + row * n, n), count: n) }
                    }
                }
            } else {
                // Few long rows: split each row across the cores, then merge the parts in order.
                for row in 0..<outer {
                    let parts = max(1, min(Parallel.workerCount * 4, n / BinaryKernel.grain))
                    let per = (n + parts - 1) / parts
                    var partial = [R.Accumulator](repeating: R.initial, count: parts)
                    partial.withUnsafeMutableBufferPointer { p in
                        let pp = UnsafeSendable(p.baseAddress!)
                        Parallel.forEachChunk(count: parts, grain: 1) { range in
                            withTensorFlowFPMode {
                                for part in range {
                                    let start = part * per, end = min(n, start + per)
                                    if start < end { pp.value[part] = contiguous(R.self, src.value + row * n + start, end - start) }
                                }
                            }
                        }
                    }
                    o.value[row] = withTensorFlowFPMode { R.finish(partial.dropFirst().reduce(partial[0], R.merge), count: n) }
                }
            }
            return out
        }
        // Kept axes after the reduced block: accumulate whole rows of `inner` at a time
        // (a loop the compiler vectorises), split over the output columns.
        let columns = outer * inner
        Parallel.forEachChunk(count: columns, grain: max(1, BinaryKernel.grain / max(n, 1))) { range in
            withTensorFlowFPMode {
                var c = range.lowerBound
                while c < range.upperBound {
                    let row = c / inner, j0 = c - row * inner
                    let width = min(inner - j0, range.upperBound - c)
                    let acc = UnsafeMutablePointer<R.Accumulator>.allocate(capacity: width)
                    defer { acc.deallocate() }
                    acc.initialize(repeating: R.initial, count: width)
                    let base = src.value + row * n * inner + j0
                    for k in 0..<n {
                        let line = base + k * inner
                        for j in 0..<width { acc[j] = R.combine(acc[j], line[j]) }
                    }
                    for j in 0..<width { o.value[c + j] = R.finish(acc[j], count: n) }
                    c += width
                }
            }
        }
        return out
    }

    /// One contiguous run, with four independent accumulators so the adds pipeline.
    @inline(__always)
    static func contiguous<R: Reducer>(_: R.Type, _ p: UnsafePointer<R.Element>, _ n: Int) -> R.Accumulator {
        var a0 = R.initial, a1 = R.initial, a2 = R.initial, a3 = R.initial
        var i = 0
        while i + 4 <= n {
            a0 = R.combine(a0, p[i]); a1 = R.combine(a1, p[i + 1])
            a2 = R.combine(a2, p[i + 2]); a3 = R.combine(a3, p[i + 3])
            i += 4
        }
        while i < n { a0 = R.combine(a0, p[i]); i += 1 }
        return R.merge(R.merge(a0, a1), R.merge(a2, a3))
    }

    /// float32 `Max` along contiguous rows with a vectorized C loop. Rows holding a NaN, or
    /// whose maximum is a zero, take the ordered Swift loop, so every result is the same as
    /// ``run(_:_:dtype:)``'s.
    static func maxRowsFloat32(_ layout: ReductionLayout) throws -> Tensor {
        typealias R = FloatReducer<Reductions.Max, Float>
        let src = try hostPointer(layout.source, as: Float.self)
        let (out, o) = try allocateHost(Float.self, dtype: .float32, shape: layout.shape)
        let n = layout.reduced
        Parallel.forEachChunk(count: layout.outer, grain: max(1, BinaryKernel.grain / max(n, 1))) { rows in
            withTensorFlowFPMode {
                for row in rows {
                    let p = src.value + row * n
                    var best: Float = 0
                    o.value[row] = n > 0 && tb_max_f32(p, n, &best) == 1
                        ? R.finish(best, count: n) : R.finish(contiguous(R.self, p, n), count: n)
                }
            }
        }
        return out
    }

    /// float32 `Sum` or `Mean` along contiguous rows with a vectorized C loop; a few long
    /// rows are split across the cores and their parts added in order. Within the stated
    /// tolerance of TensorFlow's (differently ordered) tree sum.
    static func sumRowsFloat32(_ layout: ReductionLayout, mean: Bool) throws -> Tensor {
        let src = try hostPointer(layout.source, as: Float.self)
        let (out, o) = try allocateHost(Float.self, dtype: .float32, shape: layout.shape)
        let outer = layout.outer, n = layout.reduced
        guard outer > 0 else { return out }
        @Sendable func finish(_ s: Float) -> Float { (mean ? s / Float(n) : s).flushedToZero }
        if outer >= Parallel.workerCount * 2 || n < BinaryKernel.grain {
            Parallel.forEachChunk(count: outer, grain: max(1, BinaryKernel.grain / max(n, 1))) { rows in
                withTensorFlowFPMode {
                    for row in rows { o.value[row] = finish(tb_sum_f32(src.value + row * n, n)) }
                }
            }
            return out
        }
        let parts = max(1, min(Parallel.workerCount * 4, n / BinaryKernel.grain)), per = (n + parts - 1) / parts
        for row in 0..<outer {
            var partial = [Float](repeating: 0, count: parts)
            partial.withUnsafeMutableBufferPointer { p in
                guard let base = p.baseAddress else { return }
                let pp = UnsafeSendable(base)
                Parallel.forEachChunk(count: parts, grain: 1) { range in
                    withTensorFlowFPMode {
                        for part in range {
                            let start = part * per, end = min(n, start + per)
                            if start < end { pp.value[part] = tb_sum_f32(src.value + row * n + start, end - start) }
                        }
                    }
                }
            }
            o.value[row] = withTensorFlowFPMode { finish(partial.reduce(0, +)) }
        }
        return out
    }
}
