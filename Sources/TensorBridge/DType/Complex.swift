/// A single-precision complex number laid out as two float32 (real, then imaginary), the
/// layout of `tf.complex64` and NumPy's `complex64`.
@frozen
public struct Complex64: TensorScalar, Hashable, CustomStringConvertible {
    public var real: Float
    public var imaginary: Float
    public init(_ real: Float, _ imaginary: Float = 0) { self.real = real; self.imaginary = imaginary }
    public static var dtype: DType { .complex64 }
    public static var zero: Complex64 { Complex64(0) }
    public static var one: Complex64 { Complex64(1) }
    public var description: String { "(\(real)\(imaginary.sign == .minus ? "" : "+")\(imaginary)j)" }
}

/// A double-precision complex number laid out as two float64, as `tf.complex128`.
@frozen
public struct Complex128: TensorScalar, Hashable, CustomStringConvertible {
    public var real: Double
    public var imaginary: Double
    public init(_ real: Double, _ imaginary: Double = 0) { self.real = real; self.imaginary = imaginary }
    public static var dtype: DType { .complex128 }
    public static var zero: Complex128 { Complex128(0) }
    public static var one: Complex128 { Complex128(1) }
    public var description: String { "(\(real)\(imaginary.sign == .minus ? "" : "+")\(imaginary)j)" }
}
