/// 8-bit float with 4 exponent and 3 mantissa bits, finite only (no infinities; `0x7F`/`0xFF`
/// are NaN), as `ml_dtypes.float8_e4m3fn` and `tf.float8_e4m3fn`.
@frozen
public struct Float8E4M3FN: TensorScalar, Hashable, CustomStringConvertible {
    public var bitPattern: UInt8
    public init(bitPattern: UInt8) { self.bitPattern = bitPattern }

    /// Rounds to nearest even; values beyond the largest finite (448) become NaN, as
    /// ml_dtypes does for this format, which has no infinity.
    public init(_ value: Float) {
        bitPattern = Float8Rounding.encode(value, exponentBits: 4, mantissaBits: 3, bias: 7, hasInfinity: false)
    }

    public var floatValue: Float {
        Float8Rounding.decode(bitPattern, exponentBits: 4, mantissaBits: 3, bias: 7, hasInfinity: false)
    }

    public static var dtype: DType { .float8_e4m3fn }
    public static var zero: Float8E4M3FN { Float8E4M3FN(bitPattern: 0) }
    public static var one: Float8E4M3FN { Float8E4M3FN(1) }
    public var description: String { floatValue.description }
}

/// 8-bit float with 5 exponent and 2 mantissa bits, IEEE-like with infinities, as
/// `ml_dtypes.float8_e5m2` and `tf.float8_e5m2`.
@frozen
public struct Float8E5M2: TensorScalar, Hashable, CustomStringConvertible {
    public var bitPattern: UInt8
    public init(bitPattern: UInt8) { self.bitPattern = bitPattern }

    /// Rounds to nearest even, overflowing to infinity like any IEEE format.
    public init(_ value: Float) {
        bitPattern = Float8Rounding.encode(value, exponentBits: 5, mantissaBits: 2, bias: 15, hasInfinity: true)
    }

    public var floatValue: Float {
        Float8Rounding.decode(bitPattern, exponentBits: 5, mantissaBits: 2, bias: 15, hasInfinity: true)
    }

    public static var dtype: DType { .float8_e5m2 }
    public static var zero: Float8E5M2 { Float8E5M2(bitPattern: 0) }
    public static var one: Float8E5M2 { Float8E5M2(1) }
    public var description: String { floatValue.description }
}

/// Shared encode/decode for the small float formats.
enum Float8Rounding {
    static func decode(_ bits: UInt8, exponentBits: Int, mantissaBits: Int, bias: Int, hasInfinity: Bool) -> Float {
        let sign: Float = bits & 0x80 != 0 ? -1 : 1
        let exponentMask = (1 << exponentBits) - 1
        let exponent = (Int(bits) >> mantissaBits) & exponentMask
        let mantissa = Int(bits) & ((1 << mantissaBits) - 1)
        if hasInfinity, exponent == exponentMask {
            return mantissa == 0 ? sign * .infinity : .nan
        }
        if !hasInfinity, exponent == exponentMask, mantissa == (1 << mantissaBits) - 1 {
            return .nan
        }
        if exponent == 0 {
            return sign * Float(mantissa) * Float(sign: .plus, exponent: 1 - bias - mantissaBits, significand: 1)
        }
        let significand = 1 + Float(mantissa) / Float(1 << mantissaBits)
        return sign * Float(sign: .plus, exponent: exponent - bias, significand: significand)
    }

    static func encode(_ value: Float, exponentBits: Int, mantissaBits: Int, bias: Int, hasInfinity: Bool) -> UInt8 {
        let signBit: UInt8 = value.sign == .minus ? 0x80 : 0
        let exponentMask = (1 << exponentBits) - 1
        let nanBits: UInt8 = hasInfinity ? UInt8(exponentMask << mantissaBits) | 0x02 : 0x7F
        if value.isNaN { return signBit | nanBits }
        let magnitude = value.magnitude
        // Largest finite value of the format.
        let maxExponent = hasInfinity ? exponentMask - 1 : exponentMask
        let maxMantissa = hasInfinity ? (1 << mantissaBits) - 1 : (1 << mantissaBits) - 2
        let maxFinite = Float(sign: .plus, exponent: maxExponent - bias,
                              significand: 1 + Float(maxMantissa) / Float(1 << mantissaBits))
        if magnitude.isInfinite {
            return hasInfinity ? signBit | UInt8(exponentMask << mantissaBits) : signBit | nanBits
        }
        // Quantise to a multiple of the spacing at this magnitude, ties to even, via the
        // exactly representable float32 arithmetic of scaling by a power of two.
        let minNormalExponent = 1 - bias
        let e = magnitude == 0 ? minNormalExponent : max(Int(magnitude.exponent), minNormalExponent)
        let quantum = Float(sign: .plus, exponent: e - mantissaBits, significand: 1)
        let scaled = (magnitude / quantum).rounded(.toNearestOrEven)
        let rounded = scaled * quantum
        if rounded > maxFinite {
            return hasInfinity ? signBit | UInt8(exponentMask << mantissaBits) : signBit | nanBits
        }
        if rounded == 0 { return signBit }
        if rounded < Float(sign: .plus, exponent: minNormalExponent, significand: 1) {
            return signBit | UInt8(Int(rounded / Float(sign: .plus, exponent: minNormalExponent - mantissaBits, significand: 1)))
        }
        let exponentField = Int(rounded.exponent) + bias
        let mantissaField = Int((rounded.significand - 1) * Float(1 << mantissaBits))
        return signBit | UInt8(exponentField << mantissaBits) | UInt8(mantissaField)
    }
}
