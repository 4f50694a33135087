import Testing
@testable import TensorBridge

/// Element-wise ops against TensorFlow 2.21 (scripts/generate_math_goldens.py): bit for bit
/// for `+ - * /`, floorDiv, mod, min/max, comparisons, neg/abs/sign/sqrt/square/relu and every
/// integer op; within 2 ULP for exp, log, sin, cos, tanh, sigmoid, rsqrt and float pow (the C
/// library against Eigen's polynomial approximations), rsqrt within 4 and tanh and sigmoid
/// within 8 (Eigen's rational approximations sit a few ULP from the correctly rounded value).
/// maximum/minimum of two zeros of different signs may return either zero: TensorFlow's
/// choice depends on which Eigen evaluation path (scalar, broadcast, packet) ran.
@Suite struct ElementwiseTests {
    static func binary(_ op: String, _ x: Tensor, _ y: Tensor) throws -> Tensor {
        switch op {
        case "add": try x + y
        case "sub": try x - y
        case "mul": try x * y
        case "realdiv": try x / y
        case "floordiv": try x.floorDiv(y)
        case "floormod": try x.mod(y)
        case "pow": try x.pow(y)
        case "maximum": try x.maximum(y)
        case "minimum": try x.minimum(y)
        case "less": try x.less(y)
        case "lessEqual": try x.lessEqual(y)
        case "greater": try x.greater(y)
        case "greaterEqual": try x.greaterEqual(y)
        case "equal": try x.equal(y)
        case "notEqual": try x.notEqual(y)
        default: throw MathGolden.Failure(description: "unknown op \(op)")
        }
    }

    static func unary(_ op: String, _ x: Tensor) throws -> Tensor {
        switch op {
        case "neg": try -x
        case "abs": try x.absolute()
        case "sign": try x.sign()
        case "sqrt": try x.sqrt()
        case "rsqrt": try x.rsqrt()
        case "square": try x.square()
        case "exp": try x.exp()
        case "log": try x.log()
        case "sin": try x.sin()
        case "cos": try x.cos()
        case "tanh": try x.tanh()
        case "sigmoid": try x.sigmoid()
        case "relu": try x.relu()
        default: throw MathGolden.Failure(description: "unknown op \(op)")
        }
    }

    @Test func binaryOpsMatchTensorFlow() throws {
        let cases = try #require(try MathGolden.section("binary") as? [[String: Any]])
        #expect(cases.count > 400)
        for c in cases {
            let op = try #require(c["op"] as? String)
            let x = try MathGolden.tensor(c["x"]), y = try MathGolden.tensor(c["y"])
            try MathGolden.compare(try Self.binary(op, x, y), try MathGolden.tensor(c["out"]), ulp: c["ulp"] as? Int ?? 0,
                                   zeroSign: op != "maximum" && op != "minimum", "\(op) \(x.dtype) \(x.shape) \(y.shape)")
        }
    }

    @Test func unaryOpsMatchTensorFlow() throws {
        let cases = try #require(try MathGolden.section("unary") as? [[String: Any]])
        // Complex exp/log/sqrt ("normUlp") are measured in ComplexMathTests.
        for c in cases where c["normUlp"] == nil {
            let op = try #require(c["op"] as? String)
            let x = try MathGolden.tensor(c["x"])
            try MathGolden.compare(try Self.unary(op, x), try MathGolden.tensor(c["out"]), ulp: c["ulp"] as? Int ?? 0, "\(op) \(x.dtype)")
        }
    }

    @Test func logicalWhereAndClip() throws {
        let g = try #require(try MathGolden.section("logical") as? [String: Any])
        let x = try MathGolden.tensor(g["x"]), y = try MathGolden.tensor(g["y"])
        try MathGolden.compare(try x.logicalAnd(y), try MathGolden.tensor(g["and"]), "and")
        try MathGolden.compare(try x.logicalOr(y), try MathGolden.tensor(g["or"]), "or")
        try MathGolden.compare(try x.logicalNot(), try MathGolden.tensor(g["not"]), "not")
        try MathGolden.compare(try x.logicalXor(y), try MathGolden.tensor(g["xor"]), "xor")
        let picked = try Tensor.where(x, try MathGolden.tensor(g["whereX"]), try MathGolden.tensor(g["whereY"]))
        try MathGolden.compare(picked, try MathGolden.tensor(g["where"]), "where")
        let clipped = try MathGolden.tensor(g["clipX"]).clipped(min: -1.5, max: 2.0)
        try MathGolden.compare(clipped, try MathGolden.tensor(g["clip"]), "clip")
    }

    @Test func literalsTakeTheTensorsDType() throws {
        let ints = try Tensor([1, 2, 3] as [Int32])
        let doubled = try ints * 2
        #expect(doubled.dtype == .int32)
        #expect(try doubled.scalars(as: Int32.self) == [2, 4, 6])
        let halves = try Tensor([1, 2] as [Float16]) + 0.5
        #expect(halves.dtype == .float16)
        #expect(try halves.scalars(as: Float16.self) == [1.5, 2.5])
        #expect(throws: TensorBridgeError.self) { try ints * 2.5 }
        #expect(throws: TensorBridgeError.self) { try Tensor([1] as [UInt8]) + 300 }
    }

    @Test func errorsCarryTensorFlowsMessages() throws {
        let errors = try #require(try MathGolden.section("errors") as? [String: String])
        func expectMessage(_ key: String, _ body: () throws -> Tensor) throws { try MathGolden.expectError(key, errors, body) }
        let f23 = try Tensor.zeros(shape: [2, 3]), f4 = try Tensor.zeros(shape: [4]), d23 = try Tensor.zeros(shape: [2, 3], dtype: .float64)
        try expectMessage("mixedDTypes") { try f23 + d23 }
        try expectMessage("mixedDTypesMul") { try f23 * d23 }
        try expectMessage("incompatibleShapes") { try f23 + f4 }
        try expectMessage("intDivByZero") { try Tensor([1] as [Int32]).floorDiv(try Tensor([0] as [Int32])) }
        try expectMessage("negativePower") { try Tensor([2] as [Int32]).pow(try Tensor([-1] as [Int32])) }
        try expectMessage("where") { try Tensor.where(try Tensor([true, false]), f23, f23) }
        try expectMessage("logicalAnd") { try f23.logicalAnd(f23) }
        try expectMessage("expInt") { try Tensor([1] as [Int32]).exp() }
    }
}

/// Swift `Int` arrays take TensorFlow's dtype rule for Python integers.
@Suite struct SwiftIntTensorTests {
    @Test func intArraysAreInt32UnlessTooLarge() throws {
        let small = try Tensor([1, -2, 3] as [Int])
        #expect(small.dtype == .int32)
        #expect(try small.scalars(as: Int32.self) == [1, -2, 3])
        let large = try Tensor([1, 1 << 40] as [Int])
        #expect(large.dtype == .int64)
        #expect(try large.scalars(as: Int64.self) == [1, 1 << 40])
        let matrix = try Tensor([[1, 2], [3, 4]] as [[Int]])
        #expect(matrix.shape.dimensions == [2, 2])
        #expect(throws: TensorBridgeError.self) { try Tensor([[1, 2], [3]] as [[Int]]) }
    }
}
