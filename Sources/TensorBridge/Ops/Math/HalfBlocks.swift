import _CTensorBridgeKernels

/// float16 math in float32 blocks, as Eigen computes it: each block of inputs widened by the
/// CPU's F16C conversions, the op's float32 loop run over it (its vectorized C loop where it
/// has one), the results rounded back once. Swift code is compiled for the x86-64 baseline,
/// whose float16 conversions take many instructions per element; these take one per 16.
///
/// Only for ops whose float16 result is their float32 result rounded once
/// (`halfIsRoundedFloat32`), and only without a general broadcast: the results are those of
/// the per-element path. `nil` where it does not apply or the CPU has no F16C.
enum HalfBlocks {
    /// Elements per block: three float32 blocks (12 KiB) stay in L1.
    static let size = 1024

    typealias BinaryLoop = (UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void
    typealias UnaryLoop = (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void

    /// `loop` over float16 `x` and `y` of one shape, or with one of them a single element.
    static func binary(_ x: Tensor, _ y: Tensor, _ loop: BinaryLoop) throws -> Tensor? {
        try widened(x, y, into: UInt16.self, dtype: .float16) { p, q, out, scratch, n in
            loop(p, q, scratch, n)
            tb_half_narrow(scratch, out, n)
        }
    }

    /// A comparison of float16 `x` and `y` (shapes as for ``binary(_:_:_:)``), as float32.
    static func compare(_ x: Tensor, _ y: Tensor, _ test: (Float, Float) -> Bool) throws -> Tensor? {
        try widened(x, y, into: Bool.self, dtype: .bool) { p, q, out, _, n in
            for i in 0..<n { out[i] = test(p[i], q[i]) }
        }
    }

    /// Widens blocks of `x` and `y` (a single-element operand into every lane) and calls
    /// `body(first, second, output + start, scratch, count)` for each, into a new tensor.
    private static func widened<Output>(_ x: Tensor, _ y: Tensor, into _: Output.Type, dtype: DType,
                                        _ body: (UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Output>,
                                                 UnsafeMutablePointer<Float>, Int) -> Void) throws -> Tensor? {
        let xScalar = x.elementCount == 1, yScalar = y.elementCount == 1
        guard x.dtype == .float16, x.shape == y.shape || xScalar || yScalar, tb_half_supported() != 0 else { return nil }
        let a = try hostPointer(x, as: UInt16.self), b = try hostPointer(y, as: UInt16.self)
        let (out, o) = try allocateHost(Output.self, dtype: dtype, shape: try BroadcastPlan.shape(x.shape, y.shape))
        blocks(count: out.elementCount) { start, n, p, q, s in
            if xScalar { p.update(repeating: Float(bitPattern: HalfBits.widen(a.value[0])), count: n) } else { tb_half_widen(a.value + start, p, n) }
            if yScalar { q.update(repeating: Float(bitPattern: HalfBits.widen(b.value[0])), count: n) } else { tb_half_widen(b.value + start, q, n) }
            body(p, q, o.value + start, s, n)
        }
        return out
    }

    /// `loop` over a float16 tensor.
    static func unary(_ x: Tensor, _ loop: UnaryLoop) throws -> Tensor? {
        guard x.dtype == .float16, tb_half_supported() != 0 else { return nil }
        let a = try hostPointer(x, as: UInt16.self)
        let (out, o) = try allocateHost(UInt16.self, dtype: .float16, shape: x.shape)
        blocks(count: out.elementCount) { start, n, p, _, s in
            tb_half_widen(a.value + start, p, n)
            loop(p, s, n)
            tb_half_narrow(s, o.value + start, n)
        }
        return out
    }

    /// A float32 copy of a float16 tensor (exact).
    static func widen(_ x: Tensor) throws -> Tensor? {
        guard x.dtype == .float16, tb_half_supported() != 0 else { return nil }
        return try converted(x, from: UInt16.self, to: Float.self, dtype: .float32) { tb_half_widen($0, $1, $2) }
    }

    /// A float32 tensor rounded to float16 (nearest even).
    static func narrow(_ x: Tensor) throws -> Tensor? {
        guard x.dtype == .float32, tb_half_supported() != 0 else { return nil }
        return try converted(x, from: Float.self, to: UInt16.self, dtype: .float16) { tb_half_narrow($0, $1, $2) }
    }

    /// `x` element by element through `convert`, into a new tensor of `dtype`, split across the cores.
    private static func converted<In, Out>(_ x: Tensor, from _: In.Type, to _: Out.Type, dtype: DType,
                                           _ convert: (UnsafePointer<In>, UnsafeMutablePointer<Out>, Int) -> Void) throws -> Tensor {
        let a = try hostPointer(x, as: In.self)
        let (out, o) = try allocateHost(Out.self, dtype: dtype, shape: x.shape)
        Parallel.forEachChunk(count: x.elementCount, grain: BinaryKernel.grain) { r in
            convert(a.value + r.lowerBound, o.value + r.lowerBound, r.count)
        }
        return out
    }

    /// Calls `body(start, count, first, second, result)` for consecutive blocks, split
    /// across the cores, with three float32 scratch blocks per task. Not flushed: widened
    /// float16 values, and their float32 results, are normal numbers.
    private static func blocks(count: Int, _ body: (Int, Int, UnsafeMutablePointer<Float>,
                                                    UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) -> Void) {
        forEachBlock(count: count, block: size, scratchBlocks: 3, flush: false) { start, n, scratch in
            body(start, n, scratch, scratch + size, scratch + 2 * size)
        }
    }
}
