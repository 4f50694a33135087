/// Creating dense tensors. Each places the tensor on the device of the current
/// ``withDevice(_:_:)`` scope (the CPU by default). Tensors made from Swift values cost one
/// counted host→device copy there; `fill`, `zeros` and `ones` run that device's `Fill` kernel
/// (soft placement: computed on the CPU and copied, where the device has none).
extension Tensor {
    /// A rank-0 tensor.
    public init<T: TensorScalar>(_ scalar: T) throws {
        try self.init([scalar], shape: [])
    }

    /// A tensor of `shape` filled from `scalars` in row-major order.
    /// - Throws: ``TensorBridgeError`` (`.invalidShape`) when the counts differ or the shape is invalid.
    public init<T: TensorScalar>(_ scalars: [T], shape: [Int]) throws {
        let shape = try Shape(shape)
        guard shape.elementCount == scalars.count else {
            throw TensorBridgeError.invalidShape("Cannot make a tensor of shape \(shape) (\(shape.elementCount) elements) from \(scalars.count) values")
        }
        self = try scalars.withUnsafeBytes { raw in
            try Tensor.placed(dtype: T.dtype, shape: shape, from: raw)
        }
    }

    /// A tensor from a (possibly nested) Swift array, shaped by its nesting:
    /// `[[Float]]` gives rank 2. Ragged nesting is an error, as in TensorFlow.
    public init<N: TensorNestable>(_ nested: [N]) throws {
        if let flat = nested as? [N.Scalar] {
            try self.init(flat, shape: [flat.count])
            return
        }
        var scalars: [N.Scalar] = []
        var dims: [Int] = []
        try [N]._collect(nested, into: &scalars, dims: &dims, level: 0)
        try self.init(scalars, shape: dims)
    }

    /// Copies host bytes into a new tensor on the current scope's device.
    static func placed(dtype: DType, shape: Shape, from raw: UnsafeRawBufferPointer) throws -> Tensor {
        let device = try Placement.resolvedDevice()
        let host = try TensorBuffer.allocateHost(byteCount: raw.count)
        if let base = raw.baseAddress, raw.count > 0 {
            ParallelCopy.copy(from: base, to: host.baseAddress, byteCount: raw.count)
        }
        return try Tensor(uncheckedDType: dtype, shape: shape, buffer: host).placed(on: device)
    }

    /// Moves a freshly made host tensor to `device` (one counted copy) unless it is the CPU.
    func placed(on device: Device) throws -> Tensor {
        guard device != self.device, let buffer else { return self }
        return Tensor(uncheckedDType: dtype, shape: shape, buffer: try Transfer.copy(buffer, to: device))
    }

    /// A tensor of `shape` with every element `value` (`tf.fill`), made on the current
    /// scope's device by that device's `Fill` kernel (the CPU's, or the GPU's: no host copy).
    public static func fill<T: TensorScalar>(shape: [Int], value: T) throws -> Tensor {
        let shape = try Shape(shape)
        let element = Swift.withUnsafeBytes(of: value) { Array($0) }
        return try Ops.fill(placing: FillRequest(shape: shape, dtype: T.dtype, element: element))
    }

    /// A tensor of zeros (`tf.zeros`). Any dtype but string, resource and variant.
    public static func zeros(shape: [Int], dtype: DType = .float32) throws -> Tensor {
        try dtype.requireMaterializable()
        if dtype == .string {
            let s = try Shape(shape)
            return try Tensor(strings: [[UInt8]](repeating: [], count: s.elementCount), shape: shape)
        }
        return try Ops.fill(placing: FillRequest(shape: try Shape(shape), dtype: dtype, element: []))
    }

    /// A tensor of ones (`tf.ones`).
    public static func ones(shape: [Int], dtype: DType = .float32) throws -> Tensor {
        struct Ones: ScalarVisitor {
            let shape: [Int]
            func visit<T: Castable>(_: T.Type) throws -> Tensor { try Tensor.fill(shape: shape, value: T.one) }
        }
        return try ScalarDispatch.visit(dtype, Ones(shape: shape))
    }

    /// `[start, start+delta, ...)` up to `limit` exclusive, like `tf.range`: the length is
    /// `ceil(|limit - start| / |delta|)` and each value adds `delta` to the previous one, as
    /// TensorFlow's kernel does.
    /// - Throws: for `delta == 0` or a range that runs the wrong way, with TensorFlow's messages,
    ///   and for a length that does not fit in memory.
    public static func range<T: TensorScalar & BinaryFloatingPoint>(start: T, limit: T, delta: T = 1) throws -> Tensor {
        try checkRange(start: start, limit: limit, delta: delta)
        let length = (Double(limit - start) / Double(delta)).magnitude.rounded(.up)
        return try rangeValues(start: start, delta: delta, count: length)
    }

    /// Integer `tf.range`.
    public static func range<T: TensorScalar & BinaryInteger>(start: T, limit: T, delta: T = 1) throws -> Tensor {
        try checkRange(start: start, limit: limit, delta: delta)
        let span = Double(limit) - Double(start), step = Double(delta)
        return try rangeValues(start: start, delta: delta, count: (span / step).magnitude.rounded(.up))
    }

    private static func checkRange<T: Comparable & Numeric>(start: T, limit: T, delta: T) throws {
        guard delta != 0 else { throw TensorBridgeError.invalidArgument("Requires delta != 0: 0") }
        if delta > 0 && start > limit {
            throw TensorBridgeError.invalidArgument("Requires start <= limit when delta > 0: \(start)/\(limit)")
        }
        if delta < 0 && start < limit {
            throw TensorBridgeError.invalidArgument("Requires start >= limit when delta < 0: \(start)/\(limit)")
        }
    }

    private static func rangeValues<T: TensorScalar & Numeric>(start: T, delta: T, count: Double) throws -> Tensor {
        guard count.isFinite, count < Double(Int.max / 16) else {
            throw TensorBridgeError.invalidShape("range of \(count) elements is too large")
        }
        let n = Int(count)
        // An op made per call: its arguments are typed. No backend has a `Range` kernel yet,
        // so off the host it runs on the CPU and is placed (soft placement).
        let range = Op<Int, Tensor>(creation: "Range") { n in try hostRange(start: start, delta: delta, count: n) }
        return try range(placing: n)
    }

    private static func hostRange<T: TensorScalar & Numeric>(start: T, delta: T, count n: Int) throws -> Tensor {
        let shape = try Shape([n])
        let buffer = try TensorBuffer.allocateHost(byteCount: try shape.byteCount(for: T.dtype))
        let out = buffer.baseAddress.bindMemory(to: T.self, capacity: n)
        var value = start
        for i in 0..<n {
            out[i] = value
            value += delta
        }
        return Tensor(uncheckedDType: T.dtype, shape: shape, buffer: buffer)
    }
}

/// Arrays (and scalars) that `Tensor(_:)` can flatten: `[Float]`, `[[Float]]`, ...
public protocol TensorNestable {
    associatedtype Scalar: TensorScalar
    static func _collect(_ value: Self, into scalars: inout [Scalar], dims: inout [Int], level: Int) throws
}

extension TensorScalar {
    public static func _collect(_ value: Self, into scalars: inout [Self], dims: inout [Int], level: Int) throws {
        guard level == dims.count else { throw TensorBridgeError.invalidShape(Tensor.raggedMessage) }
        scalars.append(value)
    }
}

extension Array: TensorNestable where Element: TensorNestable {
    public typealias Scalar = Element.Scalar
    public static func _collect(_ value: [Element], into scalars: inout [Scalar], dims: inout [Int], level: Int) throws {
        if level == dims.count {
            // The first array met at this depth fixes the dimension.
            guard scalars.isEmpty else { throw TensorBridgeError.invalidShape(Tensor.raggedMessage) }
            dims.append(value.count)
        } else if level > dims.count || dims[level] != value.count {
            throw TensorBridgeError.invalidShape(Tensor.raggedMessage)
        }
        for element in value {
            try Element._collect(element, into: &scalars, dims: &dims, level: level + 1)
        }
    }
}

extension Tensor {
    /// TensorFlow's message for ragged nested input.
    static let raggedMessage = "Nested Swift arrays must be rectangular: every inner array at one level needs the same count (TensorFlow: Can't convert non-rectangular Python sequence to Tensor.)"
}
