import _CTensorBridgeKernels

/// Moves whole elements between two strided layouts: the one loop behind transpose,
/// slicing, tile, pad and concat. Strides are in elements and may be zero (repeat) or
/// negative (reverse). Neighbouring dimensions that stay contiguous in both layouts merge,
/// and a contiguous innermost run is one `memcpy`.
package struct StridedCopy {
    var dims: [Int]
    var source: [Int]
    var destination: [Int]

    /// Contiguous row-major strides of `dims`.
    package static func rowMajor(_ dims: [Int]) -> [Int] { Shape.rowMajorStrides(dims) }

    package init(dims: [Int], source: [Int], destination: [Int]) {
        var d: [Int] = [], s: [Int] = [], t: [Int] = []
        for i in dims.indices where dims[i] != 1 {
            if let last = d.last, s[s.count - 1] == source[i] * dims[i], t[t.count - 1] == destination[i] * dims[i] {
                d[d.count - 1] = last * dims[i]; s[s.count - 1] = source[i]; t[t.count - 1] = destination[i]
            } else {
                d.append(dims[i]); s.append(source[i]); t.append(destination[i])
            }
        }
        if d.isEmpty { d = [1]; s = [0]; t = [0] }
        self.dims = d
        self.source = s
        self.destination = t
    }

    /// Copies `size`-byte elements from `from` (+ element offsets) to `to`.
    package func run(from: UnsafeRawPointer, sourceOffset: Int, to: UnsafeMutableRawPointer, destinationOffset: Int, size: Int) {
        guard dims.allSatisfy({ $0 > 0 }) else { return }
        if dims.count == 2, destination[1] == 1, source[0] == 1, source[1] != 1 {
            // A 2-D transpose: walk 64×64 tiles so both sides stay in cache.
            switch size {
            case 1: tiled(UInt8.self, from, sourceOffset, to, destinationOffset)
            case 2: tiled(UInt16.self, from, sourceOffset, to, destinationOffset)
            case 4:
                if source[1] > 0 && destination[0] > 0 { tiled32(from, sourceOffset, to, destinationOffset) } else { tiled(UInt32.self, from, sourceOffset, to, destinationOffset) }
            case 8: tiled(UInt64.self, from, sourceOffset, to, destinationOffset)
            default: break
            }
            if [1, 2, 4, 8].contains(size) { return }
        }
        let inner = dims[dims.count - 1], si = source[source.count - 1], di = destination[destination.count - 1]
        let rows = dims.dropLast().reduce(1, *)
        let src = UnsafeSendable(from), dst = UnsafeSendable(to)
        let plan = self
        Parallel.forEachChunk(count: rows, grain: Swift.max(1, (1 << 17) / Swift.max(1, inner * size))) { range in
            for row in range {
                var r = row, so = sourceOffset, dOff = destinationOffset
                var i = plan.dims.count - 2
                while i >= 0 {
                    let q = r / plan.dims[i], c = r - q * plan.dims[i]
                    so += c * plan.source[i]; dOff += c * plan.destination[i]
                    r = q; i -= 1
                }
                let s = src.value + so * size, d = dst.value + dOff * size
                if si == 1 && di == 1 {
                    d.copyMemory(from: s, byteCount: inner * size)
                    continue
                }
                switch size {
                case 1: Self.move(UInt8.self, s, si, d, di, inner)
                case 2: Self.move(UInt16.self, s, si, d, di, inner)
                case 4: Self.move(UInt32.self, s, si, d, di, inner)
                case 8: Self.move(UInt64.self, s, si, d, di, inner)
                default: for k in 0..<inner { (d + k * di * size).copyMemory(from: s + k * si * size, byteCount: size) }
                }
            }
        }
    }

    private func tiled<T>(_: T.Type, _ from: UnsafeRawPointer, _ sourceOffset: Int, _ to: UnsafeMutableRawPointer, _ destinationOffset: Int) {
        let tile = 64, rows = dims[0], cols = dims[1], sc = source[1], dr = destination[0]
        let src = UnsafeSendable(from.assumingMemoryBound(to: T.self) + sourceOffset)
        let dst = UnsafeSendable(to.assumingMemoryBound(to: T.self) + destinationOffset)
        let rowTiles = (rows + tile - 1) / tile
        Parallel.forEachChunk(count: rowTiles, grain: Swift.max(1, (1 << 14) / Swift.max(1, cols))) { range in
            for rt in range {
                let r0 = rt * tile, r1 = Swift.min(rows, r0 + tile)
                var c0 = 0
                while c0 < cols {
                    let c1 = Swift.min(cols, c0 + tile)
                    for r in r0..<r1 {
                        let d = dst.value + r * dr, s = src.value + r
                        for c in c0..<c1 { d[c] = s[c * sc] }
                    }
                    c0 = c1
                }
            }
        }
    }

    /// 4-byte elements through the C kernel's 8×8 register transposes, 64-row bands split
    /// across the cores.
    private func tiled32(_ from: UnsafeRawPointer, _ sourceOffset: Int, _ to: UnsafeMutableRawPointer, _ destinationOffset: Int) {
        let tile = 64, rows = dims[0], cols = dims[1], sc = source[1], dr = destination[0]
        let src = UnsafeSendable(from + sourceOffset * 4), dst = UnsafeSendable(to + destinationOffset * 4)
        let rowTiles = (rows + tile - 1) / tile
        Parallel.forEachChunk(count: rowTiles, grain: Swift.max(1, (1 << 14) / Swift.max(1, cols))) { range in
            tb_transpose_32(src.value, sc, dst.value, dr, range.lowerBound * tile, Swift.min(rows, range.upperBound * tile), cols)
        }
    }

    @inline(__always)
    private static func move<T>(_: T.Type, _ s: UnsafeRawPointer, _ si: Int, _ d: UnsafeMutableRawPointer, _ di: Int, _ n: Int) {
        let s = s.assumingMemoryBound(to: T.self), d = d.assumingMemoryBound(to: T.self)
        for k in 0..<n { d[k * di] = s[k * si] }
    }
}

extension ShapeKernels {
    /// A new host tensor of `dims`, element `i` read from the source at the given strides.
    static func gathered(_ t: Tensor, dims: [Int], strides: [Int], offset: Int) throws -> Tensor {
        let size = try elementSize(t)
        let shape = try Shape(dims)
        let out = try TensorBuffer.allocateHost(byteCount: try shape.byteCount(for: t.dtype))
        StridedCopy(dims: dims, source: strides, destination: StridedCopy.rowMajor(dims))
            .run(from: UnsafeRawPointer(try t.hostBuffer().baseAddress), sourceOffset: offset,
                 to: out.baseAddress, destinationOffset: 0, size: size)
        return Tensor(uncheckedDType: t.dtype, shape: shape, buffer: out)
    }

    /// `Transpose`'s kernel: output axis `i` is input axis `permutation[i]`.
    static func transpose(_ t: Tensor, permutation: [Int]) throws -> Tensor {
        let rank = t.rank
        guard permutation.count == rank else {
            throw TensorBridgeError.invalidArgument("transpose expects a vector of size \(rank). But input(1) is a vector of size \(permutation.count)")
        }
        var seen = [Bool](repeating: false, count: rank)
        for p in permutation where p >= 0 && p < rank { seen[p] = true }
        if let missing = seen.firstIndex(of: false) {
            throw TensorBridgeError.invalidArgument("\(missing) is missing from {\(permutation.map(String.init).joined(separator: ","))}.")
        }
        let strides = StridedCopy.rowMajor(t.shape.dimensions)
        return try gathered(t, dims: permutation.map { t.shape.dimensions[$0] }, strides: permutation.map { strides[$0] }, offset: 0)
    }
}
