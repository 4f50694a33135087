import Testing
@testable import TensorBridge

/// The vectorized C loops (float32 add, multiply, maximum, exp, sigmoid, row max and sum,
/// 4-byte transpose)
/// against the generic Swift loops they replace, bit for bit, over special values (NaN,
/// signed zeros, subnormals, infinities) at lengths that cross every vector width. The
/// generic loops themselves are checked against TensorFlow in the other Math tests.
@Suite struct VectorKernelTests {
    static let specials: [Float] = [.nan, -.nan, 0, -0.0, .infinity, -.infinity, Float(bitPattern: 0x0001_1705), -Float(bitPattern: 0x0001_1705),
                                    Float.leastNormalMagnitude, 88.72, 88.73, -87.3, -87.4, -104, 1, -1, 3.5, -2.25]

    static func values(_ n: Int, seed: UInt32) -> [Float] {
        var state = seed
        return (0..<n).map { i in
            if i % 7 == 0 { return specials[(i / 7) % specials.count] }
            state = state &* 1_664_525 &+ 1_013_904_223
            return Float(Int32(bitPattern: state) >> 8) / Float(1 << 18)
        }
    }

    static func bits(_ t: Tensor) throws -> [UInt32] { try t.scalars(as: Float.self).map(\.bitPattern) }

    @Test(arguments: [1, 15, 17, 100, 4099])
    func binaryLoopsMatchTheGenericPath(_ n: Int) throws {
        let x = try Tensor(Self.values(n, seed: 1), shape: [n])
        let y = try Tensor(Self.values(n, seed: 2).reversed(), shape: [n])
        // A [1, n] operand takes the broadcasting loop; equal shapes take the C loop.
        let row = try x.reshaped(to: [1, n])
        #expect(try Self.bits(x + y) == Self.bits(try (row + y).reshaped(to: [n])))
        #expect(try Self.bits(x.maximum(y)) == Self.bits(try row.maximum(y).reshaped(to: [n])))
        #expect(try Self.bits(x * y) == Self.bits(try (row * y).reshaped(to: [n])))
        // A one-element right operand of higher rank takes the broadcasting loop too.
        for s: Float in [2, -0.0, .nan, 1e-30] {
            let wide = try Tensor([s], shape: [1, 1])
            #expect(try Self.bits(x * Tensor([s], shape: [1])) == Self.bits(try (x * wide).reshaped(to: [n])), "x * \(s)")
        }
    }

    @Test(arguments: [1, 15, 17, 100, 4099])
    func expAndSigmoidMatchTheScalarFormulas(_ n: Int) throws {
        let input = Self.values(n, seed: 3)
        let x = try Tensor(input, shape: [n])
        let e = try x.exp().scalars(as: Float.self), s = try x.sigmoid().scalars(as: Float.self)
        for (i, v) in input.enumerated() {
            let want = UnaryOps.Exp.float(v), wantS = UnaryOps.Sigmoid.float(v)
            #expect(Self.within(e[i], want, ulps: 2), "exp(\(v)) = \(e[i]), libm \(want)")
            #expect(Self.within(s[i], wantS, ulps: 2), "sigmoid(\(v)) = \(s[i]), libm \(wantS)")
        }
    }

    static func within(_ a: Float, _ b: Float, ulps: Int) -> Bool {
        if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
        if a == b { return true }
        func ordered(_ f: Float) -> Int64 { let i = Int64(Int32(bitPattern: f.bitPattern)); return i < 0 ? Int64(Int32.min) - i : i }
        return abs(ordered(a) - ordered(b)) <= Int64(ulps)
    }

    @Test func rowMaxMatchesOneRowAtATime() throws {
        let rows = 40, n = 1000
        var input = Self.values(rows * n, seed: 4).map { $0.isNaN ? 0.5 : $0 }
        for j in 0..<n { input[3 * n + j] = j % 2 == 0 ? 0 : -0.0 }   // a row whose maximum is a zero
        input[5 * n + 17] = .nan                                         // a row holding a NaN
        for j in 0..<n { input[6 * n + j] = -.infinity }
        let x = try Tensor(input, shape: [rows, n])
        let got = try Self.bits(x.reduceMax(axes: [1]))
        for r in 0..<rows {
            // One row alone takes the generic loop.
            let one = try Tensor(Array(input[r * n..<(r + 1) * n]), shape: [n]).reduceMax()
            #expect(got[r] == (try Self.bits(one))[0], "row \(r)")
        }
    }

    @Test func rowSumsAgreeWithTheGenericLoopWithinRounding() throws {
        let rows = 40, n = 1000
        let input = Self.values(rows * n, seed: 5).map { $0.isFinite && Swift.abs($0) < 1e6 ? $0 : 0.5 }
        let sums = try Tensor(input, shape: [rows, n]).reduceSum(axes: [1]).scalars(as: Float.self)
        let means = try Tensor(input, shape: [rows, n]).reduceMean(axes: [1]).scalars(as: Float.self)
        for r in 0..<rows {
            let row = input[r * n..<(r + 1) * n]
            let exact = row.reduce(0.0) { $0 + Double($1) }, magnitude = row.reduce(0.0) { $0 + Double(Swift.abs($1)) }
            #expect(Swift.abs(Double(sums[r]) - exact) <= 1e-6 * magnitude, "row \(r)")
            #expect(Swift.abs(Double(means[r]) - exact / Double(n)) <= 1e-6 * magnitude / Double(n) * 4, "row \(r)")
        }
        // One long row is split across the cores.
        let long = Self.values(1 << 18, seed: 6).map { $0.isFinite && Swift.abs($0) < 1e6 ? $0 : 0.5 }
        let total = try Tensor(long, shape: [long.count]).reduceSum().scalars(as: Float.self)[0]
        let exact = long.reduce(0.0) { $0 + Double($1) }, magnitude = long.reduce(0.0) { $0 + Double(Swift.abs($1)) }
        #expect(Swift.abs(Double(total) - exact) <= 1e-6 * magnitude)
    }

    @Test(arguments: [[7, 5], [64, 64], [67, 133], [130, 9]])
    func transposeMovesEveryElement(_ dims: [Int]) throws {
        let n = dims[0] * dims[1]
        let x = try Tensor((0..<n).map { Float($0) }, shape: dims)
        let t = try x.transposed().scalars(as: Float.self)
        for r in 0..<dims[1] {
            for c in 0..<dims[0] where t[r * dims[0] + c] != Float(c * dims[1] + r) {
                Issue.record("element (\(r), \(c)) of the \(dims) transpose")
                return
            }
        }
    }
}
