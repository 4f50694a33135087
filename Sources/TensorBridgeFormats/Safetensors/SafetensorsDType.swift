/// safetensors dtype names, and the order the reference writer (Rust `Dtype`'s declaration
/// order, largest first) uses to lay tensors out.
enum SafetensorsDType {
    /// The Rust enum's declaration order; the writer sorts by this, descending, then by name.
    static let declarationOrder = ["BOOL", "F4", "F6_E2M3", "F6_E3M2", "U8", "I8", "F8_E5M2", "F8_E4M3",
                                   "F8_E8M0", "I16", "U16", "F16", "BF16", "I32", "U32", "F32", "C64",
                                   "F64", "I64", "U64"]

    static func dtype(_ name: String) throws -> DType {
        switch name {
        case "BOOL": .bool
        case "U8": .uint8
        case "I8": .int8
        case "F8_E5M2": .float8_e5m2
        case "F8_E4M3": .float8_e4m3fn
        case "I16": .int16
        case "U16": .uint16
        case "F16": .float16
        case "BF16": .bfloat16
        case "I32": .int32
        case "U32": .uint32
        case "F32": .float32
        case "C64": .complex64
        case "F64": .float64
        case "I64": .int64
        case "U64": .uint64
        case "F4", "F6_E2M3", "F6_E3M2", "F8_E8M0":
            // Sub-byte (packed) or scale-only formats with no TensorFlow dtype of the same layout.
            throw TensorBridgeError.unsupportedDType("safetensors dtype '\(name)' is not supported: it has no TensorFlow dtype with the same layout (float4_e2m1fn is one byte per element, F4 packs two)")
        default: throw TensorBridgeError.unsupportedDType("unsupported safetensors dtype '\(name)'")
        }
    }

    /// The name written for `dtype`. Quantized dtypes are written as their plain integers;
    /// complex128 and strings have no safetensors dtype.
    static func name(_ dtype: DType) throws -> String {
        switch dtype.unquantized {
        case .bool: "BOOL"
        case .uint8: "U8"
        case .int8: "I8"
        case .float8_e5m2: "F8_E5M2"
        case .float8_e4m3fn: "F8_E4M3"
        case .int16: "I16"
        case .uint16: "U16"
        case .float16: "F16"
        case .bfloat16: "BF16"
        case .int32: "I32"
        case .uint32: "U32"
        case .float32: "F32"
        case .complex64: "C64"
        case .float64: "F64"
        case .int64: "I64"
        case .uint64: "U64"
        default: throw TensorBridgeError.unsupportedDType("dtype \(dtype.name) has no safetensors equivalent")
        }
    }

    static func rank(_ name: String) -> Int { declarationOrder.firstIndex(of: name) ?? -1 }
}
