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
    /// The finite range of the type, as Doubles (`nil` where unbounded by integers: floats).
    static var integerRange: ClosedRange<Double>? { get }
}

extension Castable {
    init(castingComplex real: Double, _ imaginary: Double, single: Bool) {
        self = single ? Self(castingFloat: Float(real)) : Self(castingDouble: real)
    }
    static var integerRange: ClosedRange<Double>? { nil }
}

// MARK: x86 float → integer conversions

enum X86Convert {
    static let two31f: Float = 2147483648.0
    static let two63f: Float = 9223372036854775808.0
    static let two31d: Double = 2147483648.0
    static let two63d: Double = 9223372036854775808.0

    @inline(__always) static func int32(_ x: Float) -> Int32 { x >= -two31f && x < two31f ? Int32(x) : .min }
    @inline(__always) static func int64(_ x: Float) -> Int64 { x >= -two63f && x < two63f ? Int64(x) : .min }
    @inline(__always) static func int32(_ x: Double) -> Int32 { x > -two31d - 1 && x < two31d ? Int32(x) : .min }
    @inline(__always) static func int64(_ x: Double) -> Int64 { x >= -two63d && x < two63d ? Int64(x) : .min }
    @inline(__always) static func uint64(_ x: Float) -> UInt64 {
        x < two63f ? UInt64(bitPattern: int64(x)) : UInt64(bitPattern: int64(x - two63f)) ^ (1 << 63)
    }
    @inline(__always) static func uint64(_ x: Double) -> UInt64 {
        x < two63d ? UInt64(bitPattern: int64(x)) : UInt64(bitPattern: int64(x - two63d)) ^ (1 << 63)
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
    init(castingFloat value: Float) {
        if Self.bitWidth == 64 {
            self = Self.isSigned ? Self(truncatingIfNeeded: X86Convert.int64(value)) : Self(truncatingIfNeeded: X86Convert.uint64(value))
        } else if Self.bitWidth == 32 && !Self.isSigned {
            self.init(truncatingIfNeeded: X86Convert.int64(value))
        } else {
            self.init(truncatingIfNeeded: X86Convert.int32(value))
        }
    }
    init(castingDouble value: Double) {
        if Self.bitWidth == 64 {
            self = Self.isSigned ? Self(truncatingIfNeeded: X86Convert.int64(value)) : Self(truncatingIfNeeded: X86Convert.uint64(value))
        } else if Self.bitWidth == 32 && !Self.isSigned {
            self.init(truncatingIfNeeded: X86Convert.int64(value))
        } else {
            self.init(truncatingIfNeeded: X86Convert.int32(value))
        }
    }
    var doubleValue: Double { Double(self) }
    static var integerRange: ClosedRange<Double>? { Double(Self.min)...Double(Self.max) }
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
    func cast<D: Castable>(to: D.Type) -> D { value.cast(to: D.self) }
}

extension QInt8: Castable { static var integerRange: ClosedRange<Double>? { Value.integerRange } }
extension QUInt8: Castable { static var integerRange: ClosedRange<Double>? { Value.integerRange } }
extension QInt16: Castable { static var integerRange: ClosedRange<Double>? { Value.integerRange } }
extension QUInt16: Castable { static var integerRange: ClosedRange<Double>? { Value.integerRange } }
extension QInt32: Castable { static var integerRange: ClosedRange<Double>? { Value.integerRange } }

// MARK: Bool

extension Bool: Castable {
    init(castingInt64 value: Int64) { self = value != 0 }
    init(castingUInt64 value: UInt64) { self = value != 0 }
    init(castingFloat value: Float) { self = value != 0 }
    init(castingDouble value: Double) { self = value != 0 }
    init(castingBool value: Bool) { self = value }
    init(castingComplex real: Double, _ imaginary: Double, single: Bool) { self = real != 0 || imaginary != 0 }
    var doubleValue: Double { self ? 1 : 0 }
    static var integerRange: ClosedRange<Double>? { 0...1 }
    func cast<D: Castable>(to: D.Type) -> D { D(castingBool: self) }
}

// MARK: Floating point

extension Float: Castable {
    init(castingInt64 value: Int64) { self = Float(value) }
    init(castingUInt64 value: UInt64) { self = Float(value) }
    init(castingFloat value: Float) { self = value }
    init(castingDouble value: Double) { self = Float(value) }
    init(castingBool value: Bool) { self = value ? 1 : 0 }
    var doubleValue: Double { Double(self) }
    func cast<D: Castable>(to: D.Type) -> D { D(castingFloat: self) }
}

extension Double: Castable {
    init(castingInt64 value: Int64) { self = Double(value) }
    init(castingUInt64 value: UInt64) { self = Double(value) }
    init(castingFloat value: Float) { self = Double(value) }
    init(castingDouble value: Double) { self = value }
    init(castingBool value: Bool) { self = value ? 1 : 0 }
    var doubleValue: Double { self }
    func cast<D: Castable>(to: D.Type) -> D { D(castingDouble: self) }
}

/// Formats narrower than float32 that convert through it, as Eigen's `half` and
/// `bfloat16` constructors and ml_dtypes' float8 do.
protocol CastableSmallFloat: Castable {
    init(_ value: Float)
    var floatValue: Float { get }
}

extension CastableSmallFloat {
    init(castingInt64 value: Int64) { self.init(Float(value)) }
    init(castingUInt64 value: UInt64) { self.init(Float(value)) }
    init(castingFloat value: Float) { self.init(value) }
    init(castingDouble value: Double) { self.init(Float(value)) }
    init(castingBool value: Bool) { self.init(value ? Float(1) : 0) }
    var doubleValue: Double { Double(floatValue) }
    func cast<D: Castable>(to: D.Type) -> D { D(castingFloat: floatValue) }
}

extension Float16: CastableSmallFloat {
    var floatValue: Float { Float(self) }
}
extension BFloat16: CastableSmallFloat {}
extension Float8E4M3FN: CastableSmallFloat {}
extension Float8E5M2: CastableSmallFloat {}

// MARK: Complex

extension Complex64: Castable {
    init(castingInt64 value: Int64) { self.init(Float(value)) }
    init(castingUInt64 value: UInt64) { self.init(Float(value)) }
    init(castingFloat value: Float) { self.init(value) }
    init(castingDouble value: Double) { self.init(Float(value)) }
    init(castingBool value: Bool) { self.init(value ? 1 : 0) }
    init(castingComplex real: Double, _ imaginary: Double, single: Bool) { self.init(Float(real), Float(imaginary)) }
    var doubleValue: Double { Double(real) }
    func cast<D: Castable>(to: D.Type) -> D { D(castingComplex: Double(real), Double(imaginary), single: true) }
}

extension Complex128: Castable {
    init(castingInt64 value: Int64) { self.init(Double(value)) }
    init(castingUInt64 value: UInt64) { self.init(Double(value)) }
    init(castingFloat value: Float) { self.init(Double(value)) }
    init(castingDouble value: Double) { self.init(value) }
    init(castingBool value: Bool) { self.init(value ? 1 : 0) }
    init(castingComplex real: Double, _ imaginary: Double, single: Bool) { self.init(real, imaginary) }
    var doubleValue: Double { real }
    func cast<D: Castable>(to: D.Type) -> D { D(castingComplex: real, imaginary, single: false) }
}
