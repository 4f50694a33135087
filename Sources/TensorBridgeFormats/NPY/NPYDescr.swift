/// A NumPy dtype string (`descr`) such as `'<f4'`, `'>i8'`, `'|b1'`, `'|S5'`, `'<U3'`, `'<V2'`,
/// split into byte order, kind and item size, and mapped to a `DType`.
struct NPYDescr: Equatable {
    enum ByteOrder: Character { case little = "<", big = ">", notApplicable = "|", native = "=" }

    let order: ByteOrder
    let kind: Character
    let itemSize: Int

    /// Parses a descr string; anything that is not `[<>|=]?[kind][size]` is refused.
    init(parsing text: String) throws {
        var chars = Substring(text)
        var order = ByteOrder.native
        if let first = chars.first, let o = ByteOrder(rawValue: first) {
            order = o
            chars = chars.dropFirst()
        }
        guard let kind = chars.first else { throw TensorBridgeError.unsupportedDType("empty .npy descr '\(text)'") }
        if kind == "O" { throw TensorBridgeError.unsupportedDType("object arrays ('\(text)') are Python pickles and are refused") }
        let digits = chars.dropFirst()
        guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber),
              let size = Int(digits), size > 0 else {
            throw TensorBridgeError.unsupportedDType("unsupported .npy descr '\(text)'")
        }
        // '=' means the writer's native order; every machine we run on is little-endian.
        self.order = order == .native ? .little : order
        self.kind = kind
        self.itemSize = size
    }

    init(order: ByteOrder, kind: Character, itemSize: Int) {
        self.order = order
        self.kind = kind
        self.itemSize = itemSize
    }

    /// The text NumPy writes (`'<f4'`, `'|u1'`).
    var text: String { "\(order.rawValue)\(kind)\(itemSize)" }

    /// Whether the data must be byte-swapped to become little-endian.
    var needsSwap: Bool { order == .big && itemSize > 1 }

    /// The dtype for numeric kinds. `voidAs` names the dtype of raw `V` items (NumPy saves
    /// bfloat16 and float8 as `'<V2'`/`'|V1'`, losing their names).
    func dtype(voidAs: DType?) throws -> DType {
        switch (kind, itemSize) {
        case ("b", 1): return .bool
        case ("i", 1): return .int8
        case ("i", 2): return .int16
        case ("i", 4): return .int32
        case ("i", 8): return .int64
        case ("u", 1): return .uint8
        case ("u", 2): return .uint16
        case ("u", 4): return .uint32
        case ("u", 8): return .uint64
        case ("f", 2): return .float16
        case ("f", 4): return .float32
        case ("f", 8): return .float64
        case ("c", 8): return .complex64
        case ("c", 16): return .complex128
        case ("S", _), ("U", _): return .string
        case ("V", _):
            if let voidAs, voidAs.byteSize == itemSize { return voidAs }
            throw TensorBridgeError.unsupportedDType(
                "raw void items '\(text)' have no dtype (NumPy saves bfloat16 as '<V2' and float8 as '|V1'); say which with voidAs: in Swift or --void-as on the command line (for example bfloat16 for '<V2')")
        default:
            throw TensorBridgeError.unsupportedDType("unsupported .npy descr '\(text)'")
        }
    }

    /// The descr NumPy writes for `dtype` (bfloat16 and float8 as void, like ml_dtypes arrays;
    /// quantized dtypes as their plain integers).
    static func forWriting(_ dtype: DType) throws -> NPYDescr {
        switch dtype.unquantized {
        case .bool: return NPYDescr(order: .notApplicable, kind: "b", itemSize: 1)
        case .int8: return NPYDescr(order: .notApplicable, kind: "i", itemSize: 1)
        case .uint8: return NPYDescr(order: .notApplicable, kind: "u", itemSize: 1)
        case .int16: return NPYDescr(order: .little, kind: "i", itemSize: 2)
        case .int32: return NPYDescr(order: .little, kind: "i", itemSize: 4)
        case .int64: return NPYDescr(order: .little, kind: "i", itemSize: 8)
        case .uint16: return NPYDescr(order: .little, kind: "u", itemSize: 2)
        case .uint32: return NPYDescr(order: .little, kind: "u", itemSize: 4)
        case .uint64: return NPYDescr(order: .little, kind: "u", itemSize: 8)
        case .float16: return NPYDescr(order: .little, kind: "f", itemSize: 2)
        case .float32: return NPYDescr(order: .little, kind: "f", itemSize: 4)
        case .float64: return NPYDescr(order: .little, kind: "f", itemSize: 8)
        case .complex64: return NPYDescr(order: .little, kind: "c", itemSize: 8)
        case .complex128: return NPYDescr(order: .little, kind: "c", itemSize: 16)
        case .bfloat16: return NPYDescr(order: .little, kind: "V", itemSize: 2)
        case .float8_e5m2, .float8_e4m3fn: return NPYDescr(order: .little, kind: "V", itemSize: 1)  // NumPy writes "<V1"
        case .float8_e4m3fnuz, .float8_e4m3b11fnuz, .float8_e5m2fnuz, .int4, .uint4, .int2, .uint2, .float4_e2m1fn:
            return NPYDescr(order: .little, kind: "V", itemSize: 1)
        default: throw TensorBridgeError.unsupportedDType("dtype \(dtype.name) cannot be saved as .npy")
        }
    }
}
