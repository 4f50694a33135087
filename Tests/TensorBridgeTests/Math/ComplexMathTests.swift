import Testing
@testable import TensorBridge

/// complex64 and complex128 against TensorFlow 2.21 (scripts/generate_math_goldens.py).
/// Bit for bit: `/` (Eigen's scaled packet formula for the vectorized body, Smith's algorithm
/// for the last `count % packet` elements), neg, square, abs (`hypot`, a real result),
/// equal and notEqual. exp, log and sqrt are within 4, 4 and 2 ULP of the larger part of
/// TensorFlow's result (the C library's real functions against Eigen's); log within 32 for
/// moduli near 1; complex128 exp is bit-exact (ComplexUnaryTests). Sum, mean and prod
/// agree within 1e-6 (complex64) or 1e-14 (complex128) of the magnitudes involved: the order
/// of the additions differs from Eigen's.
@Suite struct ComplexMathTests {
    static func isComplex(_ c: [String: Any]) -> Bool {
        ((c["x"] as? [String: Any])?["dtype"] as? String)?.hasPrefix("complex") == true
    }

    @Test func divisionMatchesTensorFlowBitForBit() throws {
        let cases = try #require(try MathGolden.section("binary") as? [[String: Any]]).filter { Self.isComplex($0) && $0["op"] as? String == "realdiv" }
        #expect(cases.count == 16)
        for c in cases {
            let x = try MathGolden.tensor(c["x"]), y = try MathGolden.tensor(c["y"])
            try MathGolden.compare(try x / y, try MathGolden.tensor(c["out"]), "/ \(x.dtype) \(x.shape) \(y.shape)")
        }
    }

    @Test func comparisonsMatchTensorFlow() throws {
        let cases = try #require(try MathGolden.section("binary") as? [[String: Any]])
            .filter { Self.isComplex($0) && ["equal", "notEqual"].contains($0["op"] as? String ?? "") }
        #expect(cases.count == 8)
        for c in cases {
            let op = try #require(c["op"] as? String)
            let x = try MathGolden.tensor(c["x"]), y = try MathGolden.tensor(c["y"])
            try MathGolden.compare(try ElementwiseTests.binary(op, x, y), try MathGolden.tensor(c["out"]), "\(op) \(x.dtype) \(y.shape)")
        }
    }

    @Test func negSquareAndAbsMatchTensorFlowBitForBit() throws {
        let cases = try #require(try MathGolden.section("unary") as? [[String: Any]])
            .filter { Self.isComplex($0) && ["neg", "square", "abs"].contains($0["op"] as? String ?? "") }
        #expect(cases.count == 18)
        for c in cases {
            let op = try #require(c["op"] as? String)
            let x = try MathGolden.tensor(c["x"])
            try MathGolden.compare(try ElementwiseTests.unary(op, x), try MathGolden.tensor(c["out"]), "\(op) \(x.dtype) \(x.shape)")
        }
    }

    /// exp, log and sqrt within the generator's bound (4, 4 and 2; log 32 for moduli near 1,
    /// where TensorFlow's own real part is up to 14 of them from the exact value), in units in
    /// the last place of the larger part of TensorFlow's result.
    @Test func expLogAndSqrtWithinAFewULP() throws {
        let cases = try #require(try MathGolden.section("unary") as? [[String: Any]]).filter { $0["normUlp"] != nil }
        #expect(cases.count == 18)
        for c in cases {
            let op = try #require(c["op"] as? String), bound = Double(try #require(c["normUlp"] as? Int))
            let x = try MathGolden.tensor(c["x"]), expected = try MathGolden.tensor(c["out"])
            let actual = try ElementwiseTests.unary(op, x)
            #expect(actual.dtype == expected.dtype && actual.shape == expected.shape, "\(op) \(x.dtype)")
            let (a, e) = (try MathGolden.doubles(actual), try MathGolden.doubles(expected))
            var worst = 0.0
            for i in stride(from: 0, to: e.count, by: 2) {
                let scale = Swift.max(Swift.abs(e[i]), Swift.abs(e[i + 1]))
                let spacing = x.dtype == .complex64 ? Double(Float(scale).ulp) : scale.ulp
                let distance = Swift.max(Swift.abs(a[i] - e[i]), Swift.abs(a[i + 1] - e[i + 1])) / spacing
                worst = Swift.max(worst, distance.isNaN ? .infinity : distance)
            }
            #expect(worst <= bound, "\(op) \(x.dtype) \(x.shape): \(worst) ULP from TensorFlow (bound \(bound))")
        }
    }

    @Test func absoluteGivesTheRealDType() throws {
        let x = try Tensor([Complex64(3, 4), Complex64(-5, 12)])
        let y = try x.absolute()
        #expect(y.dtype == .float32)
        #expect(try y.scalars(as: Float.self) == [5, 13])
        #expect(try Tensor([Complex128(0, -2)]).absolute().dtype == .float64)
    }

    @Test func sumMeanAndProdMatchTensorFlow() throws {
        let cases = try #require(try MathGolden.section("reductions") as? [[String: Any]]).filter(Self.isComplex)
        #expect(cases.count == 72)
        for c in cases { try MathGolden.checkReduction(c) }
    }

    /// What TensorFlow has no complex kernel for still throws its op-definition message.
    @Test func opsWithoutComplexKernelsRefuseAsTensorFlowDoes() throws {
        let errors = try #require(try MathGolden.section("errors") as? [String: String])
        let c = try Tensor([Complex64(1, 2)])
        try MathGolden.expectError("lessComplex", errors) { try c.less(c) }
        try MathGolden.expectError("maxComplex", errors) { try c.reduceMax() }
        try MathGolden.expectError("reluComplex", errors) { try c.relu() }
    }
}
