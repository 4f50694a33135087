/// TensorFlow's quantized integer types. Each wraps the plain integer of the same width,
/// which is what NumPy sees (`qint8` becomes `int8`); the wrapper only keeps the dtype.
public protocol QuantizedScalar: TensorScalar {
    associatedtype Value: FixedWidthInteger & TensorScalar
    var value: Value { get }
    init(_ value: Value)
}

extension QuantizedScalar {
    public static var zero: Self { Self(0) }
    public static var one: Self { Self(1) }
}

@frozen public struct QInt8: QuantizedScalar, Hashable {
    public var value: Int8
    public init(_ value: Int8) { self.value = value }
    public static var dtype: DType { .qint8 }
}

@frozen public struct QUInt8: QuantizedScalar, Hashable {
    public var value: UInt8
    public init(_ value: UInt8) { self.value = value }
    public static var dtype: DType { .quint8 }
}

@frozen public struct QInt16: QuantizedScalar, Hashable {
    public var value: Int16
    public init(_ value: Int16) { self.value = value }
    public static var dtype: DType { .qint16 }
}

@frozen public struct QUInt16: QuantizedScalar, Hashable {
    public var value: UInt16
    public init(_ value: UInt16) { self.value = value }
    public static var dtype: DType { .quint16 }
}

@frozen public struct QInt32: QuantizedScalar, Hashable {
    public var value: Int32
    public init(_ value: Int32) { self.value = value }
    public static var dtype: DType { .qint32 }
}
