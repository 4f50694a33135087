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
    /// TensorFlow 2.21's narrow dtypes (`ml_dtypes` types in NumPy). Each element takes one
    /// byte, as in TensorFlow (sub-byte values are not packed). Tensors of these dtypes can be
    /// made from bytes, moved, and saved (TensorProto, `.npy`/`.npz` as raw bytes, NumPy through
    /// `ml_dtypes`); like TensorFlow's CPU kernels, no op computes on them, not even a cast.
    case float8_e4m3fnuz = 26
    case float8_e4m3b11fnuz = 27
    case float8_e5m2fnuz = 28
    case int4 = 29
    case uint4 = 30
    case int2 = 31
    case uint2 = 32
    case float4_e2m1fn = 33

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
        case .float8_e4m3fnuz: "float8_e4m3fnuz"
        case .float8_e4m3b11fnuz: "float8_e4m3b11fnuz"
        case .float8_e5m2fnuz: "float8_e5m2fnuz"
        case .int4: "int4"
        case .uint4: "uint4"
        case .int2: "int2"
        case .uint2: "uint2"
        case .float4_e2m1fn: "float4_e2m1fn"
        }
    }

    /// Whether this is one of the narrow dtypes that can be stored and moved but not computed
    /// on (int4, uint4, int2, uint2, float4_e2m1fn and the `fnuz` float8 variants).
    public var isStorageOnly: Bool { rawValue >= 26 && rawValue <= 33 }

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
        case .float8_e4m3fnuz, .float8_e4m3b11fnuz, .float8_e5m2fnuz, .int4, .uint4, .int2, .uint2, .float4_e2m1fn: 1
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
        case .float8_e4m3fnuz, .float8_e4m3b11fnuz, .float8_e5m2fnuz, .float4_e2m1fn: true
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

    /// Plain (non-quantized) integer types with a Swift scalar type (int4, uint4, int2 and
    /// uint2 are integers too, but storage-only: see ``isStorageOnly``).
    public var isInteger: Bool {
        switch self {
        case .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64: true
        default: false
        }
    }

    /// Plain unsigned integers, as TensorFlow's `is_unsigned` (false for `quint8`, true for
    /// `uint4` and `uint2`).
    public var isUnsigned: Bool {
        switch self {
        case .uint8, .uint16, .uint32, .uint64, .uint4, .uint2: true
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
