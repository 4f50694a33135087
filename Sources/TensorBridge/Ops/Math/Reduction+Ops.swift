/// One reduction over real numbers: its start value and step for floats and integers.
/// float16 and bfloat16 accumulate in float32 and round once at the end.
protocol ReduceMath {
    static var name: String { get }
    static func floatInitial<T: MathFloat>() -> T
    static func float<T: MathFloat>(_ acc: T, _ x: T) -> T
    static func integerInitial<T: MathInteger>() -> T
    static func integer<T: MathInteger>(_ acc: T, _ x: T) -> T
    static func finish<T: MathFloat>(_ acc: T, count: Int) -> T
    static func finish<T: MathInteger>(_ acc: T, count: Int) -> T
}

extension ReduceMath {
    static func finish<T: MathFloat>(_ acc: T, count: Int) -> T { acc.flushedToZero }
    static func finish<T: MathInteger>(_ acc: T, count: Int) -> T { acc }
}

struct FloatReducer<M: ReduceMath, T: MathFloat>: Reducer {
    static var initial: T { M.floatInitial() }
    @inline(__always) static func combine(_ acc: T, _ x: T) -> T { M.float(acc, x) }
    @inline(__always) static func merge(_ a: T, _ b: T) -> T { M.float(a, b) }
    static func finish(_ acc: T, count: Int) -> T { M.finish(acc, count: count) }
}

struct HalfReducer<M: ReduceMath, T: HalfFloat>: Reducer {
    static var initial: Float { M.floatInitial() }
    @inline(__always) static func combine(_ acc: Float, _ x: T) -> Float { M.float(acc, x.widened) }
    @inline(__always) static func merge(_ a: Float, _ b: Float) -> Float { M.float(a, b) }
    static func finish(_ acc: Float, count: Int) -> T { T(narrowing: M.finish(acc, count: count)) }
}

struct IntegerReducer<M: ReduceMath, T: MathInteger>: Reducer {
    static var initial: T { M.integerInitial() }
    @inline(__always) static func combine(_ acc: T, _ x: T) -> T { M.integer(acc, x) }
    @inline(__always) static func merge(_ a: T, _ b: T) -> T { M.integer(a, b) }
    static func finish(_ acc: T, count: Int) -> T { M.finish(acc, count: count) }
}

enum Reductions {
    struct Sum: ReduceMath {
        static let name = "Sum"
        static func floatInitial<T: MathFloat>() -> T { 0 }
        static func float<T: MathFloat>(_ acc: T, _ x: T) -> T { acc + x }
        static func integerInitial<T: MathInteger>() -> T { 0 }
        static func integer<T: MathInteger>(_ acc: T, _ x: T) -> T { acc &+ x }
    }

    /// `Mean`: the sum divided by the count; integers truncate toward zero (TensorFlow's
    /// integer mean), and an empty integer mean is 0.
    struct Mean: ReduceMath {
        static let name = "Mean"
        static func floatInitial<T: MathFloat>() -> T { 0 }
        static func float<T: MathFloat>(_ acc: T, _ x: T) -> T { acc + x }
        static func integerInitial<T: MathInteger>() -> T { 0 }
        static func integer<T: MathInteger>(_ acc: T, _ x: T) -> T { acc &+ x }
        static func finish<T: MathFloat>(_ acc: T, count: Int) -> T { (acc / T(count)).flushedToZero }
        static func finish<T: MathInteger>(_ acc: T, count: Int) -> T {
            count == 0 ? 0 : T(truncatingIfNeeded: T.isSigned ? Int64(truncatingIfNeeded: acc) / Int64(count)
                                                              : Int64(bitPattern: UInt64(truncatingIfNeeded: acc) / UInt64(count)))
        }
    }

    /// `Max`: NaN wins; an empty float max is -inf, an empty integer max the type's minimum.
    struct Max: ReduceMath {
        static let name = "Max"
        static func floatInitial<T: MathFloat>() -> T { -T.infinity }
        static func float<T: MathFloat>(_ acc: T, _ x: T) -> T { x > acc || x.isNaN ? x : acc }
        static func integerInitial<T: MathInteger>() -> T { T.min }
        static func integer<T: MathInteger>(_ acc: T, _ x: T) -> T { Swift.max(acc, x) }
    }

    /// `Min`: NaN wins; an empty float min is +inf, an empty integer min the type's maximum.
    struct Min: ReduceMath {
        static let name = "Min"
        static func floatInitial<T: MathFloat>() -> T { T.infinity }
        static func float<T: MathFloat>(_ acc: T, _ x: T) -> T { x < acc || x.isNaN ? x : acc }
        static func integerInitial<T: MathInteger>() -> T { T.max }
        static func integer<T: MathInteger>(_ acc: T, _ x: T) -> T { Swift.min(acc, x) }
    }

    struct Prod: ReduceMath {
        static let name = "Prod"
        static func floatInitial<T: MathFloat>() -> T { 1 }
        static func float<T: MathFloat>(_ acc: T, _ x: T) -> T { acc * x }
        static func integerInitial<T: MathInteger>() -> T { 1 }
        static func integer<T: MathInteger>(_ acc: T, _ x: T) -> T { acc &* x }
    }

    struct AnyTrue: Reducer {
        static var initial: UInt8 { 0 }
        static func combine(_ acc: UInt8, _ x: UInt8) -> UInt8 { acc | x }
        static func merge(_ a: UInt8, _ b: UInt8) -> UInt8 { a | b }
        static func finish(_ acc: UInt8, count: Int) -> UInt8 { acc }
    }

    struct AllTrue: Reducer {
        static var initial: UInt8 { 1 }
        static func combine(_ acc: UInt8, _ x: UInt8) -> UInt8 { acc & x }
        static func merge(_ a: UInt8, _ b: UInt8) -> UInt8 { a & b }
        static func finish(_ acc: UInt8, count: Int) -> UInt8 { acc }
    }

    static func run<M: ReduceMath>(_: M.Type, _ request: ReduceRequest) throws -> Tensor {
        if request.tensor.dtype.isComplex {
            let kind: ComplexReductions.Kind? = M.self == Sum.self ? .sum : M.self == Mean.self ? .mean : M.self == Prod.self ? .product : nil
            if let kind { return try ComplexReductions.run(kind, request, op: M.name) }
        }
        try MathCheck.allowed(M.name, request.tensor.dtype, MathCheck.reals)
        let layout = try ReductionLayout(request, op: M.name)
        return try RealDispatch.visit(request.tensor.dtype, ReduceVisitor<M>(layout: layout, dtype: request.tensor.dtype))
    }

    static func runLogical<R: Reducer>(_ name: String, _: R.Type, _ request: ReduceRequest) throws -> Tensor
    where R.Element == UInt8, R.Result == UInt8 {
        try MathCheck.dtype(name, request.tensor, input: 0, is: .bool)
        return try ReductionKernel.run(R.self, try ReductionLayout(request, op: name), dtype: .bool)
    }
}

struct ReduceVisitor<M: ReduceMath>: RealVisitor {
    let layout: ReductionLayout, dtype: DType
    func float<T: MathFloat>(_: T.Type) throws -> Tensor {
        if T.self == Float.self && M.self == Reductions.Max.self && layout.inner == 1 && layout.outer >= Parallel.workerCount * 2 {
            return try ReductionKernel.maxRowsFloat32(layout)
        }
        if T.self == Float.self && (M.self == Reductions.Sum.self || M.self == Reductions.Mean.self) && layout.inner == 1 {
            return try ReductionKernel.sumRowsFloat32(layout, mean: M.self == Reductions.Mean.self)
        }
        return try ReductionKernel.run(FloatReducer<M, T>.self, layout, dtype: dtype)
    }
    func half<T: HalfFloat>(_: T.Type) throws -> Tensor {
        if T.self == Float16.self, let rows = try rowsFloat16() { return rows }
        return try ReductionKernel.run(HalfReducer<M, T>.self, layout, dtype: dtype)
    }

    /// float16 row sums, means and maxima through the float32 row kernels: the input widened
    /// once by F16C into a float32 copy, the float32 results rounded back once (what
    /// `HalfReducer` computes, summed in the row kernels' order). `nil` where those kernels
    /// do not apply.
    private func rowsFloat16() throws -> Tensor? {
        let sum = M.self == Reductions.Sum.self || M.self == Reductions.Mean.self
        let max = M.self == Reductions.Max.self && layout.outer >= Parallel.workerCount * 2
        guard layout.inner == 1, sum || max, let wide = try HalfBlocks.widen(layout.source) else { return nil }
        let rows = ReductionLayout(layout, source: wide)
        let result = max ? try ReductionKernel.maxRowsFloat32(rows) : try ReductionKernel.sumRowsFloat32(rows, mean: M.self == Reductions.Mean.self)
        return try HalfBlocks.narrow(result)
    }
    func integer<T: MathInteger>(_: T.Type) throws -> Tensor {
        if M.self == Reductions.Mean.self { return try ReductionKernel.run(IntegerMeanReducer<T>.self, layout, dtype: dtype) }
        return try ReductionKernel.run(IntegerReducer<M, T>.self, layout, dtype: dtype)
    }
}

/// TensorFlow's integer mean sums in 64 bits (no wrap in the element type), then divides
/// truncating toward zero; an empty mean is 0.
struct IntegerMeanReducer<T: MathInteger>: Reducer {
    static var initial: UInt64 { 0 }
    @inline(__always) static func combine(_ acc: UInt64, _ x: T) -> UInt64 {
        acc &+ (T.isSigned ? UInt64(bitPattern: Int64(truncatingIfNeeded: x)) : UInt64(truncatingIfNeeded: x))
    }
    @inline(__always) static func merge(_ a: UInt64, _ b: UInt64) -> UInt64 { a &+ b }
    static func finish(_ acc: UInt64, count: Int) -> T {
        guard count > 0 else { return 0 }
        return T.isSigned ? T(truncatingIfNeeded: Int64(bitPattern: acc) / Int64(count)) : T(truncatingIfNeeded: acc / UInt64(count))
    }
}

extension Ops {
    package static let sum = Op<ReduceRequest, Tensor>("Sum", inputsToHost: ReduceRequest.toHost) { try Reductions.run(Reductions.Sum.self, $0) }
    package static let mean = Op<ReduceRequest, Tensor>("Mean", inputsToHost: ReduceRequest.toHost) { try Reductions.run(Reductions.Mean.self, $0) }
    package static let max = Op<ReduceRequest, Tensor>("Max", inputsToHost: ReduceRequest.toHost) { try Reductions.run(Reductions.Max.self, $0) }
    package static let min = Op<ReduceRequest, Tensor>("Min", inputsToHost: ReduceRequest.toHost) { try Reductions.run(Reductions.Min.self, $0) }
    package static let prod = Op<ReduceRequest, Tensor>("Prod", inputsToHost: ReduceRequest.toHost) { try Reductions.run(Reductions.Prod.self, $0) }
    package static let any = Op<ReduceRequest, Tensor>("Any", inputsToHost: ReduceRequest.toHost) { try Reductions.runLogical("Any", Reductions.AnyTrue.self, $0) }
    package static let all = Op<ReduceRequest, Tensor>("All", inputsToHost: ReduceRequest.toHost) { try Reductions.runLogical("All", Reductions.AllTrue.self, $0) }
}

/// Reductions (`tf.reduce_*`). `axes` may be negative (counted from the end); `nil` reduces
/// every axis; `keepDims` keeps reduced axes as size 1. Each returns a new tensor.
///
/// Float sums accumulate in the dtype (float16 and bfloat16 in float32) in a different
/// order from Eigen's tree, so they agree with TensorFlow to rounding, not bit for bit;
/// integer reductions, max, min, any and all are exact.
/// complex64 and complex128 take sum, mean and prod (to rounding); max and min refuse them,
/// as TensorFlow does.
/// - Throws: TensorFlow's "Invalid reduction dimension (2 for input with 2 dimension(s)" and
///   "Axes contains duplicate dimension" messages; unsupported dtypes by name.
extension Tensor {
    private func reduce(_ op: Op<ReduceRequest, Tensor>, _ axes: [Int]?, _ keepDims: Bool) throws -> Tensor {
        try op(ReduceRequest(tensor: self, axes: axes, keepDims: keepDims), on: device)
    }

    /// `tf.reduce_sum`.
    public func reduceSum(axes: [Int]? = nil, keepDims: Bool = false) throws -> Tensor { try reduce(Ops.sum, axes, keepDims) }
    /// `tf.reduce_mean` (integer tensors: the truncated integer mean).
    public func reduceMean(axes: [Int]? = nil, keepDims: Bool = false) throws -> Tensor { try reduce(Ops.mean, axes, keepDims) }
    /// `tf.reduce_max` (NaN propagates; an empty float max is -inf).
    public func reduceMax(axes: [Int]? = nil, keepDims: Bool = false) throws -> Tensor { try reduce(Ops.max, axes, keepDims) }
    /// `tf.reduce_min` (NaN propagates; an empty float min is +inf).
    public func reduceMin(axes: [Int]? = nil, keepDims: Bool = false) throws -> Tensor { try reduce(Ops.min, axes, keepDims) }
    /// `tf.reduce_prod`.
    public func reduceProd(axes: [Int]? = nil, keepDims: Bool = false) throws -> Tensor { try reduce(Ops.prod, axes, keepDims) }
    /// `tf.reduce_any` of a bool tensor.
    public func reduceAny(axes: [Int]? = nil, keepDims: Bool = false) throws -> Tensor { try reduce(Ops.any, axes, keepDims) }
    /// `tf.reduce_all` of a bool tensor.
    public func reduceAll(axes: [Int]? = nil, keepDims: Bool = false) throws -> Tensor { try reduce(Ops.all, axes, keepDims) }
}
