import _CTensorBridgeKernels

/// A comparison of two real elements; float16 and bfloat16 compare as float32.
protocol CompareMath {
    static var name: String { get }
    static func compare<T: Comparable>(_ a: T, _ b: T) -> Bool
}

struct CompareOf<M: CompareMath, T: TensorScalar & Comparable>: BinaryFunction {
    @inline(__always) static func apply(_ a: T, _ b: T) -> Bool { M.compare(a, b) }
}

struct CompareHalfOf<M: CompareMath, T: HalfFloat>: BinaryFunction {
    @inline(__always) static func apply(_ a: T, _ b: T) -> Bool { M.compare(a.widened, b.widened) }
}

enum Comparisons {
    struct Less: CompareMath { static let name = "Less"; static func compare<T: Comparable>(_ a: T, _ b: T) -> Bool { a < b } }
    struct LessEqual: CompareMath { static let name = "LessEqual"; static func compare<T: Comparable>(_ a: T, _ b: T) -> Bool { a <= b } }
    struct Greater: CompareMath { static let name = "Greater"; static func compare<T: Comparable>(_ a: T, _ b: T) -> Bool { a > b } }
    struct GreaterEqual: CompareMath { static let name = "GreaterEqual"; static func compare<T: Comparable>(_ a: T, _ b: T) -> Bool { a >= b } }
    struct Equal: CompareMath { static let name = "Equal"; static func compare<T: Comparable>(_ a: T, _ b: T) -> Bool { a == b } }
    struct NotEqual: CompareMath { static let name = "NotEqual"; static func compare<T: Comparable>(_ a: T, _ b: T) -> Bool { a != b } }

    /// The CPU kernel of a comparison: a bool tensor of the broadcast shape. `Equal` and
    /// `NotEqual` also take bool and complex.
    static func run<M: CompareMath>(_: M.Type, _ pair: TensorPair) throws -> Tensor {
        try MathCheck.sameDType(M.name, pair.x, pair.y)
        if pair.x.dtype == .bool, M.self == Equal.self || M.self == NotEqual.self {
            return try BinaryKernel.run(CompareOf<M, UInt8>.self, pair.x, pair.y, dtype: .bool)
        }
        if pair.x.dtype.isComplex, M.self == Equal.self || M.self == NotEqual.self {
            _ = try BroadcastPlan.shape(pair.x.shape, pair.y.shape)
            return try ComplexElementwise.equal(pair, negated: M.self == NotEqual.self)
        }
        try MathCheck.allowed(M.name, pair.x.dtype, MathCheck.reals)
        return try RealDispatch.visit(pair.x.dtype, CompareVisitor<M>(pair: pair))
    }
}

struct CompareVisitor<M: CompareMath>: RealVisitor {
    let pair: TensorPair
    func float<T: MathFloat>(_: T.Type) throws -> Tensor { try BinaryKernel.run(CompareOf<M, T>.self, pair.x, pair.y, dtype: .bool) }
    func half<T: HalfFloat>(_: T.Type) throws -> Tensor {
        if T.self == Float16.self, let out = try HalfBlocks.compare(pair.x, pair.y, { M.compare($0, $1) }) { return out }
        return try BinaryKernel.run(CompareHalfOf<M, T>.self, pair.x, pair.y, dtype: .bool)
    }
    func integer<T: MathInteger>(_: T.Type) throws -> Tensor { try BinaryKernel.run(CompareOf<M, T>.self, pair.x, pair.y, dtype: .bool) }
}

/// `Maximum` and `Minimum`: NaN propagates, and the result reads as x86's `maxps`/`minps`
/// leave it under denormals-are-zero (a subnormal comes out as zero).
enum Extrema {
    /// Ties (equal values, ±0) give the second operand, as x86's `maxps` does.
    struct Maximum: BinaryMath {
        static let name = "Maximum"
        static func float<T: MathFloat>(_ a: T, _ b: T) -> T { a.isNaN ? a : b.isNaN ? b : (a > b ? a : b).flushedToZero }
        static var float32Kernel: Float32BinaryKernel? { { tb_maximum_f32($0, $1, $2, $3) } }
        static func integer<T: MathInteger>(_ a: T, _ b: T) -> T { Swift.max(a, b) }
    }

    struct Minimum: BinaryMath {
        static let name = "Minimum"
        static func float<T: MathFloat>(_ a: T, _ b: T) -> T { a.isNaN ? a : b.isNaN ? b : (a < b ? a : b).flushedToZero }
        static func integer<T: MathInteger>(_ a: T, _ b: T) -> T { Swift.min(a, b) }
    }
}

/// The logical ops on bool tensors (one byte each, 0 or 1).
enum Logical {
    struct And: BinaryFunction { static func apply(_ a: UInt8, _ b: UInt8) -> UInt8 { a & b } }
    struct Or: BinaryFunction { static func apply(_ a: UInt8, _ b: UInt8) -> UInt8 { a | b } }
    struct Not: UnaryFunction { static func apply(_ a: UInt8) -> UInt8 { a ^ 1 } }

    static func run<F: BinaryFunction>(_ name: String, _: F.Type, _ pair: TensorPair) throws -> Tensor
    where F.Element == UInt8, F.Result == UInt8 {
        try MathCheck.dtype(name, pair.x, input: 0, is: .bool)
        try MathCheck.dtype(name, pair.y, input: 1, is: .bool)
        return try BinaryKernel.run(F.self, pair.x, pair.y, dtype: .bool)
    }
}

extension Ops {
    package static let less = Op<TensorPair, Tensor>("Less", pair: { try Comparisons.run(Comparisons.Less.self, $0) })
    package static let lessEqual = Op<TensorPair, Tensor>("LessEqual", pair: { try Comparisons.run(Comparisons.LessEqual.self, $0) })
    package static let greater = Op<TensorPair, Tensor>("Greater", pair: { try Comparisons.run(Comparisons.Greater.self, $0) })
    package static let greaterEqual = Op<TensorPair, Tensor>("GreaterEqual", pair: { try Comparisons.run(Comparisons.GreaterEqual.self, $0) })
    package static let equal = Op<TensorPair, Tensor>("Equal", pair: { try Comparisons.run(Comparisons.Equal.self, $0) })
    package static let notEqual = Op<TensorPair, Tensor>("NotEqual", pair: { try Comparisons.run(Comparisons.NotEqual.self, $0) })
    package static let maximum = Op<TensorPair, Tensor>("Maximum", pair: { try BinaryMathKernel.run(Extrema.Maximum.self, $0) })
    package static let minimum = Op<TensorPair, Tensor>("Minimum", pair: { try BinaryMathKernel.run(Extrema.Minimum.self, $0) })
    package static let logicalAnd = Op<TensorPair, Tensor>("LogicalAnd", pair: { try Logical.run("LogicalAnd", Logical.And.self, $0) })
    package static let logicalOr = Op<TensorPair, Tensor>("LogicalOr", pair: { try Logical.run("LogicalOr", Logical.Or.self, $0) })
    package static let logicalNot = Op<Tensor, Tensor>("LogicalNot") { x in
        try MathCheck.dtype("LogicalNot", x, input: 0, is: .bool)
        return try UnaryKernel.run(Logical.Not.self, x, dtype: .bool)
    }
}

/// Comparisons (bool results), logical ops on bool tensors, and element-wise extrema, all
/// broadcasting and refusing mixed dtypes as TensorFlow does.
extension Tensor {
    /// `tf.less`: `self < other`, element-wise.
    public func less(_ other: Tensor) throws -> Tensor { try Ops.less(self, other) }
    /// `tf.less` against a literal in this tensor's dtype.
    public func less(_ other: ScalarLiteral) throws -> Tensor { try less(other.tensor(dtype)) }
    /// `tf.less_equal`.
    public func lessEqual(_ other: Tensor) throws -> Tensor { try Ops.lessEqual(self, other) }
    /// `tf.less_equal` against a literal.
    public func lessEqual(_ other: ScalarLiteral) throws -> Tensor { try lessEqual(other.tensor(dtype)) }
    /// `tf.greater`.
    public func greater(_ other: Tensor) throws -> Tensor { try Ops.greater(self, other) }
    /// `tf.greater` against a literal.
    public func greater(_ other: ScalarLiteral) throws -> Tensor { try greater(other.tensor(dtype)) }
    /// `tf.greater_equal`.
    public func greaterEqual(_ other: Tensor) throws -> Tensor { try Ops.greaterEqual(self, other) }
    /// `tf.greater_equal` against a literal.
    public func greaterEqual(_ other: ScalarLiteral) throws -> Tensor { try greaterEqual(other.tensor(dtype)) }
    /// `tf.equal` (NaN is not equal to itself).
    public func equal(_ other: Tensor) throws -> Tensor { try Ops.equal(self, other) }
    /// `tf.equal` against a literal.
    public func equal(_ other: ScalarLiteral) throws -> Tensor { try equal(other.tensor(dtype)) }
    /// `tf.not_equal`.
    public func notEqual(_ other: Tensor) throws -> Tensor { try Ops.notEqual(self, other) }
    /// `tf.not_equal` against a literal.
    public func notEqual(_ other: ScalarLiteral) throws -> Tensor { try notEqual(other.tensor(dtype)) }

    /// `tf.logical_and` of two bool tensors.
    public func logicalAnd(_ other: Tensor) throws -> Tensor { try Ops.logicalAnd(self, other) }
    /// `tf.logical_or` of two bool tensors.
    public func logicalOr(_ other: Tensor) throws -> Tensor { try Ops.logicalOr(self, other) }
    /// `tf.logical_not` of a bool tensor.
    public func logicalNot() throws -> Tensor { try Ops.logicalNot(self) }
    /// `tf.math.logical_xor`: `(x or y) and not (x and y)`, as TensorFlow composes it.
    public func logicalXor(_ other: Tensor) throws -> Tensor {
        try logicalOr(other).logicalAnd(try logicalAnd(other).logicalNot())
    }

    /// `tf.maximum`: the larger element; NaN propagates.
    public func maximum(_ other: Tensor) throws -> Tensor { try Ops.maximum(self, other) }
    /// `tf.maximum` with a literal.
    public func maximum(_ other: ScalarLiteral) throws -> Tensor { try maximum(other.tensor(dtype)) }
    /// `tf.minimum`: the smaller element; NaN propagates.
    public func minimum(_ other: Tensor) throws -> Tensor { try Ops.minimum(self, other) }
    /// `tf.minimum` with a literal.
    public func minimum(_ other: ScalarLiteral) throws -> Tensor { try minimum(other.tensor(dtype)) }

    /// `tf.clip_by_value`: `maximum(minimum(self, max), min)`, in that order as TensorFlow composes it.
    public func clipped(min lower: Tensor, max upper: Tensor) throws -> Tensor { try minimum(upper).maximum(lower) }
    /// `tf.clip_by_value` with literal bounds in this tensor's dtype.
    public func clipped(min lower: ScalarLiteral, max upper: ScalarLiteral) throws -> Tensor {
        try clipped(min: lower.tensor(dtype), max: upper.tensor(dtype))
    }
}
