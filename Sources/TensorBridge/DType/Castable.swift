/// Element conversions with TensorFlow's `tf.cast` semantics on x86-64.
///
/// TensorFlow casts with C++ `static_cast`, which on x86 compiles to the `cvtt*` truncating
/// conversions: an out-of-range or NaN float becomes the "integer indefinite" value
/// (`Int32.min` / `Int64.min`), and narrower integers take the low bits of the 32-bit result.
/// Integers wrap. Half and bfloat16 convert through float32, as Eigen's constructors do.
protocol Castable: TensorScalar {
    /// Converts `self` to `D` by calling the one `D` initializer that fits `Self`'s kind.
    func cast<D: Castable>(to: D.Type) -> D
    init(castingInt64 value: Int64)
    init(castingUInt64 value: UInt64)
    init(castingFloat value: Float)
    init(castingDouble value: Double)
    init(castingBool value: Bool)
    /// Complex sources: real types keep the real part, as `tf.cast` does.
    init(castingComplex real: Double, _ imaginary: Double, single: Bool)
    /// The value as a Double, for saturation bounds and statistics (real part of complex).
    var doubleValue: Double { get }
    /// The finite range of the type (of the real part, for complex), as TensorFlow's
    /// `dtype.min`/`dtype.max`.
    static var finiteRange: ClosedRange<Double> { get }

    /// The conversion TensorFlow's Eigen packet code makes, which `Tensor.cast(to:)` gives
    /// every element; the same as ``cast(to:)`` except for floats to narrow integers, where
    /// packets saturate.
    func vectorCast<D: Castable>(to: D.Type) -> D
    init(vectorCastingFloat value: Float)
    init(vectorCastingDouble value: Double)
    /// A float32 source's packet conversion (Eigen's float32 packet code, which bfloat16
    /// overrides: every NaN becomes the positive quiet NaN). Other sources that go through
    /// float32 use ``init(vectorCastingFloat:)``, which keeps a NaN's sign.
    init(float32PacketCasting value: Float)

    /// For saturate_cast's clamp: the largest and smallest values, and one step toward zero.
    static var greatest: Self { get }
    static var least: Self { get }
    func steppedTowardZero() -> Self
    /// The value as an x86 min/max with denormals-are-zero leaves it (floats flush).
    var flushed: Self { get }
    /// Complex values clamp each component into `low...high` (NaN passes); others are unchanged.
    func clampedComponents(_ low: Double, _ high: Double) -> Self
}

extension Castable {
    init(castingComplex real: Double, _ imaginary: Double, single: Bool) {
        self = single ? Self(castingFloat: Float(real)) : Self(castingDouble: real)
    }
    func vectorCast<D: Castable>(to: D.Type) -> D { cast(to: D.self) }
    init(vectorCastingFloat value: Float) { self.init(castingFloat: value) }
    init(vectorCastingDouble value: Double) { self.init(castingDouble: value) }
    init(float32PacketCasting value: Float) { self.init(vectorCastingFloat: value) }
    func steppedTowardZero() -> Self { self }
    var flushed: Self { self }
    func clampedComponents(_ low: Double, _ high: Double) -> Self { self }
}

@inline(__always) func clampComponent(_ x: Double, _ low: Double, _ high: Double) -> Double {
    x < low ? low : x > high ? high : x
}

/// TensorFlow's CPU runtime runs with denormals-are-zero and flush-to-zero: subnormal
/// float inputs read as zero, and subnormal float results become zero.
@inline(__always) func flushSubnormal(_ x: Float) -> Float { x.isSubnormal ? Float(signOf: x, magnitudeOf: 0) : x }
@inline(__always) func flushSubnormal(_ x: Double) -> Double { x.isSubnormal ? Double(signOf: x, magnitudeOf: 0) : x }

// MARK: x86 float → integer conversions

enum X86Convert {
    /// `cvttss2si`/`cvttsd2si`: truncation, with out-of-range and NaN giving `Int32.min`.
    /// The test is on the truncated value, so it holds for float32 and float64 alike.
    @inline(__always) static func int32<F: BinaryFloatingPoint>(_ x: F) -> Int32 {
        x < 2147483648.0 && x.rounded(.towardZero) >= -2147483648.0 ? Int32(x) : .min
    }
    @inline(__always) static func int64<F: BinaryFloatingPoint>(_ x: F) -> Int64 {
        x < 9223372036854775808.0 && x.rounded(.towardZero) >= -9223372036854775808.0 ? Int64(x) : .min
    }
    // Clang's branch-free float → uint64: r1 | (r2 & (r1 >> 63)).
    @inline(__always) static func uint64<F: BinaryFloatingPoint>(_ x: F) -> UInt64 {
        let r1 = int64(x), r2 = int64(x - 9223372036854775808.0)
        return UInt64(bitPattern: r1 | (r2 & (r1 >> 63)))
    }
    /// Packet float → uint32: the signed conversion, with the upper half recovered by a
    /// second conversion of `x - 2^31` where the first overflowed.
    @inline(__always) static func packetUInt32<F: BinaryFloatingPoint>(_ x: F) -> UInt32 {
        let r1 = int32(x), r2 = int32(x - 2147483648.0)
        return UInt32(bitPattern: r1 | (r2 & (r1 >> 31)))
    }
    /// Packet conversions to 8/16-bit integers saturate the 32-bit result (packs/packus).
    @inline(__always) static func saturating<T: FixedWidthInteger>(_ v: Int32, to: T.Type) -> T {
        v < Int32(clamping: T.min) ? T.min : v > Int32(clamping: T.max) ? T.max : T(truncatingIfNeeded: v)
    }
}

// MARK: Integers

/// Integers narrower than 64 bits: float sources go through the 32-bit (or, for UInt32,
/// 64-bit) truncating conversion and keep the low bits.
protocol CastableInteger: Castable, FixedWidthInteger {}

extension CastableInteger {
    init(castingInt64 value: Int64) { self.init(truncatingIfNeeded: value) }
    init(castingUInt64 value: UInt64) { self.init(truncatingIfNeeded: value) }
    init(castingBool value: Bool) { self = value ? 1 : 0 }
    init(castingFloat value: Float) { self.init(x86Converting: value) }
    init(castingDouble value: Double) { self.init(x86Converting: value) }
    init(vectorCastingFloat value: Float) { self.init(packetConverting: value) }
    init(vectorCastingDouble value: Double) { self.init(packetConverting: value) }

    /// `static_cast` on x86: 64-bit results from the 64-bit conversion, uint32 from the low
    /// half of the int64 one, narrower types from the low bits of the int32 one.
    @inline(__always) init<F: BinaryFloatingPoint>(x86Converting value: F) {
        if Self.bitWidth == 64 {
            self = Self.isSigned ? Self(truncatingIfNeeded: X86Convert.int64(value)) : Self(truncatingIfNeeded: X86Convert.uint64(value))
        } else if Self.bitWidth == 32 && !Self.isSigned {
            self.init(truncatingIfNeeded: X86Convert.int64(value))
        } else {
            self.init(truncatingIfNeeded: X86Convert.int32(value))
        }
    }

    /// Eigen's packet conversion: the int32 conversion, then saturating packs to 8/16 bits.
    @inline(__always) init<F: BinaryFloatingPoint>(packetConverting value: F) {
        let packet = X86Convert.int32(value)
        if Self.bitWidth == 8 && !Self.isSigned && F.self == Double.self {
            // Doubles narrow through unsigned 16-bit saturation, then a signed 16-bit pack.
            let halfword = Int16(truncatingIfNeeded: X86Convert.saturating(packet, to: UInt16.self))
            self = X86Convert.saturating(Int32(halfword), to: Self.self)
        } else if Self.bitWidth < 32 {
            self = X86Convert.saturating(packet, to: Self.self)
        } else if Self.bitWidth == 32 && !Self.isSigned {
            self.init(truncatingIfNeeded: X86Convert.packetUInt32(value))
        } else {
            self.init(x86Converting: value)
        }
    }
    var doubleValue: Double { Double(self) }
    static var finiteRange: ClosedRange<Double> { Double(Self.min)...Double(Self.max) }
    static var greatest: Self { .max }
    static var least: Self { .min }
    func cast<D: Castable>(to: D.Type) -> D {
        Self.isSigned ? D(castingInt64: Int64(truncatingIfNeeded: self)) : D(castingUInt64: UInt64(truncatingIfNeeded: self))
    }
}

extension Int8: CastableInteger {}
extension Int16: CastableInteger {}
extension Int32: CastableInteger {}
extension Int64: CastableInteger {}
extension UInt8: CastableInteger {}
extension UInt16: CastableInteger {}
extension UInt32: CastableInteger {}
extension UInt64: CastableInteger {}

// MARK: Quantized integers behave as their plain integer type.

extension QuantizedScalar where Value: CastableInteger {
    init(castingInt64 value: Int64) { self.init(Value(castingInt64: value)) }
    init(castingUInt64 value: UInt64) { self.init(Value(castingUInt64: value)) }
    init(castingFloat value: Float) { self.init(Value(castingFloat: value)) }
    init(castingDouble value: Double) { self.init(Value(castingDouble: value)) }
    init(castingBool value: Bool) { self.init(Value(castingBool: value)) }
    var doubleValue: Double { Double(value) }
    static var greatest: Self { Self(Value.max) }
    static var least: Self { Self(Value.min) }
    func cast<D: Castable>(to: D.Type) -> D { value.cast(to: D.self) }
}

extension QInt8: Castable { static var finiteRange: ClosedRange<Double> { Value.finiteRange } }
extension QUInt8: Castable { static var finiteRange: ClosedRange<Double> { Value.finiteRange } }
extension QInt16: Castable { static var finiteRange: ClosedRange<Double> { Value.finiteRange } }
extension QUInt16: Castable { static var finiteRange: ClosedRange<Double> { Value.finiteRange } }
extension QInt32: Castable { static var finiteRange: ClosedRange<Double> { Value.finiteRange } }

// MARK: Bool

extension Bool: Castable {
    init(castingInt64 value: Int64) { self = value != 0 }
    init(castingUInt64 value: UInt64) { self = value != 0 }
    init(castingFloat value: Float) { self = flushSubnormal(value) != 0 }
    init(castingDouble value: Double) { self = flushSubnormal(value) != 0 }
    init(castingBool value: Bool) { self = value }
    /// `tf.cast` of a complex number to bool tests the real part only.
    init(castingComplex real: Double, _ imaginary: Double, single: Bool) { self = real != 0 }
    var doubleValue: Double { self ? 1 : 0 }
    static var finiteRange: ClosedRange<Double> { 0...1 }
    static var greatest: Bool { true }
    static var least: Bool { false }
    func cast<D: Castable>(to: D.Type) -> D { D(castingBool: self) }
}

// MARK: Floating point

extension Float: Castable {
    init(castingInt64 value: Int64) { self = Float(value) }
    init(castingUInt64 value: UInt64) { self = Float(value) }
    init(castingFloat value: Float) { self = value }
    init(castingDouble value: Double) { self = flushSubnormal(Float(flushSubnormal(value))) }
    init(castingBool value: Bool) { self = value ? 1 : 0 }
    var doubleValue: Double { Double(self) }
    static var finiteRange: ClosedRange<Double> { -Double(Float.greatestFiniteMagnitude)...Double(Float.greatestFiniteMagnitude) }
    static var greatest: Float { .greatestFiniteMagnitude }
    static var least: Float { -.greatestFiniteMagnitude }
    func steppedTowardZero() -> Float { self > 0 ? nextDown : self < 0 ? nextUp : self }
    var flushed: Float { flushSubnormal(self) }
    func cast<D: Castable>(to: D.Type) -> D { D(castingFloat: self) }
    func vectorCast<D: Castable>(to: D.Type) -> D { D(float32PacketCasting: self) }
}

extension Double: Castable {
    init(castingInt64 value: Int64) { self = Double(value) }
    init(castingUInt64 value: UInt64) { self = Double(value) }
    init(castingFloat value: Float) { self = Double(flushSubnormal(value)) }
    init(castingDouble value: Double) { self = value }
    init(castingBool value: Bool) { self = value ? 1 : 0 }
    var doubleValue: Double { self }
    static var finiteRange: ClosedRange<Double> { -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude }
    static var greatest: Double { .greatestFiniteMagnitude }
    static var least: Double { -.greatestFiniteMagnitude }
    func steppedTowardZero() -> Double { self > 0 ? nextDown : self < 0 ? nextUp : self }
    var flushed: Double { flushSubnormal(self) }
    func cast<D: Castable>(to: D.Type) -> D { D(castingDouble: self) }
    func vectorCast<D: Castable>(to: D.Type) -> D { D(vectorCastingDouble: self) }
}

/// Formats narrower than float32 that convert through it, as Eigen's `half` and
/// `bfloat16` constructors and ml_dtypes' float8 do.
protocol CastableSmallFloat: Castable {
    init(_ value: Float)
    var floatValue: Float { get }
    /// The largest finite value, as a float32.
    static var greatestFinite: Float { get }
}

extension CastableSmallFloat {
    init(castingInt64 value: Int64) { self.init(Float(value)) }
    init(castingUInt64 value: UInt64) { self.init(Float(value)) }
    init(castingFloat value: Float) { self.init(value) }
    init(castingDouble value: Double) { self.init(Float(castingDouble: value)) }
    init(castingBool value: Bool) { self.init(value ? Float(1) : 0) }
    var doubleValue: Double { Double(floatValue) }
    static var finiteRange: ClosedRange<Double> { -Double(greatestFinite)...Double(greatestFinite) }
    static var greatest: Self { Self(greatestFinite) }
    static var least: Self { Self(-greatestFinite) }
    func steppedTowardZero() -> Self {
        // One unit in the last place toward zero: adjacent bit patterns of a sign-magnitude format.
        let f = floatValue
        guard f != 0, f.isFinite else { return self }
        var candidate = f
        while Self(candidate).floatValue == f { candidate = f > 0 ? candidate.nextDown : candidate.nextUp }
        return Self(candidate)
    }
    func cast<D: Castable>(to: D.Type) -> D {
        // Half-width floats test for zero on their bits, with no denormals-are-zero.
        D.self == Bool.self ? D(castingBool: floatValue != 0) : D(castingFloat: floatValue)
    }
    func vectorCast<D: Castable>(to: D.Type) -> D {
        if D.self == Bool.self { return cast(to: D.self) }
        // float16 → uint8 packets narrow as float64's do (unsigned 16-bit saturation, then a
        // signed 16-bit pack: 32768…65504 give 0); float16 values are exact as doubles.
        if Self.self == Float16.self && D.self == UInt8.self { return D(vectorCastingDouble: Double(floatValue)) }
        return D(vectorCastingFloat: floatValue)
    }
}

extension Float16: CastableSmallFloat {
    var floatValue: Float { Float(self) }
    static var greatestFinite: Float { 65504 }
}
extension BFloat16: CastableSmallFloat {
    static var greatestFinite: Float { Float(bitPattern: 0x7F7F_0000) }
    init(float32PacketCasting value: Float) { self = value.isNaN ? BFloat16(bitPattern: 0x7FC0) : BFloat16(value) }
}
extension Float8: CastableSmallFloat {
    static var greatestFinite: Float { Layout.greatestFinite }
}

// MARK: Complex

extension Complex64: Castable {
    init(castingInt64 value: Int64) { self.init(Float(value)) }
    init(castingUInt64 value: UInt64) { self.init(Float(value)) }
    init(castingFloat value: Float) { self.init(value) }
    init(castingDouble value: Double) { self.init(Float(castingDouble: value)) }
    init(castingBool value: Bool) { self.init(value ? 1 : 0) }
    init(castingComplex real: Double, _ imaginary: Double, single: Bool) {
        self.init(Float(castingDouble: real), Float(castingDouble: imaginary))
    }
    var doubleValue: Double { Double(real) }
    func clampedComponents(_ low: Double, _ high: Double) -> Complex64 {
        Complex64(Float(clampComponent(Double(real), low, high)), Float(clampComponent(Double(imaginary), low, high)))
    }
    static var finiteRange: ClosedRange<Double> { Float.finiteRange }
    static var greatest: Complex64 { Complex64(.greatestFiniteMagnitude, .greatestFiniteMagnitude) }
    static var least: Complex64 { Complex64(-.greatestFiniteMagnitude, -.greatestFiniteMagnitude) }
    func cast<D: Castable>(to: D.Type) -> D {
        D.dtype.isComplex || D.self == Bool.self
            ? D(castingComplex: Double(flushSubnormal(real)), Double(flushSubnormal(imaginary)), single: true)
            : D(castingFloat: real)
    }
    /// TensorFlow's complex64 cast has a packet path only to uint32.
    func vectorCast<D: Castable>(to: D.Type) -> D {
        D.self == UInt32.self ? D(vectorCastingFloat: real) : cast(to: D.self)
    }
}

extension Complex128: Castable {
    init(castingInt64 value: Int64) { self.init(Double(value)) }
    init(castingUInt64 value: UInt64) { self.init(Double(value)) }
    init(castingFloat value: Float) { self.init(Double(castingFloat: value)) }
    init(castingDouble value: Double) { self.init(value) }
    init(castingBool value: Bool) { self.init(value ? 1 : 0) }
    init(castingComplex real: Double, _ imaginary: Double, single: Bool) { self.init(real, imaginary) }
    var doubleValue: Double { real }
    func clampedComponents(_ low: Double, _ high: Double) -> Complex128 {
        Complex128(clampComponent(real, low, high), clampComponent(imaginary, low, high))
    }
    static var finiteRange: ClosedRange<Double> { Double.finiteRange }
    static var greatest: Complex128 { Complex128(.greatestFiniteMagnitude, .greatestFiniteMagnitude) }
    static var least: Complex128 { Complex128(-.greatestFiniteMagnitude, -.greatestFiniteMagnitude) }
    func cast<D: Castable>(to: D.Type) -> D {
        D.dtype.isComplex || D.self == Bool.self
            ? D(castingComplex: flushSubnormal(real), flushSubnormal(imaginary), single: false)
            : D(castingDouble: real)
    }
    /// TensorFlow's complex128 cast has a packet path to 8- and 16-bit integers only.
    func vectorCast<D: Castable>(to: D.Type) -> D {
        [DType.int8, .int16, .uint8, .uint16].contains(D.dtype) ? D(vectorCastingDouble: real) : cast(to: D.self)
    }
}
