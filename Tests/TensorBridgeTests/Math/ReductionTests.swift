import Testing
@testable import TensorBridge

/// Reductions, arg-extrema and cumsum against TensorFlow 2.21. Integer results, max, min,
/// any, all, argmax/argmin and NaN/empty cases are exact. Float sums and means agree within
/// 1e-6 (float32), 1e-14 (float64) or 1e-2 (float16, bfloat16) times the sum of magnitudes
/// (divided by the count for a mean): TensorBridge adds in a different order from Eigen's
/// tree, and float16/bfloat16 accumulate in float32, so the last bits may differ by a
/// rounding error that grows with the magnitudes summed. Products agree within the same
/// factors (5e-2 for the half types, which TensorFlow multiplies in their own precision)
/// relative to the result.
@Suite struct ReductionTests {
    /// The allowed difference for `op` over `x` with TensorFlow's result `expected`, or 0 (exact).
    static func tolerance(_ x: Tensor, _ expected: Tensor, op: String) throws -> Double {
        guard ["sum", "mean", "prod"].contains(op), x.dtype.isFloatingPoint || x.dtype.isComplex else { return 0 }
        let factor: Double = switch x.dtype {
        case .float32, .complex64: 1e-6
        case .float64, .complex128: 1e-14
        default: op == "prod" ? 5e-2 : 1e-2
        }
        if op == "prod" {
            return factor * Swift.max(1e-300, try MathGolden.doubles(expected).reduce(0) { Swift.max($0, Swift.abs($1)) })
        }
        let magnitude = try MathGolden.doubles(x).reduce(0) { $0 + Swift.abs($1) }
        return factor * Swift.max(1e-300, op == "mean" ? magnitude / Double(Swift.max(1, x.elementCount)) * 4 : magnitude)
    }

    @Test func reductionsMatchTensorFlow() throws {
        let cases = try #require(try MathGolden.section("reductions") as? [[String: Any]])
        for c in cases { try MathGolden.checkReduction(c) }
    }

    @Test func argExtremaMatchTensorFlow() throws {
        let cases = try #require(try MathGolden.section("argExtrema") as? [[String: Any]])
        for c in cases {
            let axis = try #require(c["axis"] as? Int), x = try MathGolden.tensor(c["x"])
            let y = c["op"] as? String == "argmax" ? try x.argMax(axis: axis) : try x.argMin(axis: axis)
            try MathGolden.compare(y, try MathGolden.tensor(c["out"]), "\(c["op"] ?? "") \(x.dtype) axis \(axis)")
        }
    }

    @Test func cumsumMatchesTensorFlow() throws {
        let cases = try #require(try MathGolden.section("cumsum") as? [[String: Any]])
        for c in cases {
            let axis = try #require(c["axis"] as? Int), x = try MathGolden.tensor(c["x"])
            let exclusive = c["exclusive"] as? Bool ?? false, reverse = c["reverse"] as? Bool ?? false
            try MathGolden.compare(try x.cumsum(axis: axis, exclusive: exclusive, reverse: reverse), try MathGolden.tensor(c["out"]),
                                   "cumsum \(x.dtype) axis \(axis) exclusive \(exclusive) reverse \(reverse)")
        }
    }

    @Test func errorsCarryTensorFlowsMessages() throws {
        let errors = try #require(try MathGolden.section("errors") as? [String: String])
        let f23 = try Tensor.zeros(shape: [2, 3])
        for (key, body) in [("reductionAxis", { try f23.reduceSum(axes: [2]) }),
                            ("reductionDuplicate", { try f23.reduceSum(axes: [0, 0]) }),
                            ("argmaxEmpty", { try Tensor.zeros(shape: [0]).argMax() }),
                            ("cumsumAxis", { try f23.cumsum(axis: 3) })] as [(String, () throws -> Any)] {
            try MathGolden.expectError(key, errors, body)
        }
    }
}
