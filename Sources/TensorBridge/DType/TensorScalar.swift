/// A Swift type whose values can be the elements of a dense tensor.
///
/// Each conforming type has exactly the memory layout of its TensorFlow dtype, so a tensor's
/// bytes can be read as `UnsafeBufferPointer<Self>` without conversion.
public protocol TensorScalar: Sendable, BitwiseCopyable, TensorNestable where Scalar == Self {
    /// The dtype tensors of this scalar type have.
    static var dtype: DType { get }
    /// The value zero, used by `Tensor.zeros`.
    static var zero: Self { get }
    /// The value one, used by `Tensor.ones`.
    static var one: Self { get }
}

extension Float: TensorScalar { public static var dtype: DType { .float32 }; public static var one: Float { 1 } }
extension Double: TensorScalar { public static var dtype: DType { .float64 }; public static var one: Double { 1 } }
#if !(os(macOS) && arch(x86_64))
extension Float16: TensorScalar { public static var dtype: DType { .float16 }; public static var one: Float16 { 1 } }
#endif
extension Int8: TensorScalar { public static var dtype: DType { .int8 }; public static var one: Int8 { 1 } }
extension Int16: TensorScalar { public static var dtype: DType { .int16 }; public static var one: Int16 { 1 } }
extension Int32: TensorScalar { public static var dtype: DType { .int32 }; public static var one: Int32 { 1 } }
extension Int64: TensorScalar { public static var dtype: DType { .int64 }; public static var one: Int64 { 1 } }
extension UInt8: TensorScalar { public static var dtype: DType { .uint8 }; public static var one: UInt8 { 1 } }
extension UInt16: TensorScalar { public static var dtype: DType { .uint16 }; public static var one: UInt16 { 1 } }
extension UInt32: TensorScalar { public static var dtype: DType { .uint32 }; public static var one: UInt32 { 1 } }
extension UInt64: TensorScalar { public static var dtype: DType { .uint64 }; public static var one: UInt64 { 1 } }
extension Bool: TensorScalar {
    public static var dtype: DType { .bool }
    public static var zero: Bool { false }
    public static var one: Bool { true }
}
