import TensorBridge

/// How each TensorBridge dtype appears in NumPy, as in TensorFlow's `Tensor.numpy()`: NumPy's own
/// dtypes where they exist, `ml_dtypes` types for bfloat16, float8 and the narrow dtypes, and
/// plain integers for the quantized ones.
///
/// Most dtypes travel as a PEP 3118 buffer format that NumPy reads directly. bfloat16 and
/// float8 (and TensorFlow 2.21's int4, uint4, int2, uint2, float4_e2m1fn and fnuz float8, one
/// byte per element) have no buffer format: they travel as same-width unsigned integers and
/// are then viewed (no copy) as the `ml_dtypes` type. Quantized types become the plain integer of the
/// same width, as in TensorFlow.
enum NumPyDType {
    /// What a dense dtype exports as.
    struct Export {
        /// A static NUL-terminated PEP 3118 format string (lives for the whole process).
        let format: UnsafePointer<CChar>
        /// The `ml_dtypes` type name to view the exported integers as, if any.
        let mlDType: String?
    }

    /// The export recipe for a dense dtype.
    /// - Throws: TensorFlow's message for resource and variant; string tensors go another way.
    static func export(_ dtype: DType) throws -> Export {
        switch dtype.unquantized {
        case .bool: Export(format: c("?"), mlDType: nil)
        case .int8: Export(format: c("b"), mlDType: nil)
        case .uint8: Export(format: c("B"), mlDType: nil)
        case .int16: Export(format: c("h"), mlDType: nil)
        case .uint16: Export(format: c("H"), mlDType: nil)
        case .int32: Export(format: c("i"), mlDType: nil)
        case .uint32: Export(format: c("I"), mlDType: nil)
        // 'l' is NumPy's canonical int64 on LP64 Linux ('q' would give np.longlong).
        case .int64: Export(format: MemoryLayout<CLong>.size == 8 ? c("l") : c("q"), mlDType: nil)
        case .uint64: Export(format: MemoryLayout<CLong>.size == 8 ? c("L") : c("Q"), mlDType: nil)
        case .float16: Export(format: c("e"), mlDType: nil)
        case .float32: Export(format: c("f"), mlDType: nil)
        case .float64: Export(format: c("d"), mlDType: nil)
        case .complex64: Export(format: c("Zf"), mlDType: nil)
        case .complex128: Export(format: c("Zd"), mlDType: nil)
        case .bfloat16: Export(format: c("H"), mlDType: "bfloat16")
        case .float8_e5m2: Export(format: c("B"), mlDType: "float8_e5m2")
        case .float8_e4m3fn: Export(format: c("B"), mlDType: "float8_e4m3fn")
        // TensorFlow 2.21's narrow dtypes: one byte per element, as ml_dtypes stores them.
        case .float8_e4m3fnuz, .float8_e4m3b11fnuz, .float8_e5m2fnuz, .int4, .uint4, .int2, .uint2, .float4_e2m1fn:
            Export(format: c("B"), mlDType: dtype.name)
        case .resource, .variant:
            throw TensorBridgeError.unsupportedDType(dtype, "Cannot convert a Tensor of dtype \(dtype.name) to a NumPy array.")
        case .string:
            throw TensorBridgeError.unsupportedDType(dtype, "string tensors become object arrays of bytes, not a buffer")
        case .qint8, .quint8, .qint16, .quint16, .qint32:
            // `unquantized` never returns these.
            throw TensorBridgeError.unsupportedDType(dtype, "unexpected quantized dtype \(dtype.name)")
        }
    }

    /// The dtype for an `ml_dtypes` dtype name (`arr.dtype.name`), if it is one we hold.
    static func fromMLDType(_ name: String) -> DType? {
        switch name {
        case "bfloat16": .bfloat16
        case "float8_e5m2": .float8_e5m2
        case "float8_e4m3fn": .float8_e4m3fn
        case "float8_e4m3fnuz": .float8_e4m3fnuz
        case "float8_e4m3b11fnuz": .float8_e4m3b11fnuz
        case "float8_e5m2fnuz": .float8_e5m2fnuz
        case "int4": .int4
        case "uint4": .uint4
        case "int2": .int2
        case "uint2": .uint2
        case "float4_e2m1fn": .float4_e2m1fn
        default: nil
        }
    }

    /// A parsed PEP 3118 format as NumPy writes it for one array element.
    enum Element: Equatable {
        case dense(DType)
        /// `S<n>` bytes of fixed width (NumPy's `'<n>s'`).
        case bytes(width: Int)
        case object
        case unicode
        case unsupported(String)
    }

    /// Parses a buffer format, returning the element and whether it is big-endian (the
    /// supported platforms are little-endian, so big-endian data needs a byte-swapping copy).
    static func parse(format: String) -> (element: Element, bigEndian: Bool) {
        var body = Substring(format)
        var bigEndian = false
        if let first = body.first, "@=<>!".contains(first) {
            bigEndian = first == ">" || first == "!"
            body = body.dropFirst()
        }
        let element: Element
        switch body {
        case "?": element = .dense(.bool)
        case "b": element = .dense(.int8)
        case "B": element = .dense(.uint8)
        case "h": element = .dense(.int16)
        case "H": element = .dense(.uint16)
        case "i": element = .dense(.int32)
        case "I": element = .dense(.uint32)
        case "l", "q", "n": element = .dense(.int64)
        case "L", "Q", "N": element = .dense(.uint64)
        case "e": element = .dense(.float16)
        case "f": element = .dense(.float32)
        case "d": element = .dense(.float64)
        case "Zf": element = .dense(.complex64)
        case "Zd": element = .dense(.complex128)
        case "O": element = .object
        default:
            if body.hasSuffix("s"), let width = Int(body.dropLast()) {
                element = .bytes(width: width)
            } else if body.hasSuffix("w") {
                element = .unicode
            } else if body == "s" {
                element = .bytes(width: 1)
            } else {
                element = .unsupported(format)
            }
        }
        return (element, bigEndian)
    }

    private static func c(_ s: StaticString) -> UnsafePointer<CChar> {
        UnsafeRawPointer(s.utf8Start).assumingMemoryBound(to: CChar.self)
    }
}
