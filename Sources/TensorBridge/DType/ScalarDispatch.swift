/// Generic code that runs for the Swift scalar type of a runtime ``DType``.
///
/// `ScalarDispatch.visit` switches on the dtype and calls `visit` with a concrete type, so the
/// optimizer specializes the visitor's loop for each type: kernels written once run at the
/// speed of hand-written ones.
protocol ScalarVisitor {
    associatedtype Result
    func visit<T: Castable>(_ type: T.Type) throws -> Result
}

enum ScalarDispatch {
    static func visit<V: ScalarVisitor>(_ dtype: DType, _ visitor: V) throws -> V.Result {
        switch dtype {
        case .float32: try visitor.visit(Float.self)
        case .float64: try visitor.visit(Double.self)
        case .float16: try visitor.visit(Float16.self)
        case .bfloat16: try visitor.visit(BFloat16.self)
        case .float8_e4m3fn: try visitor.visit(Float8E4M3FN.self)
        case .float8_e5m2: try visitor.visit(Float8E5M2.self)
        case .int8: try visitor.visit(Int8.self)
        case .int16: try visitor.visit(Int16.self)
        case .int32: try visitor.visit(Int32.self)
        case .int64: try visitor.visit(Int64.self)
        case .uint8: try visitor.visit(UInt8.self)
        case .uint16: try visitor.visit(UInt16.self)
        case .uint32: try visitor.visit(UInt32.self)
        case .uint64: try visitor.visit(UInt64.self)
        case .bool: try visitor.visit(Bool.self)
        case .complex64: try visitor.visit(Complex64.self)
        case .complex128: try visitor.visit(Complex128.self)
        case .qint8: try visitor.visit(QInt8.self)
        case .quint8: try visitor.visit(QUInt8.self)
        case .qint16: try visitor.visit(QInt16.self)
        case .quint16: try visitor.visit(QUInt16.self)
        case .qint32: try visitor.visit(QInt32.self)
        case .string, .resource, .variant:
            throw TensorBridgeError.unsupportedDType(dtype, "\(dtype.name) is not a numeric dtype")
        case .float8_e4m3fnuz, .float8_e4m3b11fnuz, .float8_e5m2fnuz, .int4, .uint4, .int2, .uint2, .float4_e2m1fn:
            // TensorFlow 2.21 has no CPU kernel for these either ("Cast int4 to float is not supported").
            throw TensorBridgeError.unsupportedDType(dtype, "\(dtype.name) tensors can be stored, moved and saved, but no op computes on them (TensorFlow has no CPU kernels for them either)")
        }
    }
}
