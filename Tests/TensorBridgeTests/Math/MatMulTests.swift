import Testing
import _CTensorBridgeKernels
@testable import TensorBridge

/// matmul against TensorFlow 2.21 (plain, transposed, batched, broadcast batches) for
/// float32, float64, float16, bfloat16, complex64 and complex128. The sums run in another
/// order than TensorFlow's (oneDNN/Eigen blocks and FMA), so results agree within
/// 1e-5 (float32, complex64), 1e-12 (float64, complex128) or 2e-2 (float16, bfloat16) times
/// the largest |a|·|b| row-column product sum, not bit for bit.
@Suite(.serialized) struct MatMulTests {
    @Test func matmulMatchesTensorFlow() throws {
        let cases = try #require(try MathGolden.section("matmul") as? [[String: Any]])
        #expect(cases.count == 36)
        for c in cases {
            let a = try MathGolden.tensor(c["a"]), b = try MathGolden.tensor(c["b"])
            let ta = c["transposeA"] as? Bool ?? false, tb = c["transposeB"] as? Bool ?? false
            let expected = try MathGolden.tensor(c["out"])
            // The scale of the sums: |a| times |b| (a bound on each term's magnitude sum).
            let bound = try a.abs64().matmul(try b.abs64(), transposeA: ta, transposeB: tb).reduceMax().scalars(as: Double.self)[0]
            let factor: Double = switch a.dtype {
            case .float32, .complex64: 1e-5
            case .float64, .complex128: 1e-12
            default: 2e-2
            }
            try MathGolden.compare(try a.matmul(b, transposeA: ta, transposeB: tb), expected, absolute: factor * Swift.max(bound, 1e-30),
                                   "matmul \(a.dtype) \(a.shape) \(b.shape) ta \(ta) tb \(tb)")
        }
    }

    /// The packed kernels against a plain triple loop in float64 (for complex, over both
    /// parts) on shapes that cross every block boundary: 96-row and 512-deep blocks, 1024- and
    /// 2048-wide panels, and partial 12-row and 32- or 16-column tiles at the edges; plain,
    /// transposed and batched; row-major operands with short rows read in place rather than
    /// packed (small, so that the loop stays fast in a debug build). Each
    /// instruction set the CPU has: AVX-512, AVX2+FMA and portable C (serialized, as the
    /// limit is process-wide; other suites' products stay correct under any limit).
    @Test(arguments: [DType.float32, .float64, .complex64, .complex128], [Int32(2), 1, 0])
    func blockedKernelsMatchAPlainLoop(dtype: DType, instructionSet: Int32) throws {
        tb_gemm_limit_isa(instructionSet)
        defer { tb_gemm_limit_isa(2) }
        let part: DType = dtype == .complex64 ? .float32 : dtype == .complex128 ? .float64 : dtype
        func operand(_ shape: [Int], _ seed: Int64) throws -> Tensor {
            guard dtype.isComplex else { return try Random.statelessNormal(shape: shape, seed: (seed, 7), dtype: part) }
            let parts = try Random.statelessNormal(shape: shape + [2], seed: (seed, 8)).scalars(as: Float.self)
            let count = parts.count / 2
            if dtype == .complex64 {
                return try Tensor((0..<count).map { Complex64(parts[2 * $0], parts[2 * $0 + 1]) }, shape: shape)
            }
            return try Tensor((0..<count).map { Complex128(Double(parts[2 * $0]), Double(parts[2 * $0 + 1])) }, shape: shape)
        }
        for (m, k, n, ta, tb, batch) in [(100, 520, 40, false, false, 1), (5, 20, 2100, true, false, 1),
                                          (13, 530, 70, false, true, 1), (25, 40, 33, true, true, 3),
                                          (37, 530, 64, false, false, 2)] {
            let a = try operand(batch > 1 ? [batch, ta ? k : m, ta ? m : k] : [ta ? k : m, ta ? m : k], 1)
            let b = try operand(batch > 1 ? [batch, tb ? n : k, tb ? k : n] : [tb ? n : k, tb ? k : n], 2)
            let got = try MathGolden.doubles(try a.matmul(b, transposeA: ta, transposeB: tb))
            let x = try MathGolden.doubles(a), y = try MathGolden.doubles(b)
            let w = dtype.isComplex ? 2 : 1  // scalars per element
            var worst = 0.0, scale = 0.0
            for q in 0..<batch {
                for i in 0..<m {
                    for j in 0..<n {
                        var re = 0.0, im = 0.0, magnitude = 0.0
                        for p in 0..<k {
                            let s = w * (q * m * k + (ta ? p * m + i : i * k + p)), t = w * (q * k * n + (tb ? j * k + p : p * n + j))
                            if w == 1 {
                                re += x[s] * y[t]
                                magnitude += Swift.abs(x[s] * y[t])
                            } else {
                                re += x[s] * y[t] - x[s + 1] * y[t + 1]
                                im += x[s] * y[t + 1] + x[s + 1] * y[t]
                                magnitude += (x[s] * x[s] + x[s + 1] * x[s + 1]).squareRoot() * (y[t] * y[t] + y[t + 1] * y[t + 1]).squareRoot()
                            }
                        }
                        let o = w * ((q * m + i) * n + j)
                        worst = Swift.max(worst, Swift.abs(got[o] - re), w == 2 ? Swift.abs(got[o + 1] - im) : 0)
                        scale = Swift.max(scale, magnitude)
                    }
                }
            }
            // Each result is a k-term sum: its rounding error is below k·eps·Σ|a||b|.
            let eps = part == .float32 ? Double(Float.ulpOfOne) : Double.ulpOfOne
            #expect(worst <= Double(k) * eps * scale, "\(dtype) ISA \(instructionSet) [\(m)x\(k)]·[\(k)x\(n)] ta \(ta) tb \(tb) batch \(batch): off by \(worst)")
        }
    }

    @Test func errorsCarryTensorFlowsMessages() throws {
        let errors = try #require(try MathGolden.section("errors") as? [String: String])
        let f23 = try Tensor.zeros(shape: [2, 3])
        try MathGolden.expectError("matmulShapes", errors) { try f23.matmul(f23) }
    }
}

extension Tensor {
    /// |x| as float64 (the modulus for complex), for error bounds.
    func abs64() throws -> Tensor {
        let values = try MathGolden.doubles(self)
        var moduli: [Double] = []
        if dtype.isComplex {
            for i in stride(from: 0, to: values.count, by: 2) {
                let re = values[i], im = values[i + 1]
                moduli.append((re * re + im * im).squareRoot())
            }
        } else {
            moduli = values.map { $0.magnitude }
        }
        return try Tensor(moduli, shape: self.shape.dimensions)
    }
}
