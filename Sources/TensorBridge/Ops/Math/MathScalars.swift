#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// float32 and float64: the types the math kernels compute in, with the C library's
/// functions for each width (`expf` for float, `exp` for double, as Eigen's scalar path).
protocol MathFloat: BinaryFloatingPoint & TensorScalar {
    static func cExp(_ x: Self) -> Self
    static func cLog(_ x: Self) -> Self
    static func cSin(_ x: Self) -> Self
    static func cCos(_ x: Self) -> Self
    static func cTanh(_ x: Self) -> Self
    static func cPow(_ x: Self, _ y: Self) -> Self
    static func cFmod(_ x: Self, _ y: Self) -> Self
    static func cHypot(_ x: Self, _ y: Self) -> Self
    static func cAtan2(_ y: Self, _ x: Self) -> Self
    /// Subnormal results read as signed zero, as under TensorFlow's flush-to-zero.
    var flushedToZero: Self { get }
}

extension Float: MathFloat {
    static func cExp(_ x: Float) -> Float { expf(x) }
    static func cLog(_ x: Float) -> Float { logf(x) }
    static func cSin(_ x: Float) -> Float { sinf(x) }
    static func cCos(_ x: Float) -> Float { cosf(x) }
    static func cTanh(_ x: Float) -> Float { tanhf(x) }
    static func cPow(_ x: Float, _ y: Float) -> Float { powf(x, y) }
    static func cFmod(_ x: Float, _ y: Float) -> Float { fmodf(x, y) }
    static func cHypot(_ x: Float, _ y: Float) -> Float { hypotf(x, y) }
    static func cAtan2(_ y: Float, _ x: Float) -> Float { atan2f(y, x) }
    var flushedToZero: Float { flushSubnormal(self) }
}

extension Double: MathFloat {
    static func cExp(_ x: Double) -> Double { exp(x) }
    static func cLog(_ x: Double) -> Double { log(x) }
    static func cSin(_ x: Double) -> Double { sin(x) }
    static func cCos(_ x: Double) -> Double { cos(x) }
    static func cTanh(_ x: Double) -> Double { tanh(x) }
    static func cPow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
    static func cFmod(_ x: Double, _ y: Double) -> Double { fmod(x, y) }
    static func cHypot(_ x: Double, _ y: Double) -> Double { hypot(x, y) }
    static func cAtan2(_ y: Double, _ x: Double) -> Double { atan2(y, x) }
    var flushedToZero: Double { flushSubnormal(self) }
}

/// float16 and bfloat16: Eigen computes their math in float32 and rounds the result back
/// (round to nearest even), so the kernels do the same.
protocol HalfFloat: TensorScalar {
    init(narrowing value: Float)
    var widened: Float { get }
}

extension BFloat16: HalfFloat {
    init(narrowing value: Float) { self.init(value) }
    var widened: Float { floatValue }
}

extension Float16: HalfFloat {
    init(narrowing value: Float) { self.init(value) }
    var widened: Float { Float(self) }
}

/// Fixed-width integers the kernels compute in.
protocol MathInteger: FixedWidthInteger & TensorScalar {}
extension Int8: MathInteger {}
extension Int16: MathInteger {}
extension Int32: MathInteger {}
extension Int64: MathInteger {}
extension UInt8: MathInteger {}
extension UInt16: MathInteger {}
extension UInt32: MathInteger {}
extension UInt64: MathInteger {}

/// Calls the visitor with the Swift type of a real (non-complex, non-bool) dtype.
protocol RealVisitor {
    associatedtype Result
    func float<T: MathFloat>(_: T.Type) throws -> Result
    func half<T: HalfFloat>(_: T.Type) throws -> Result
    func integer<T: MathInteger>(_: T.Type) throws -> Result
}

enum RealDispatch {
    static func visit<V: RealVisitor>(_ dtype: DType, _ v: V) throws -> V.Result {
        switch dtype {
        case .float32: try v.float(Float.self)
        case .float64: try v.float(Double.self)
        case .float16: try v.half(Float16.self)
        case .bfloat16: try v.half(BFloat16.self)
        case .int8: try v.integer(Int8.self)
        case .int16: try v.integer(Int16.self)
        case .int32: try v.integer(Int32.self)
        case .int64: try v.integer(Int64.self)
        case .uint8: try v.integer(UInt8.self)
        case .uint16: try v.integer(UInt16.self)
        case .uint32: try v.integer(UInt32.self)
        case .uint64: try v.integer(UInt64.self)
        default: throw TensorBridgeError.unsupportedDType(dtype, "\(dtype.name) has no kernel for this op")
        }
    }
}
