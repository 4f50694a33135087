/// A Swift number literal beside a tensor in an expression (`t * 2`, `0.5 + t`). It takes
/// the tensor's dtype, as a Python number does with a TensorFlow tensor: `2` next to a
/// float16 tensor is a float16 2, next to an int8 tensor an int8 2.
///
/// A value the dtype cannot hold (a fraction for an integer tensor, 300 for uint8) is an
/// error, as TensorFlow refuses to convert it.
public struct ScalarLiteral: Sendable, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    enum Value: Sendable { case integer(Int64), float(Double) }
    let value: Value

    /// An integer literal.
    public init(integerLiteral value: Int64) { self.value = .integer(value) }
    /// A floating-point literal.
    public init(floatLiteral value: Double) { self.value = .float(value) }

    /// The literal as a rank-0 host tensor of `dtype`.
    /// - Throws: TensorFlow's "Cannot convert ... to EagerTensor of dtype ..." when the value
    ///   does not fit the dtype.
    func tensor(_ dtype: DType) throws -> Tensor {
        let refuse = TensorBridgeError.invalidArgument("Cannot convert \(self) to EagerTensor of dtype \(dtype.name)")
        func make<T: TensorScalar>(_ v: T) throws -> Tensor {
            let (t, p) = try allocateHost(T.self, dtype: T.dtype, shape: .scalar)
            p.value[0] = v
            return t
        }
        switch (value, dtype) {
        case (.integer(let i), .float32): return try make(Float(i))
        case (.integer(let i), .float64): return try make(Double(i))
        case (.integer(let i), .float16): return try make(Float16(Float(i)))
        case (.integer(let i), .bfloat16): return try make(BFloat16(Float(i)))
        case (.float(let d), .float32): return try make(Float(d))
        case (.float(let d), .float64): return try make(d)
        case (.float(let d), .float16): return try make(Float16(Float(d)))
        case (.float(let d), .bfloat16): return try make(BFloat16(Float(d)))
        case (.integer(let i), .complex64): return try make(Complex64(Float(i)))
        case (.float(let d), .complex64): return try make(Complex64(Float(d)))
        case (.integer(let i), .complex128): return try make(Complex128(Double(i)))
        case (.float(let d), .complex128): return try make(Complex128(d))
        case (.integer(let i), _):
            func int<T: MathInteger>(_: T.Type) throws -> Tensor {
                guard let v = T(exactly: i) else { throw refuse }
                return try make(v)
            }
            switch dtype {
            case .int8: return try int(Int8.self)
            case .int16: return try int(Int16.self)
            case .int32: return try int(Int32.self)
            case .int64: return try int(Int64.self)
            case .uint8: return try int(UInt8.self)
            case .uint16: return try int(UInt16.self)
            case .uint32: return try int(UInt32.self)
            case .uint64: return try int(UInt64.self)
            case .bool where i == 0 || i == 1: return try make(i == 1)
            default: throw refuse
            }
        case (.float, _): throw refuse
        }
    }
}

extension ScalarLiteral: CustomStringConvertible {
    /// The literal as Swift prints it.
    public var description: String {
        switch value {
        case .integer(let i): "\(i)"
        case .float(let d): "\(d)"
        }
    }
}
