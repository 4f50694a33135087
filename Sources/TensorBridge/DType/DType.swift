/// The element type of a tensor, numbered exactly as TensorFlow's `DataType` enum
/// (`tensorflow/core/framework/types.proto`), so that `rawValue` round-trips through
/// TensorProto files and TensorFlow's C API unchanged.
public enum DType: Int32, Sendable, CaseIterable, CustomStringConvertible {
    case float32 = 1
    case float64 = 2
    case int32 = 3
    case uint8 = 4
    case int16 = 5
    case int8 = 6
    case string = 7
    case complex64 = 8
    case int64 = 9
    case bool = 10
    case qint8 = 11
    case quint8 = 12
    case qint32 = 13
    case bfloat16 = 14
    case qint16 = 15
    case quint16 = 16
    case uint16 = 17
    case complex128 = 18
    case float16 = 19
    /// A handle to a resource. Exists as a name only: no tensor of this dtype can be made.
    case resource = 20
    /// An opaque variant value. Exists as a name only: no tensor of this dtype can be made.
    case variant = 21
    case uint32 = 22
    case uint64 = 23
    case float8_e5m2 = 24
    case float8_e4m3fn = 25

    /// TensorFlow's Python name for the dtype (`tf.float32.name`).
    public var name: String {
        switch self {
        case .float32: "float32"
        case .float64: "float64"
        case .int32: "int32"
        case .uint8: "uint8"
        case .int16: "int16"
        case .int8: "int8"
        case .string: "string"
        case .complex64: "complex64"
        case .int64: "int64"
        case .bool: "bool"
        case .qint8: "qint8"
        case .quint8: "quint8"
        case .qint32: "qint32"
        case .bfloat16: "bfloat16"
        case .qint16: "qint16"
        case .quint16: "quint16"
        case .uint16: "uint16"
        case .complex128: "complex128"
        case .float16: "float16"
        case .resource: "resource"
        case .variant: "variant"
        case .uint32: "uint32"
        case .uint64: "uint64"
        case .float8_e5m2: "float8_e5m2"
        case .float8_e4m3fn: "float8_e4m3fn"
        }
    }

    public var description: String { name }

    /// Looks a dtype up by its TensorFlow name (`"float32"`), also accepting the aliases
    /// TensorFlow accepts (`"float"`, `"double"`, `"half"`).
    public init?(name: String) {
        switch name {
        case "float": self = .float32
        case "double": self = .float64
        case "half": self = .float16
        default:
            guard let match = DType.allCases.first(where: { $0.name == name }) else { return nil }
            self = match
        }
    }

    /// Bytes per element, or `nil` for `string` (variable length) and for `resource`/`variant`.
    public var byteSize: Int? {
        switch self {
        case .bool, .int8, .uint8, .qint8, .quint8, .float8_e5m2, .float8_e4m3fn: 1
        case .int16, .uint16, .qint16, .quint16, .float16, .bfloat16: 2
        case .int32, .uint32, .qint32, .float32: 4
        case .int64, .uint64, .float64, .complex64: 8
        case .complex128: 16
        case .string, .resource, .variant: nil
        }
    }

    /// Whether tensors of this dtype can exist at all. `resource` and `variant` cannot.
    public var isMaterializable: Bool { self != .resource && self != .variant }

    public var isFloatingPoint: Bool {
        switch self {
        case .float16, .bfloat16, .float32, .float64, .float8_e5m2, .float8_e4m3fn: true
        default: false
        }
    }

    public var isComplex: Bool { self == .complex64 || self == .complex128 }

    public var isQuantized: Bool {
        switch self {
        case .qint8, .quint8, .qint16, .quint16, .qint32: true
        default: false
        }
    }

    /// Plain (non-quantized) integer types.
    public var isInteger: Bool {
        switch self {
        case .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64: true
        default: false
        }
    }

    /// Plain unsigned integers, as TensorFlow's `is_unsigned` (false for `quint8`).
    public var isUnsigned: Bool {
        switch self {
        case .uint8, .uint16, .uint32, .uint64: true
        default: false
        }
    }

    /// The plain integer dtype with the same bits, for a quantized dtype (`qint8` → `int8`).
    public var unquantized: DType {
        switch self {
        case .qint8: .int8
        case .quint8: .uint8
        case .qint16: .int16
        case .quint16: .uint16
        case .qint32: .int32
        default: self
        }
    }
}
