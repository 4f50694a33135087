import Testing
@testable import TensorBridge
@testable import TensorBridgeCUDA
@testable import tensorbridge_device_check

/// The CUDA math kernels' source, run on the host (see ``HostKernels``), against the CPU ops
/// on the same inputs: NaN, ±0, ±inf, subnormals, the float extremes and wrapping integers,
/// under several broadcasts. Element-wise results must be the same bits (a NaN only has to be
/// a NaN: which operand's NaN survives is up to the compilers); `Exp`, `Log`, `Tanh`
/// and `Sigmoid` within 4 ULP (the CPU's float32 exp is Eigen's polynomial, the host kernel
/// libm's); reductions exact for max and integers, float sums, means and matmul to rounding.
struct HostKernelNumericsTests {
    static let floatSpecials: [Double] = [0, -0.0, 1, -1, 0.5, -2.5, 3, .nan, -.nan, .infinity, -.infinity, Double(bitPattern: 0x0000_7FFF_0000_1234), -Double(bitPattern: 0x0000_7FFF_0000_1234),
                                          Double(Float(bitPattern: 0x0001_16C2)), -Double(Float(bitPattern: 0x0080_0000)),
                                          Double(Float(bitPattern: 0x0080_0000)), 2.2250738585072014e-308, 3.4e38, -3.4e38, 1e300,
                                          1e-20, 7, -7, 0.1, 1e-38, 88.7, -103.9, 709.7, -745.2]

    /// `count` values: the specials, then a spread of magnitudes and signs.
    static func floats(_ count: Int, seed: Int) -> [Double] {
        (0..<count).map { i in
            let j = i + seed
            if j % 3 == 0 { return floatSpecials[(j / 3) % floatSpecials.count] }
            let magnitude = Double((j * 7919) % 1000) / 37
            return (j % 2 == 0 ? 1 : -1) * magnitude * (j % 5 == 0 ? 1e-3 : 1)
        }
    }

    static func ints(_ count: Int, seed: Int) -> [Int64] {
        let specials: [Int64] = [0, 1, -1, Int64(Int32.max), Int64(Int32.min), Int64.max, Int64.min, 65536, -65536, 3_000_000_000]
        return (0..<count).map { i in (i + seed) % 4 == 0 ? specials[((i + seed) / 4) % specials.count] : Int64((i * 104_729 + seed * 31) % 200_001) - 100_000 }
    }

    static func tensor(_ dtype: DType, _ shape: [Int], seed: Int) throws -> Tensor {
        let count = shape.reduce(1, *)
        switch dtype {
        case .float32: return try Tensor(floats(count, seed: seed).map { Float($0) }, shape: shape)
        case .float64: return try Tensor(floats(count, seed: seed), shape: shape)
        case .int32: return try Tensor(ints(count, seed: seed).map { Int32(truncatingIfNeeded: $0) }, shape: shape)
        default: return try Tensor(ints(count, seed: seed), shape: shape)
        }
    }

    static func bytes(_ t: Tensor) throws -> [UInt8] { try t.withUnsafeBytes { Array($0) } }

    static func kernels() throws -> HostKernels {
        switch HostKernels.shared {
        case .success(let kernels): return kernels
        case .failure(let error):
            Issue.record("the kernel source does not build as host C++: \(error)")
            throw error
        }
    }

    @Test(arguments: [DType.float32, .float64, .int32, .int64])
    func binaryKernelsGiveTheCPUOpsBitsUnderEveryBroadcast(_ dtype: DType) throws {
        let host = try Self.kernels()
        let suffix = try #require(CUDABackend.mathSuffixes[dtype])
        let ops: [(String, (Tensor, Tensor) throws -> Tensor)] = [
            ("add", { try $0 + $1 }), ("sub", { try $0 - $1 }), ("mul", { try $0 * $1 }), ("div", { try Ops.realDivide($0, $1) }),
            ("maximum", { try $0.maximum($1) }), ("minimum", { try $0.minimum($1) }),
            ("less", { try $0.less($1) }), ("less_equal", { try $0.lessEqual($1) }), ("greater", { try $0.greater($1) }),
            ("greater_equal", { try $0.greaterEqual($1) }), ("equal", { try $0.equal($1) }), ("not_equal", { try $0.notEqual($1) }),
        ]
        let shapes: [([Int], [Int])] = [([29, 29], [29, 29]), ([4, 1, 3], [5, 1]), ([], [6, 7]), ([3, 1, 2, 1], [1, 4, 1, 5]), ([8, 0], [1])]
        for (xShape, yShape) in shapes {
            let x = try Self.tensor(dtype, xShape, seed: 0), y = try Self.tensor(dtype, yShape, seed: 1)
            let pair = TensorPair(x, y)
            let shape = try #require(CUDABackend.broadcastArgument(try pair.broadcastGeometry()))
            for (stem, op) in ops where dtype.isFloatingPoint || MathKernelSource.hasIntegerKernel(stem) {
                let cpu = try op(x, y), expected = try Self.bytes(cpu)
                var out = [UInt8](repeating: 0xCD, count: expected.count)
                let kernel = try host.symbol("host_" + MathKernelSource.binaryName(stem, suffix), as: HostKernels.Binary.self)
                try x.withUnsafeBytes { px in try y.withUnsafeBytes { py in out.withUnsafeMutableBytes { po in shape.withUnsafeBytes { ps in
                    kernel(px.baseAddress, py.baseAddress, po.baseAddress, UInt64(cpu.elementCount), ps.baseAddress)
                } } } }
                #expect(Self.same(out, expected, dtype: cpu.dtype), "\(stem) \(dtype.name) \(xShape) vs \(yShape): \(Self.firstDifference(out, expected, dtype: cpu.dtype))")
            }
        }
    }

    @Test(arguments: [DType.float32, .float64])
    func unaryKernelsAgreeWithTheCPUOps(_ dtype: DType) throws {
        let host = try Self.kernels()
        let suffix = try #require(CUDABackend.mathSuffixes[dtype])
        let ops: [(String, Int, (Tensor) throws -> Tensor)] = [
            ("neg", 0, { try $0.negated() }), ("abs", 0, { try $0.absolute() }), ("square", 0, { try $0.square() }),
            ("sqrt", 0, { try $0.sqrt() }), ("rsqrt", 0, { try $0.rsqrt() }), ("relu", 0, { try $0.relu() }),
            ("exp", 4, { try $0.exp() }), ("log", 4, { try $0.log() }), ("tanh", 4, { try $0.tanh() }), ("sigmoid", 4, { try $0.sigmoid() }),
        ]
        let x = try Self.tensor(dtype, [40, 25], seed: 2)
        let bits = dtype == .float32 ? 32 : 64
        for (stem, ulps, op) in ops {
            let cpu = try Self.bytes(try op(x))
            var out = [UInt8](repeating: 0xCD, count: cpu.count)
            let kernel = try host.symbol(MathKernelSource.unaryName(stem, suffix), as: HostKernels.Unary.self)
            try x.withUnsafeBytes { px in out.withUnsafeMutableBytes { po in kernel(px.baseAddress, po.baseAddress, UInt64(x.elementCount)) } }
            let worst = Self.worstULP(out, cpu, bits: bits)
            if ulps == 0 {
                #expect(Self.same(out, cpu, dtype: dtype), "\(stem) \(dtype.name): \(Self.firstDifference(out, cpu, dtype: dtype))")
            } else {
                #expect(worst.map { $0 <= ulps } == true, "\(stem) \(dtype.name): \(worst.map(String.init) ?? "NaN mismatch") ULP")
            }
        }
    }

    /// Threads of the host block for reductions: the tree is the same code for any power of
    /// two; the GPU's 256 OS threads would make this test slow on a small machine.
    static let reductionThreads: UInt32 = 8

    @Test(arguments: [DType.float32, .float64, .int32, .int64])
    func reductionKernelsAgreeWithTheCPUOps(_ dtype: DType) throws {
        let host = try Self.kernels()
        let suffix = try #require(CUDABackend.mathSuffixes[dtype])
        // [6, 7, 5] reduced over all, the leading, the middle and the trailing axis: (axes, outer, reduced, inner).
        let cases: [([Int]?, Int, Int, Int)] = [(nil, 1, 210, 1), ([0], 1, 6, 35), ([1], 6, 7, 5), ([2], 42, 5, 1), ([0, 1], 1, 42, 5)]
        for positive in [true, false] {
            var x = try Self.tensor(dtype, [6, 7, 5], seed: 3)
            if positive, dtype.isFloatingPoint {
                // Finite positive values, so float sums compare within a relative tolerance.
                x = try Tensor((0..<210).map { 0.5 + Double(($0 * 37) % 101) / 7 }, shape: [6, 7, 5]).cast(to: dtype)
            }
            for (axes, outer, reduced, inner) in cases {
                let reductions: [(String, (Tensor) throws -> Tensor)] = [
                    ("sum", { try $0.reduceSum(axes: axes) }), ("max", { try $0.reduceMax(axes: axes) }), ("mean", { try $0.reduceMean(axes: axes) }),
                ]
                for (stem, op) in reductions {
                    guard let entry = ReduceKernelSource.reductions.first(where: { $0.stem == stem }), entry.suffixes.contains(suffix) else { continue }
                    guard stem == "max" || !dtype.isFloatingPoint || positive else { continue }
                    let cpu = try Self.bytes(try op(x))
                    // One pass (a block per output), and two (chunks of 8, then their partials).
                    for chunkTarget in [4096, 8] {
                        let (out, passes) = try Self.reduce(host, x, stem: stem, suffix: suffix, outer: outer, reduced: reduced, inner: inner,
                                                            chunkTarget: chunkTarget)
                        #expect(passes == (chunkTarget == 8 && reduced > 16 ? 2 : 1))
                        let label = "\(stem) \(dtype.name) axes \(axes.map { "\($0)" } ?? "all"), \(passes) pass(es)"
                        if stem == "max" || !dtype.isFloatingPoint {
                            #expect(Self.same(out, cpu, dtype: dtype), "\(label): \(Self.firstDifference(out, cpu, dtype: dtype))")
                        } else {
                            let worst = Self.worstRelative(out, cpu, bits: dtype == .float32 ? 32 : 64)
                            #expect(worst.map { $0 <= (dtype == .float32 ? 1e-6 : 1e-14) } == true, "\(label): relative \(worst.map { "\($0)" } ?? "NaN")")
                        }
                    }
                }
            }
        }
    }

    /// Runs a reduction's passes on the host kernels, as `CUDABackend.reduce` launches them
    /// (a grid cap of 64 blocks); returns the result's bytes and the number of passes.
    static func reduce(_ host: HostKernels, _ x: Tensor, stem: String, suffix: String, outer: Int, reduced: Int, inner: Int,
                       chunkTarget: Int) throws -> ([UInt8], Int) {
        let passes = CUDABackend.reductionPasses(stem: stem, outer: outer, reduced: reduced, inner: inner, maxBlocks: 64, chunkTarget: chunkTarget)
        var input = try bytes(x), out: [UInt8] = []
        for pass in passes {
            out = [UInt8](repeating: 0xCD, count: pass.tasks * (x.dtype.byteSize ?? 0))
            let kernel = try host.symbol("host_" + ReduceKernelSource.name(pass.stem, suffix), as: HostKernels.Reduce.self)
            input.withUnsafeBytes { px in out.withUnsafeMutableBytes { po in
                kernel(px.baseAddress, po.baseAddress, UInt64(pass.tasks), UInt64(pass.chunks), UInt64(pass.chunk),
                       UInt64(pass.reduced), UInt64(pass.inner), UInt64(pass.count), reductionThreads)
            } }
            input = out
        }
        return (out, passes.count)
    }

    @Test(arguments: [DType.float32, .float64])
    func matmulKernelAgreesWithTheCPUOp(_ dtype: DType) throws {
        let host = try Self.kernels()
        let name = dtype == .float32 ? MatMulKernelSource.float32 : MatMulKernelSource.float64
        let kernel = try host.symbol("host_" + name, as: HostKernels.MatMul.self)
        // Partial tiles, transposes, a batch against one matrix, and the specials in float64.
        let cases: [([Int], [Int], Bool, Bool)] = [([2, 19, 37], [37, 21], false, false), ([17, 5], [3, 17], true, true),
                                                   ([33, 16], [2, 33, 16], true, false), ([1, 40], [40, 1], false, false)]
        for (aShape, bShape, transposeA, transposeB) in cases {
            // Positive values: the CPU's packed GEMM adds in another order (and fuses), so the
            // results agree within a relative tolerance.
            func operand(_ shape: [Int], seed: Int) throws -> Tensor {
                try Tensor((0..<shape.reduce(1, *)).map { 0.5 + Double(($0 * 37 + seed) % 101) / 101 }, shape: shape).cast(to: dtype)
            }
            let finite = (try operand(aShape, seed: 4), try operand(bShape, seed: 5))
            let cpu = try finite.0.matmul(finite.1, transposeA: transposeA, transposeB: transposeB)
            let expected = try Self.bytes(cpu)
            let g = try MatMulRequest(a: finite.0, b: finite.1, transposeA: transposeA, transposeB: transposeB).geometry()
            let batches = g.batch.elementCount
            let geometry = CUDABackend.int64Bytes([g.m, g.n, g.k, g.rowStrideA, g.columnStrideA, g.rowStrideB, g.columnStrideB, batches,
                                                   g.batchCountA == 1 ? 0 : g.m * g.k, g.batchCountB == 1 ? 0 : g.k * g.n])
            var out = [UInt8](repeating: 0xCD, count: expected.count)
            try finite.0.withUnsafeBytes { pa in try finite.1.withUnsafeBytes { pb in out.withUnsafeMutableBytes { pc in geometry.withUnsafeBytes { pg in
                kernel(pa.baseAddress, pb.baseAddress, pc.baseAddress, pg.baseAddress)
            } } } }
            let label = "matmul \(dtype.name) \(aShape)\(transposeA ? "ᵀ" : "") × \(bShape)\(transposeB ? "ᵀ" : "")"
            let worst = Self.worstRelative(out, expected, bits: dtype == .float32 ? 32 : 64)
            #expect(worst.map { $0 <= (dtype == .float32 ? 1e-5 : 1e-13) } == true, "\(label): relative \(worst.map { "\($0)" } ?? "NaN")")
        }
    }

    static func words(_ bytes: [UInt8], bits: Int) -> [UInt64] {
        stride(from: 0, to: bytes.count, by: bits / 8).map { i in (0..<bits / 8).reduce(UInt64(0)) { $0 | UInt64(bytes[i + $1]) << (8 * UInt64($1)) } }
    }

    static func value(_ word: UInt64, bits: Int) -> Double {
        bits == 32 ? Double(Float(bitPattern: UInt32(truncatingIfNeeded: word))) : Double(bitPattern: word)
    }

    /// The largest ULP distance, a NaN equal only to a NaN; `nil` on a NaN mismatch.
    static func worstULP(_ a: [UInt8], _ b: [UInt8], bits: Int) -> Int? {
        var worst = 0
        for (x, y) in zip(words(a, bits: bits), words(b, bits: bits)) {
            let (nx, ny) = (value(x, bits: bits).isNaN, value(y, bits: bits).isNaN)
            if nx || ny { if nx != ny { return nil } else { continue } }
            worst = max(worst, ULP.distance(x, y, bits: bits))
        }
        return worst
    }

    static func worstRelative(_ a: [UInt8], _ b: [UInt8], bits: Int) -> Double? {
        var worst = 0.0
        for (x, y) in zip(words(a, bits: bits), words(b, bits: bits)) {
            let (u, v) = (value(x, bits: bits), value(y, bits: bits))
            if u.isNaN || v.isNaN { return nil }
            worst = max(worst, abs(u - v) / max(1, abs(v)))
        }
        return worst
    }

    /// The same bytes, except that for floats any NaN equals any NaN.
    static func same(_ a: [UInt8], _ b: [UInt8], dtype: DType) -> Bool {
        guard a.count == b.count else { return false }
        guard dtype == .float32 || dtype == .float64 else { return a == b }
        let bits = dtype == .float32 ? 32 : 64
        return zip(words(a, bits: bits), words(b, bits: bits)).allSatisfy { x, y in
            x == y || (value(x, bits: bits).isNaN && value(y, bits: bits).isNaN)
        }
    }

    static func firstDifference(_ a: [UInt8], _ b: [UInt8], dtype: DType) -> String {
        guard a.count == b.count else { return "\(a.count) vs \(b.count) bytes" }
        let size = dtype.byteSize ?? 1
        for i in stride(from: 0, to: a.count, by: size) where a[i..<i + size] != b[i..<i + size] {
            return "element \(i / size): kernel \(Array(a[i..<i + size])) CPU \(Array(b[i..<i + size]))"
        }
        return "same"
    }
}
