/// TensorFlow's `tf.image` ops, bit-exact with TensorFlow's CPU results.
///
/// Every op reads a host tensor and returns a new host tensor; nothing is shared with the
/// input except where an op returns its input unchanged (``convertImageDtype(_:to:saturate:)``
/// to the same dtype). Inputs on an accelerator throw ``TensorBridgeError`` (`.notOnHost`). Images
/// may have any number of leading batch dimensions. Large inputs are split across cores,
/// and each output element depends only on its own input pixel, never on the thread count.
public enum Image {
    /// TensorFlow's `AttributeError` text for dtypes that are not images.
    static func requireImageDType(_ dtype: DType, target: Bool = false) throws {
        guard dtype.isFloatingPoint || dtype.isInteger else {
            throw TensorBridgeError.unsupportedDType(dtype, target
                ? "dtype must be either floating point or integer"
                : "image dtype must be either floating point or integer")
        }
    }

    /// Elements per parallel grain for cheap per-element image kernels.
    static let grain = 1 << 16
}

/// An image dtype's scalar type, with the constants and arithmetic `convert_image_dtype`
/// uses: `dtype.max`, Python floats converted to the dtype, and the dtype's own multiply.
protocol ImageScalar: Castable {
    /// `dtype.max` as a Python float (integers only; floats never use it).
    static var imageMax: Double { get }
    /// Value bits of an integer type: `log2(dtype.max + 1)`.
    static var magnitudeBits: Int { get }
    /// A Python float converted to the dtype, as `convert_to_tensor(x, dtype)` does.
    static func imageParameter(_ value: Double) -> Self
    /// The dtype's multiply: wrapping for integers, float32-rounded for half types.
    static func imageMultiply(_ a: Self, _ b: Self) -> Self
    /// Floor division by `2^shift` (integers), and the wrapping multiply by `2^shift`.
    static func floorDivide(_ a: Self, shift: Int) -> Self
    static func multiplyPowerOfTwo(_ a: Self, shift: Int) -> Self
}

protocol ImageInteger: ImageScalar, FixedWidthInteger {}
extension ImageInteger {
    static var imageMax: Double { Double(Self.max) }
    static var magnitudeBits: Int { Self.bitWidth - (Self.isSigned ? 1 : 0) }
    static func imageParameter(_ value: Double) -> Self { Self(castingDouble: value) }
    @inline(__always) static func imageMultiply(_ a: Self, _ b: Self) -> Self { a &* b }
    // An arithmetic shift right is floor division for negative values too.
    @inline(__always) static func floorDivide(_ a: Self, shift: Int) -> Self { a >> shift }
    @inline(__always) static func multiplyPowerOfTwo(_ a: Self, shift: Int) -> Self { a &<< shift }
}
extension UInt8: ImageInteger {}
extension UInt16: ImageInteger {}
extension UInt32: ImageInteger {}
extension UInt64: ImageInteger {}
extension Int8: ImageInteger {}
extension Int16: ImageInteger {}
extension Int32: ImageInteger {}
extension Int64: ImageInteger {}

protocol ImageFloat: ImageScalar {}
extension ImageFloat {
    static var imageMax: Double { 1 }
    static var magnitudeBits: Int { 0 }
    static func floorDivide(_ a: Self, shift: Int) -> Self { a }
    static func multiplyPowerOfTwo(_ a: Self, shift: Int) -> Self { a }
}
extension Float: ImageFloat {
    static func imageParameter(_ value: Double) -> Float { Float(value) }
    @inline(__always) static func imageMultiply(_ a: Float, _ b: Float) -> Float { a * b }
}
extension Double: ImageFloat {
    static func imageParameter(_ value: Double) -> Double { value }
    @inline(__always) static func imageMultiply(_ a: Double, _ b: Double) -> Double { a * b }
}
extension Float16: ImageFloat {
    // NumPy rounds a Python float to half directly (no detour through float32).
    static func imageParameter(_ value: Double) -> Float16 { Float16(value) }
    @inline(__always) static func imageMultiply(_ a: Float16, _ b: Float16) -> Float16 { Float16(Float(a) * Float(b)) }
}
extension BFloat16: ImageFloat {
    static func imageParameter(_ value: Double) -> BFloat16 { BFloat16(Float(value)) }
    @inline(__always) static func imageMultiply(_ a: BFloat16, _ b: BFloat16) -> BFloat16 { BFloat16(a.floatValue * b.floatValue) }
}
extension Float8: ImageFloat {
    static func imageParameter(_ value: Double) -> Self { Self(Float(value)) }
    @inline(__always) static func imageMultiply(_ a: Self, _ b: Self) -> Self { Self(a.floatValue * b.floatValue) }
}

/// Opens a runtime dtype as its ``ImageScalar`` type.
protocol ImageVisitor {
    associatedtype Result
    func visit<T: ImageScalar>(_ type: T.Type) throws -> Result
}

enum ImageDispatch {
    static func visit<V: ImageVisitor>(_ dtype: DType, _ visitor: V) throws -> V.Result {
        try Image.requireImageDType(dtype)
        return try ScalarDispatch.visit(dtype, ImageBridge(visitor: visitor, dtype: dtype))
    }
}

/// Narrows a ``ScalarVisitor``'s `Castable` type to ``ImageScalar``.
struct ImageBridge<V: ImageVisitor>: ScalarVisitor {
    let visitor: V
    let dtype: DType
    func visit<T: Castable>(_: T.Type) throws -> V.Result {
        guard let image = T.self as? any ImageScalar.Type else {
            throw TensorBridgeError.unsupportedDType(dtype, "image dtype must be either floating point or integer")
        }
        return try open(image)
    }
    private func open<I: ImageScalar>(_ type: I.Type) throws -> V.Result { try visitor.visit(type) }
}
