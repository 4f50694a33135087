import CDLPack

/// Mapping between TensorBridge dtypes and DLPack's `DLDataType` (`code`, `bits`, `lanes`).
///
/// Codes follow DLPack 1.1: Int=0, UInt=1, Float=2, Bfloat=4, Complex=5 (bits count both
/// halves), Bool=6 (8 bits), float8 e4m3fn=10 and e5m2=12. Lanes are always 1: TensorBridge has
/// no vector element types.
extension DType {
    /// The DLPack type of this dtype.
    /// - Throws: `TensorBridgeError` (`.unsupportedDType`) for `string` (no fixed-size elements),
    ///   the quantized dtypes (DLPack has no quantized codes, and exporting them as plain
    ///   integers would silently drop their meaning), and `resource`/`variant`.
    package func dlpackDataType() throws -> DLDataType {
        let code: DLDataTypeCode
        switch self {
        case .bool: code = kDLBool
        case .int8, .int16, .int32, .int64: code = kDLInt
        case .uint8, .uint16, .uint32, .uint64: code = kDLUInt
        case .float16, .float32, .float64: code = kDLFloat
        case .bfloat16: code = kDLBfloat
        case .complex64, .complex128: code = kDLComplex
        case .float8_e4m3fn: code = kDLFloat8_e4m3fn
        case .float8_e5m2: code = kDLFloat8_e5m2
        case .string:
            throw TensorBridgeError.unsupportedDType(self, "DLPack cannot carry string tensors: their elements are variable-length byte strings, not a fixed-size dense buffer")
        case .qint8, .quint8, .qint16, .quint16, .qint32:
            throw TensorBridgeError.unsupportedDType(self, "DLPack has no quantized dtypes; cast \(name) to \(unquantized.name) first if the raw integers are what you want")
        case .resource, .variant:
            throw TensorBridgeError.unsupportedDType(self, "DLPack cannot carry \(name) handles")
        case .float8_e4m3fnuz, .float8_e4m3b11fnuz, .float8_e5m2fnuz, .int4, .uint4, .int2, .uint2, .float4_e2m1fn:
            throw TensorBridgeError.unsupportedDType(self, "DLPack export of \(name) is not supported")
        }
        // byteSize is non-nil for every case that reached here.
        let bits = (byteSize ?? 0) * 8
        return DLDataType(code: UInt8(code.rawValue), bits: UInt8(bits), lanes: 1)
    }

    /// The dtype a DLPack `DLDataType` describes.
    /// - Throws: `TensorBridgeError` (`.unsupportedDType`) for vector lanes, unknown codes and
    ///   bit widths TensorBridge has no dtype for (for example float8 e4m3fnuz, or 4-bit types).
    package init(dlpack type: DLDataType) throws {
        guard type.lanes == 1 else {
            throw TensorBridgeError.invalidArgument("DLPack dtype with \(type.lanes) lanes is not supported; TensorBridge tensors have scalar elements (lanes == 1)")
        }
        let found: DType?
        switch (UInt32(type.code), type.bits) {
        case (kDLBool.rawValue, 8): found = .bool
        case (kDLInt.rawValue, 8): found = .int8
        case (kDLInt.rawValue, 16): found = .int16
        case (kDLInt.rawValue, 32): found = .int32
        case (kDLInt.rawValue, 64): found = .int64
        case (kDLUInt.rawValue, 8): found = .uint8
        case (kDLUInt.rawValue, 16): found = .uint16
        case (kDLUInt.rawValue, 32): found = .uint32
        case (kDLUInt.rawValue, 64): found = .uint64
        case (kDLFloat.rawValue, 16): found = .float16
        case (kDLFloat.rawValue, 32): found = .float32
        case (kDLFloat.rawValue, 64): found = .float64
        case (kDLBfloat.rawValue, 16): found = .bfloat16
        case (kDLComplex.rawValue, 64): found = .complex64
        case (kDLComplex.rawValue, 128): found = .complex128
        case (kDLFloat8_e4m3fn.rawValue, 8): found = .float8_e4m3fn
        case (kDLFloat8_e5m2.rawValue, 8): found = .float8_e5m2
        default: found = nil
        }
        guard let found else {
            throw TensorBridgeError.invalidArgument("Unsupported dtype in DLTensor: type code \(type.code) with \(type.bits) bits has no TensorBridge dtype")
        }
        self = found
    }
}
