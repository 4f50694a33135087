/// The values of a TensorProto's typed field for one dtype, range-checked the way
/// `np.fromiter(field, dtype)` checks them (out-of-range integers raise in NumPy 2).
struct TypedValues {
    let count: Int
    private let writer: (UnsafeMutableRawPointer) -> Void

    func write(into destination: UnsafeMutableRawPointer) { writer(destination) }

    init(_ proto: Tensorflow_TensorProto, dtype: DType) throws {
        func ints<T: FixedWidthInteger & BitwiseCopyable>(_ values: [Int32], as: T.Type, field: String) throws -> (Int, (UnsafeMutableRawPointer) -> Void) {
            var out = [T]()
            out.reserveCapacity(values.count)
            for v in values {
                guard let x = T(exactly: v) else { throw TensorBridgeError.invalidFormat("TensorProto \(field) value \(v) does not fit \(dtype.name)") }
                out.append(x)
            }
            return Self.store(out)
        }
        func narrow(_ values: [Int32], _ range: ClosedRange<Int32>) throws -> (Int, (UnsafeMutableRawPointer) -> Void) {
            for v in values where !range.contains(v) {
                throw TensorBridgeError.invalidFormat("TensorProto int_val value \(v) does not fit \(dtype.name) (\(range.lowerBound)...\(range.upperBound))")
            }
            // Stored as ml_dtypes stores them: the low bits only (int4 -1 is 0x0F, int2 -1 is 0x03).
            let mask = UInt8(truncatingIfNeeded: Int(range.upperBound - range.lowerBound))
            return Self.store(values.map { UInt8(truncatingIfNeeded: $0) & mask })
        }
        switch dtype {
        case .float32: (count, writer) = Self.store(proto.floatVal)
        case .float64: (count, writer) = Self.store(proto.doubleVal)
        case .int32, .qint32: (count, writer) = Self.store(proto.intVal)
        case .int16, .qint16: (count, writer) = try ints(proto.intVal, as: Int16.self, field: "int_val")
        case .int8, .qint8: (count, writer) = try ints(proto.intVal, as: Int8.self, field: "int_val")
        case .uint8, .quint8: (count, writer) = try ints(proto.intVal, as: UInt8.self, field: "int_val")
        case .uint16, .quint16: (count, writer) = try ints(proto.intVal, as: UInt16.self, field: "int_val")
        case .float16, .bfloat16: (count, writer) = try ints(proto.halfVal, as: UInt16.self, field: "half_val")
        case .float8_e5m2, .float8_e4m3fn, .float4_e2m1fn, .float8_e4m3fnuz, .float8_e4m3b11fnuz, .float8_e5m2fnuz:
            (count, writer) = Self.store([UInt8](proto.float8Val))
        // int4/int2 and their unsigned forms travel in int_val (tf.make_tensor_proto), one byte each.
        case .int4: (count, writer) = try narrow(proto.intVal, -8...7)
        case .uint4: (count, writer) = try narrow(proto.intVal, 0...15)
        case .int2: (count, writer) = try narrow(proto.intVal, -2...1)
        case .uint2: (count, writer) = try narrow(proto.intVal, 0...3)
        case .int64: (count, writer) = Self.store(proto.int64Val)
        case .uint32: (count, writer) = Self.store(proto.uint32Val)
        case .uint64: (count, writer) = Self.store(proto.uint64Val)
        case .bool: (count, writer) = Self.store(proto.boolVal)
        case .complex64:
            // zip(it, it) drops an unpaired last value.
            (count, writer) = Self.store(Array(proto.scomplexVal.prefix(proto.scomplexVal.count / 2 * 2)), elements: proto.scomplexVal.count / 2)
        case .complex128:
            (count, writer) = Self.store(Array(proto.dcomplexVal.prefix(proto.dcomplexVal.count / 2 * 2)), elements: proto.dcomplexVal.count / 2)
        default:
            throw TensorBridgeError.unsupportedDType("TensorProto dtype \(dtype.name) has no typed field")
        }
    }

    private static func store<T: BitwiseCopyable>(_ values: [T], elements: Int? = nil) -> (Int, (UnsafeMutableRawPointer) -> Void) {
        (elements ?? values.count, { destination in
            values.withUnsafeBytes { raw in
                if let base = raw.baseAddress, raw.count > 0 { destination.copyMemory(from: base, byteCount: raw.count) }
            }
        })
    }
}
