import Testing
import _CTensorBridgeKernels
@testable import TensorBridge

/// float16 element-wise ops run in float32 blocks (F16C conversions around the op's float32
/// loop); their results must be the per-element path's: each op's float32 result rounded
/// once, or the op's own float16 rule. Over every 37th float16 bit pattern (zeros,
/// subnormals, normals, infinities, NaNs), same shapes and a single-element operand on
/// either side, with a length that leaves a partial block.
@Suite struct HalfBlocksTests {
    static let xs: [UInt16] = stride(from: 0, to: 65_536, by: 37).map { UInt16($0) }
    static let ys: [UInt16] = xs.map { $0 &* 7 &+ 11 }

    static func tensor(_ bits: [UInt16]) throws -> Tensor { try Tensor(bits.map { Float16(bitPattern: $0) }) }

    static func bits(_ t: Tensor) throws -> [UInt16] { try t.scalars(as: Float16.self).map(\.bitPattern) }

    /// Equal bit patterns, or both NaN; `ulps` more for ops whose float32 loop is a vector
    /// approximation rather than the C library's function.
    static func agree(_ a: [UInt16], _ b: [UInt16], ulps: Int = 0, _ label: String) {
        #expect(a.count == b.count, "\(label): \(a.count) vs \(b.count) elements")
        var worst = 0, at = 0
        for (i, (p, q)) in zip(a, b).enumerated() {
            let x = Float16(bitPattern: p), y = Float16(bitPattern: q)
            if x.isNaN && y.isNaN { continue }
            let distance = x.isNaN || y.isNaN || x.sign != y.sign ? Int.max : abs(Int(p & 0x7fff) - Int(q & 0x7fff))
            if distance > worst { (worst, at) = (distance, i) }
        }
        #expect(worst <= ulps, "\(label): element \(at): \(Float16(bitPattern: a[at])) vs \(Float16(bitPattern: b[at]))")
    }

    @Test func binaryOpsGiveThePerElementResults() throws {
        try #require(tb_half_supported() != 0, "this CPU has no F16C: float16 takes the per-element path only")
        let x = try Self.tensor(Self.xs), y = try Self.tensor(Self.ys), one = try Self.tensor([Self.ys[100]])
        func check<M: BinaryMath>(_: M.Type) throws {
            for (a, b, side) in [(x, y, "same shape"), (x, one, "scalar right"), (one, y, "scalar left")] {
                let viaDispatch = try BinaryMathKernel.run(M.self, TensorPair(a, b))
                let perElement = try BinaryKernel.run(HalfOf<M, Float16>.self, a, b, dtype: .float16)
                Self.agree(try Self.bits(viaDispatch), try Self.bits(perElement), "\(M.name) \(side)")
            }
        }
        try check(Arithmetic.Add.self)
        try check(Arithmetic.Subtract.self)
        try check(Arithmetic.Multiply.self)
        try check(Arithmetic.RealDivide.self)
        try check(Arithmetic.FloorDivide.self)
        try check(Arithmetic.FloorModulo.self)
        try check(Arithmetic.Power.self)
        try check(Extrema.Maximum.self)
        try check(Extrema.Minimum.self)
    }

    @Test func comparisonsGiveThePerElementResults() throws {
        try #require(tb_half_supported() != 0, "this CPU has no F16C: float16 takes the per-element path only")
        let x = try Self.tensor(Self.xs), y = try Self.tensor(Self.ys), one = try Self.tensor([Self.ys[100]])
        func check<M: CompareMath>(_: M.Type) throws {
            for (a, b, side) in [(x, y, "same shape"), (x, one, "scalar right"), (one, y, "scalar left"), (x, x, "equal values")] {
                let viaDispatch = try Comparisons.run(M.self, TensorPair(a, b)).scalars(as: Bool.self)
                let perElement = try BinaryKernel.run(CompareHalfOf<M, Float16>.self, a, b, dtype: .bool).scalars(as: Bool.self)
                #expect(viaDispatch == perElement, "\(M.name) \(side)")
            }
        }
        try check(Comparisons.Less.self)
        try check(Comparisons.LessEqual.self)
        try check(Comparisons.Greater.self)
        try check(Comparisons.GreaterEqual.self)
        try check(Comparisons.Equal.self)
        try check(Comparisons.NotEqual.self)
    }

    @Test func unaryOpsGiveThePerElementResults() throws {
        try #require(tb_half_supported() != 0, "this CPU has no F16C: float16 takes the per-element path only")
        let x = try Self.tensor(Self.xs)
        func check<M: UnaryMath>(_: M.Type) throws {
            let viaDispatch = try UnaryMathKernel.run(M.self, x)
            let perElement = try UnaryKernel.run(UnaryHalfOf<M, Float16>.self, x, dtype: .float16)
            // exp and sigmoid's float32 loops are within 1 ULP of the C library: after
            // rounding to float16 that is at most one float16 step.
            Self.agree(try Self.bits(viaDispatch), try Self.bits(perElement), ulps: M.float32Kernel == nil ? 0 : 1, M.name)
        }
        try check(UnaryOps.Negate.self)
        try check(UnaryOps.Absolute.self)
        try check(UnaryOps.Signum.self)
        try check(UnaryOps.Exp.self)
        try check(UnaryOps.Log.self)
        try check(UnaryOps.SquareRoot.self)
        try check(UnaryOps.ReciprocalSquareRoot.self)
        try check(UnaryOps.Square.self)
        try check(UnaryOps.Sine.self)
        try check(UnaryOps.Cosine.self)
        try check(UnaryOps.HyperbolicTangent.self)
        try check(UnaryOps.Sigmoid.self)
        try check(UnaryOps.Relu.self)
    }
}

extension HalfBlocksTests {
    /// float16 row sums, means and maxima through the float32 row kernels against the
    /// per-element reducer: maxima bit for bit, sums and means within one float16 step of the
    /// per-element path (another order of float32 additions, then one rounding).
    @Test func rowReductionsGiveThePerElementResults() throws {
        try #require(tb_half_supported() != 0, "this CPU has no F16C: float16 takes the per-element path only")
        let values = try Random.statelessNormal(shape: [37, 1030], seed: (5, 6)).cast(to: .float16)
        for (axes, label) in [([1], "rows"), (nil, "all")] as [([Int]?, String)] {
            func check<M: ReduceMath>(_: M.Type, ulps: Int) throws {
                let request = ReduceRequest(tensor: values, axes: axes, keepDims: false)
                let viaDispatch = try Reductions.run(M.self, request)
                let perElement = try ReductionKernel.run(HalfReducer<M, Float16>.self, try ReductionLayout(request, op: M.name), dtype: .float16)
                Self.agree(try Self.bits(viaDispatch), try Self.bits(perElement), ulps: ulps, "\(M.name) \(label)")
            }
            try check(Reductions.Sum.self, ulps: 1)
            try check(Reductions.Mean.self, ulps: 1)
            try check(Reductions.Max.self, ulps: 0)
        }
    }
}
