/// The bit layout of an 8-bit float format: how ``Float8`` encodes and decodes its byte.
public protocol Float8Layout: Sendable {
    /// Exponent bits.
    static var exponentBits: Int { get }
    /// Mantissa (fraction) bits.
    static var mantissaBits: Int { get }
    /// The exponent bias.
    static var bias: Int { get }
    /// Whether the all-ones exponent holds infinities (IEEE-like) rather than finite values.
    static var hasInfinity: Bool { get }
    /// The largest finite value.
    static var greatestFinite: Float { get }
    /// The dtype of tensors of this format.
    static var dtype: DType { get }
}

/// 4 exponent and 3 mantissa bits, finite only (no infinities; `0x7F`/`0xFF` are NaN), as
/// `ml_dtypes.float8_e4m3fn` and `tf.float8_e4m3fn`. Values beyond the largest finite (448)
/// round to NaN, as ml_dtypes does for this format.
public enum E4M3FN: Float8Layout {
    public static var exponentBits: Int { 4 }
    public static var mantissaBits: Int { 3 }
    public static var bias: Int { 7 }
    public static var hasInfinity: Bool { false }
    public static var greatestFinite: Float { 448 }
    public static var dtype: DType { .float8_e4m3fn }
}

/// 5 exponent and 2 mantissa bits, IEEE-like with infinities, as `ml_dtypes.float8_e5m2` and
/// `tf.float8_e5m2`. Values beyond the largest finite (57344) overflow to infinity.
public enum E5M2: Float8Layout {
    public static var exponentBits: Int { 5 }
    public static var mantissaBits: Int { 2 }
    public static var bias: Int { 15 }
    public static var hasInfinity: Bool { true }
    public static var greatestFinite: Float { 57344 }
    public static var dtype: DType { .float8_e5m2 }
}

/// An 8-bit float of the format `Layout` describes, stored as its bit pattern. Converting
/// from `Float` rounds to nearest even.
@frozen
public struct Float8<Layout: Float8Layout>: TensorScalar, Hashable, CustomStringConvertible {
    /// The byte as stored in a tensor.
    public var bitPattern: UInt8
    /// The value with this bit pattern.
    public init(bitPattern: UInt8) { self.bitPattern = bitPattern }

    /// The nearest value (ties to even); beyond the largest finite, infinity or NaN as the
    /// layout says.
    public init(_ value: Float) {
        bitPattern = Float8Rounding.encode(value, exponentBits: Layout.exponentBits, mantissaBits: Layout.mantissaBits,
                                           bias: Layout.bias, hasInfinity: Layout.hasInfinity)
    }

    /// The value as a `Float` (exact).
    public var floatValue: Float {
        Float8Rounding.decode(bitPattern, exponentBits: Layout.exponentBits, mantissaBits: Layout.mantissaBits,
                              bias: Layout.bias, hasInfinity: Layout.hasInfinity)
    }

    public static var dtype: DType { Layout.dtype }
    public static var zero: Self { Self(bitPattern: 0) }
    public static var one: Self { Self(1) }
    public var description: String { floatValue.description }
}

/// `tf.float8_e4m3fn`: see ``E4M3FN``.
public typealias Float8E4M3FN = Float8<E4M3FN>
/// `tf.float8_e5m2`: see ``E5M2``.
public typealias Float8E5M2 = Float8<E5M2>

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
