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

/// float16 converts in integer operations, which inline and vectorize: on x86-64, Swift's
/// `Float16(Float)` and `Float(Float16)` are library calls (the baseline has no F16C), which
/// made float16 math over ten times slower than TensorFlow's. The results are the
/// conversions' own (round to nearest even, subnormals kept); a NaN keeps its sign and top
/// payload bits and is quieted, as F16C's `vcvtps2ph` does.
extension Float16: HalfFloat {
    @inline(__always) init(narrowing value: Float) { self.init(bitPattern: HalfBits.narrow(value.bitPattern)) }
    @inline(__always) var widened: Float { Float(bitPattern: HalfBits.widen(bitPattern)) }
}

/// IEEE binary16 ⇄ binary32 on bit patterns, without branches (every case is computed and
/// one selected), so that loops over them vectorize. Subnormals are aligned by one float32
/// addition or subtraction of a power of two (the magic-number method), exact or correctly
/// rounded.
enum HalfBits {
    /// float16 → float32, exact.
    @inline(__always) static func widen(_ h: UInt16) -> UInt32 {
        let magnitude = UInt32(h & 0x7fff) << 13, sign = UInt32(h & 0x8000) << 16
        let exponent = magnitude & 0x0f80_0000
        let normal = magnitude &+ ((127 - 15) << 23)
        let special = magnitude | 0x7f80_0000  // inf and NaN
        // Zero and subnormals: m · 2⁻²⁴ = (2⁻¹⁴ + m · 2⁻²⁴) − 2⁻¹⁴.
        let subnormal = (Float(bitPattern: magnitude &+ (113 << 23)) - Float(bitPattern: 113 << 23)).bitPattern
        return sign | (exponent == 0x0f80_0000 ? special : exponent == 0 ? subnormal : normal)
    }

    /// float32 → float16, rounded to nearest even.
    @inline(__always) static func narrow(_ f: UInt32) -> UInt16 {
        let sign = UInt16(truncatingIfNeeded: (f >> 16) & 0x8000), magnitude = f & 0x7fff_ffff
        // 65536 and above, inf, NaN (quieted, top payload bits kept).
        let nan = 0x7e00 | UInt16(truncatingIfNeeded: (magnitude >> 13) & 0x3ff)
        let large: UInt16 = magnitude > 0x7f80_0000 ? nan : 0x7c00
        // Below 2⁻¹⁴: subnormal or zero, rounded by one addition that puts the 10 bits at the bottom.
        let magic = Float(bitPattern: ((127 - 15) + (23 - 10) + 1) << 23)
        let small = UInt16(truncatingIfNeeded: (Float(bitPattern: magnitude) + magic).bitPattern &- magic.bitPattern)
        // Normal: rebias, add half an ULP less one plus the lowest kept bit (ties to even), truncate.
        let odd = (magnitude >> 13) & 1
        let normal = UInt16(truncatingIfNeeded: (magnitude &- ((127 - 15) << 23) &+ 0xfff &+ odd) >> 13)
        return sign | (magnitude >= (127 + 16) << 23 ? large : magnitude < 113 << 23 ? small : normal)
    }
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
