import Testing
@testable import TensorBridge

/// complex64 and complex128 sign, rsqrt, sin, cos, tanh, sigmoid, pow and cumsum against
/// TensorFlow 2.21 (scripts/generate_math_goldens.py), bit for bit: TensorFlow computes them
/// with scalar formulas (the C library's csin, ccos, ctanh, cexp and cpow; Eigen's
/// complex_rsqrt; z / hypot for sign), which TensorBridge repeats step for step. The cases
/// include zeros of both signs, subnormal parts, parts large enough to overflow sinh and cosh,
/// moduli near 1 (clog's log1p branches), infinities and NaNs.
@Suite struct ComplexUnaryTests {
    static func cases(_ op: String) throws -> [[String: Any]] {
        try #require(try MathGolden.section("complexOps") as? [[String: Any]]).filter { $0["op"] as? String == op }
    }

    @Test(arguments: ["sign", "rsqrt", "sin", "cos", "tanh", "sigmoid"])
    func unaryMatchesTensorFlowBitForBit(_ op: String) throws {
        let cases = try Self.cases(op)
        #expect(cases.count == 6)
        for c in cases {
            let x = try MathGolden.tensor(c["x"])
            try MathGolden.compare(try ElementwiseTests.unary(op, x), try MathGolden.tensor(c["out"]), "\(op) \(x.dtype) \(x.shape)")
        }
    }

    /// complex128 exp is the C library's cexp in TensorFlow too (no packet path); bit for bit
    /// but for the sign of a NaN (`exp(inf + inf·i)`: TensorFlow's imaginary NaN is positive).
    @Test func complex128ExpMatchesTensorFlowBitForBit() throws {
        let cases = try #require(try MathGolden.section("unary") as? [[String: Any]]).filter {
            $0["op"] as? String == "exp" && ($0["x"] as? [String: Any])?["dtype"] as? String == "complex128"
        }
        let edges = try Self.cases("exp")
        #expect(cases.count == 3 && edges.count == 3)
        for c in cases + edges {
            let x = try MathGolden.tensor(c["x"])
            let actual = try MathGolden.doubles(try x.exp()), expected = try MathGolden.doubles(try MathGolden.tensor(c["out"]))
            #expect(actual.count == expected.count)
            let differ = zip(actual, expected).filter { !($0.isNaN && $1.isNaN) && $0.bitPattern != $1.bitPattern }
            #expect(differ.isEmpty, "exp \(x.shape): \(differ.count) parts differ from TensorFlow: \(differ.prefix(4))")
        }
    }

    @Test func powMatchesTensorFlowBitForBit() throws {
        let cases = try Self.cases("pow")
        #expect(cases.count == 10)
        for c in cases {
            let x = try MathGolden.tensor(c["x"]), y = try MathGolden.tensor(c["y"])
            try MathGolden.compare(try x.pow(y), try MathGolden.tensor(c["out"]), "pow \(x.dtype) \(x.shape) \(y.shape)")
        }
    }

    @Test func cumsumMatchesTensorFlowBitForBit() throws {
        let cases = try Self.cases("cumsum")
        #expect(cases.count == 24)
        for c in cases {
            let axis = try #require(c["axis"] as? Int)
            let exclusive = try #require(c["exclusive"] as? Bool), reverse = try #require(c["reverse"] as? Bool)
            let x = try MathGolden.tensor(c["x"])
            try MathGolden.compare(try x.cumsum(axis: axis, exclusive: exclusive, reverse: reverse), try MathGolden.tensor(c["out"]),
                                   "cumsum \(x.dtype) axis \(axis) exclusive \(exclusive) reverse \(reverse)")
        }
    }

    @Test func signOfZeroIsZeroAndOtherwiseUnitModulus() throws {
        let s = try Tensor([Complex64(0, 0), Complex64(-0.0, 0), Complex64(3, -4)]).sign().scalars(as: Complex64.self)
        #expect(s == [Complex64(0, 0), Complex64(0, 0), Complex64(0.6, -0.8)])
        #expect(s[1].real.sign == .plus)
    }

    /// What TensorFlow refuses for complex tensors throws its phrase.
    @Test func opsWithoutComplexKernelsRefuseAsTensorFlowDoes() throws {
        let errors = try #require(try MathGolden.section("complexErrors") as? [String: String])
        let c = try Tensor([Complex64(1, 2)])
        try MathGolden.expectError("maximum", errors) { try c.maximum(c) }
        try MathGolden.expectError("minimum", errors) { try c.minimum(c) }
        try MathGolden.expectError("floorMod", errors) { try c.mod(c) }
        try MathGolden.expectError("argmax", errors) { try c.argMax() }
        try MathGolden.expectError("greater", errors) { try c.greater(c) }
        try MathGolden.expectError("floorDiv", errors) { try c.floorDiv(c) }
    }
}
