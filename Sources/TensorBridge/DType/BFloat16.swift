/// Google Brain's 16-bit float: the top half of an IEEE float32 (8 exponent bits, 7 mantissa
/// bits). Matches `tf.bfloat16` and `ml_dtypes.bfloat16` bit for bit.
@frozen
public struct BFloat16: TensorScalar, Hashable, CustomStringConvertible {
    /// The raw 16 bits.
    public var bitPattern: UInt16

    public init(bitPattern: UInt16) { self.bitPattern = bitPattern }

    /// Rounds a float32 to the nearest bfloat16, ties to even; NaN stays NaN (quiet).
    @inlinable
    public init(_ value: Float) {
        let bits = value.bitPattern
        if value.isNaN {
            // The canonical quiet NaN with the input's sign, as Eigen does.
            bitPattern = bits & 0x8000_0000 != 0 ? 0xFFC0 : 0x7FC0
        } else {
            let lsb = (bits >> 16) & 1
            bitPattern = UInt16(truncatingIfNeeded: (bits &+ 0x7FFF &+ lsb) >> 16)
        }
    }

    public init(_ value: Double) { self.init(Float(value)) }

    /// Exact: every bfloat16 is a float32.
    @inlinable
    public var floatValue: Float { Float(bitPattern: UInt32(bitPattern) << 16) }

    public static var dtype: DType { .bfloat16 }
    public static var zero: BFloat16 { BFloat16(bitPattern: 0) }
    public static var one: BFloat16 { BFloat16(bitPattern: 0x3F80) }
    public var description: String { floatValue.description }
}
