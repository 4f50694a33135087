import Testing
@testable import TensorBridge

/// matmul against TensorFlow 2.21 (plain, transposed, batched, broadcast batches) for
/// float32, float64, float16, bfloat16, complex64 and complex128. The sums run in another
/// order than TensorFlow's (oneDNN/Eigen blocks and FMA), so results agree within
/// 1e-5 (float32, complex64), 1e-12 (float64, complex128) or 2e-2 (float16, bfloat16) times
/// the largest |a|·|b| row-column product sum, not bit for bit.
@Suite struct MatMulTests {
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

    @Test func largeFloat32MatchesFloat64Reference() throws {
        // Crosses every blocking boundary of the packed kernel (96-row, 256-deep, 16-wide blocks).
        let a = try Random.statelessNormal(shape: [197, 300], seed: (1, 2)), b = try Random.statelessNormal(shape: [300, 45], seed: (3, 4))
        let fast = try a.matmul(b).cast(to: .float64).scalars(as: Double.self)
        let exact = try a.cast(to: .float64).matmul(try b.cast(to: .float64)).scalars(as: Double.self)
        let worst = zip(fast, exact).map { Swift.abs($0 - $1) }.max() ?? 0
        #expect(worst < 1e-3, "float32 matmul is \(worst) from the float64 product")
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
