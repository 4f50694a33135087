#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Four Philox output words.
typealias PhiloxWords = (UInt32, UInt32, UInt32, UInt32)

/// Turns one Philox block into `perBlock` output values, exactly as TensorFlow's
/// `random_distributions.h` does for the same dtype.
protocol PhiloxDistribution {
    associatedtype Element: TensorScalar
    /// Output values per Philox call: TensorFlow's `kResultElementCount`.
    static var perBlock: Int { get }
    /// Writes `perBlock` values to `out`.
    static func generate(_ words: PhiloxWords, into out: UnsafeMutablePointer<Element>)
}

/// The bit tricks TensorFlow uses to turn random words into floats in `[0, 1)`.
enum UnitFloat {
    /// `Uint32ToFloat`: 23 random mantissa bits under exponent 0, minus one.
    @inline(__always) static func float(_ x: UInt32) -> Float {
        Float(bitPattern: 0x3F80_0000 | (x & 0x7F_FFFF)) - 1
    }

    /// `Uint64ToDouble`: 20 bits of `hi` and 32 of `lo` as the mantissa, minus one.
    @inline(__always) static func double(_ hi: UInt32, _ lo: UInt32) -> Double {
        Double(bitPattern: (1023 << 52) | (UInt64(hi & 0xF_FFFF) << 32) | UInt64(lo)) - 1
    }
}

/// Glibc's `sincosf`, looked up at run time: Swift's Glibc module hides GNU extensions, and
/// TensorFlow's Linux build calls exactly this function. `sinf`/`cosf` share its algorithm
/// and serve where the symbol is missing.
enum SinCos {
    typealias Function = @convention(c) (Float, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) -> Void
    typealias DoubleFunction = @convention(c) (Double, UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>) -> Void

    static let float = DynamicLibrary.process.symbol("sincosf", as: Function.self)

    static let double = DynamicLibrary.process.symbol("sincos", as: DoubleFunction.self)
}

/// TensorFlow's `BoxMullerFloat` and `BoxMullerDouble`.
enum BoxMuller {
    /// Two float32 normals from two words: `(sin v·r, cos v·r)`.
    @inline(__always)
    static func float(_ x0: UInt32, _ x1: UInt32, sincos: SinCos.Function?) -> (Float, Float) {
        let u1 = max(UnitFloat.float(x0), Float(1.0e-7))
        // TensorFlow writes `2.0f * M_PI * u`: M_PI makes the product double, rounded once.
        let v1 = Float(2.0 * Double.pi * Double(UnitFloat.float(x1)))
        let u2 = sqrtf(-2 * logf(u1))
        var s: Float = 0, c: Float = 0
        if let sincos { sincos(v1, &s, &c) } else { s = sinf(v1); c = cosf(v1) }
        return (s * u2, c * u2)
    }

    /// Two float64 normals from four words.
    @inline(__always)
    static func double(_ w: PhiloxWords, sincos: SinCos.DoubleFunction?) -> (Double, Double) {
        let u1 = max(UnitFloat.double(w.0, w.1), 1.0e-7)
        let v1 = 2 * Double.pi * UnitFloat.double(w.2, w.3)
        let u2 = sqrt(-2 * log(u1))
        var s = 0.0, c = 0.0
        if let sincos { sincos(v1, &s, &c) } else { s = sin(v1); c = cos(v1) }
        return (s * u2, c * u2)
    }
}

/// Float types whose normals are float32 normals rounded (float16, bfloat16) or kept (float32).
protocol Float32Rounded: TensorScalar {
    init(roundingFloat value: Float)
}
extension Float: Float32Rounded { @inline(__always) init(roundingFloat value: Float) { self = value } }
extension Float16: Float32Rounded { @inline(__always) init(roundingFloat value: Float) { self.init(value) } }
extension BFloat16: Float32Rounded { @inline(__always) init(roundingFloat value: Float) { self.init(value) } }

/// `NormalDistribution<PhiloxRandom, float/half/bfloat16>`: four values per block.
enum NormalFloat32<Element: Float32Rounded>: PhiloxDistribution {
    static var perBlock: Int { 4 }
    @inline(__always)
    static func generate(_ w: PhiloxWords, into out: UnsafeMutablePointer<Element>) {
        let sincos = SinCos.float
        let (a, b) = BoxMuller.float(w.0, w.1, sincos: sincos)
        let (c, d) = BoxMuller.float(w.2, w.3, sincos: sincos)
        out[0] = Element(roundingFloat: a); out[1] = Element(roundingFloat: b)
        out[2] = Element(roundingFloat: c); out[3] = Element(roundingFloat: d)
    }
}

/// `NormalDistribution<PhiloxRandom, double>`: two values per block.
enum NormalFloat64: PhiloxDistribution {
    static var perBlock: Int { 2 }
    @inline(__always)
    static func generate(_ w: PhiloxWords, into out: UnsafeMutablePointer<Double>) {
        let (a, b) = BoxMuller.double(w, sincos: SinCos.double)
        out[0] = a; out[1] = b
    }
}

/// `UniformDistribution<PhiloxRandom, float>`.
enum UniformFloat32: PhiloxDistribution {
    static var perBlock: Int { 4 }
    @inline(__always)
    static func generate(_ w: PhiloxWords, into out: UnsafeMutablePointer<Float>) {
        out[0] = UnitFloat.float(w.0); out[1] = UnitFloat.float(w.1)
        out[2] = UnitFloat.float(w.2); out[3] = UnitFloat.float(w.3)
    }
}

/// `UniformDistribution<PhiloxRandom, double>`.
enum UniformFloat64: PhiloxDistribution {
    static var perBlock: Int { 2 }
    @inline(__always)
    static func generate(_ w: PhiloxWords, into out: UnsafeMutablePointer<Double>) {
        out[0] = UnitFloat.double(w.0, w.1); out[1] = UnitFloat.double(w.2, w.3)
    }
}

/// `UniformDistribution<PhiloxRandom, half>` (`Uint16ToHalf`): 10 low bits as the mantissa.
enum UniformFloat16: PhiloxDistribution {
    static var perBlock: Int { 4 }
    @inline(__always) static func one(_ x: UInt32) -> Float16 {
        Float16(bitPattern: 0x3C00 | UInt16(truncatingIfNeeded: x & 0x3FF)) - 1
    }
    @inline(__always)
    static func generate(_ w: PhiloxWords, into out: UnsafeMutablePointer<Float16>) {
        out[0] = one(w.0); out[1] = one(w.1); out[2] = one(w.2); out[3] = one(w.3)
    }
}

/// `UniformDistribution<PhiloxRandom, bfloat16>` (`Uint16ToGfloat16`): 7 low bits.
enum UniformBFloat16: PhiloxDistribution {
    static var perBlock: Int { 4 }
    @inline(__always) static func one(_ x: UInt32) -> BFloat16 {
        BFloat16(BFloat16(bitPattern: 0x3F80 | UInt16(truncatingIfNeeded: x & 0x7F)).floatValue - 1)
    }
    @inline(__always)
    static func generate(_ w: PhiloxWords, into out: UnsafeMutablePointer<BFloat16>) {
        out[0] = one(w.0); out[1] = one(w.1); out[2] = one(w.2); out[3] = one(w.3)
    }
}
