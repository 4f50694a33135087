import TensorBridge

/// The typed creation paths (`Tensor([T], shape:)`, `Tensor.fill`) for a dtype chosen at run
/// time. Quantized dtypes have no Swift scalar type; they fall back to a raw buffer.
enum SoakTyped {
    /// `Tensor([T], shape:)` with the values in `bytes`.
    static func tensor(dtype: DType, bytes: [UInt8], shape: [Int]) throws -> Tensor {
        func typed<T: TensorScalar>(_: T.Type) throws -> Tensor {
            try Tensor(values(T.self, bytes), shape: shape)
        }
        guard let type = scalarType(dtype) else { return try copy(bytes: bytes, dtype: dtype, shape: shape).0 }
        return try typed(type)
    }

    /// `Tensor.fill(shape:value:)` with the one element in `element`.
    static func fill(dtype: DType, element: [UInt8], shape: [Int]) throws -> Tensor {
        func typed<T: TensorScalar>(_: T.Type) throws -> Tensor {
            try Tensor.fill(shape: shape, value: values(T.self, element)[0])
        }
        guard let type = scalarType(dtype) else {
            let count = shape.reduce(1, *)
            return try copy(bytes: Array((0..<count).map { _ in element }.joined()), dtype: dtype, shape: shape).0
        }
        return try typed(type)
    }

    /// A new tensor owning a copy of `bytes` (its own buffer).
    static func copy(bytes: [UInt8], dtype: DType, shape: [Int]) throws -> (Tensor, TensorBuffer) {
        let buffer = try TensorBuffer.allocateHost(byteCount: bytes.count)
        bytes.withUnsafeBytes { raw in
            if let base = raw.baseAddress, raw.count > 0 { buffer.baseAddress.copyMemory(from: base, byteCount: raw.count) }
        }
        return (try Tensor(dtype: dtype, shape: Shape(shape), buffer: buffer), buffer)
    }

    private static func values<T: TensorScalar>(_: T.Type, _ bytes: [UInt8]) -> [T] {
        let count = bytes.count / MemoryLayout<T>.stride
        return bytes.withUnsafeBytes { raw in (0..<count).map { raw.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.stride, as: T.self) } }
    }

    /// The Swift scalar type of `dtype`, or nil (quantized: no Swift type).
    private static func scalarType(_ dtype: DType) -> (any TensorScalar.Type)? {
        switch dtype {
        case .bool: Bool.self
        case .int8: Int8.self
        case .uint8: UInt8.self
        case .int16: Int16.self
        case .uint16: UInt16.self
        case .int32: Int32.self
        case .uint32: UInt32.self
        case .int64: Int64.self
        case .uint64: UInt64.self
        case .float16: Float16.self
        case .bfloat16: BFloat16.self
        case .float8_e4m3fn: Float8E4M3FN.self
        case .float8_e5m2: Float8E5M2.self
        case .float32: Float.self
        case .float64: Double.self
        case .complex64: Complex64.self
        case .complex128: Complex128.self
        default: nil
        }
    }
}
