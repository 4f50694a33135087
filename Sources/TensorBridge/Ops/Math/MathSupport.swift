import _CTensorBridgeKernels

/// Two tensors an op reads together; soft placement brings both to the host.
package struct TensorPair: Sendable {
    package let x: Tensor
    package let y: Tensor

    package init(_ x: Tensor, _ y: Tensor) { self.x = x; self.y = y }

    /// Both inputs on the host (counted copies for those that are not).
    @Sendable package static func toHost(_ pair: TensorPair) throws -> TensorPair {
        TensorPair(try pair.x.copy(to: .cpu), try pair.y.copy(to: .cpu))
    }
}

extension Op where Input == TensorPair {
    /// A two-tensor op; soft placement copies both tensors to the host.
    package init(_ name: String, pair cpu: @escaping @Sendable (TensorPair) throws -> Output) {
        self.init(name, inputsToHost: TensorPair.toHost, cpu: cpu)
    }

    /// Runs the op where its inputs live (the first input off the host decides).
    @inline(__always)
    package func callAsFunction(_ x: Tensor, _ y: Tensor) throws -> Output {
        try self(TensorPair(x, y), on: opDevice(x, y))
    }
}

extension DType {
    /// TensorFlow's C++ name for the dtype (`DataTypeString`), which its kernel messages use:
    /// `float`, `double`, `half`, ...
    package var kernelName: String {
        switch self {
        case .float32: "float"
        case .float64: "double"
        case .float16: "half"
        default: name
        }
    }
}

/// Messages and checks shared by the math ops, with TensorFlow's wording.
enum MathCheck {
    /// TensorFlow has no implicit promotion: inputs of an op must share a dtype.
    static func sameDType(_ op: String, _ x: Tensor, _ y: Tensor) throws {
        guard x.dtype == y.dtype else {
            throw TensorBridgeError.invalidArgument(
                "cannot compute \(op) as input #1(zero-based) was expected to be a \(x.dtype.kernelName) tensor but is a \(y.dtype.kernelName) tensor")
        }
    }

    /// The input must have `dtype` (the logical ops want bool).
    static func dtype(_ op: String, _ t: Tensor, input: Int, is dtype: DType) throws {
        guard t.dtype == dtype else {
            throw TensorBridgeError.invalidArgument(
                "cannot compute \(op) as input #\(input)(zero-based) was expected to be a \(dtype.kernelName) tensor but is a \(t.dtype.kernelName) tensor")
        }
    }

    /// TensorFlow's op-definition check on the type attribute `T`.
    static func allowed(_ op: String, _ dtype: DType, _ list: [DType]) throws {
        guard list.contains(dtype) else {
            throw TensorBridgeError.unsupportedDType(
                dtype, "Value for attr 'T' of \(dtype.kernelName) is not in the list of allowed values: "
                    + list.map(\.kernelName).joined(separator: ", ") + " (op \(op))")
        }
    }

    /// A string tensor has no numeric kernel.
    static func dense(_ t: Tensor) throws -> TensorBuffer {
        guard t.dtype != .string else { throw TensorBridgeError.unsupportedDType(.string, "string tensors have no math kernels") }
        return try t.hostBuffer()
    }

    static let floats: [DType] = [.bfloat16, .float16, .float32, .float64]
    /// What TensorFlow's float ops accept; complex inputs then meet "no kernel" here.
    static let floatsAndComplex: [DType] = floats + [.complex64, .complex128]
    static let signedInts: [DType] = [.int8, .int16, .int32, .int64]
    static let unsignedInts: [DType] = [.uint8, .uint16, .uint32, .uint64]
    static let reals: [DType] = floats + signedInts + unsignedInts
}

/// Runs `body` with TensorFlow's CPU floating-point mode (flush-to-zero, denormals-are-zero)
/// when `flush` holds.
@inline(__always)
func withTensorFlowFPMode<R>(_ flush: Bool = true, _ body: () throws -> R) rethrows -> R {
    guard flush else { return try body() }
    let saved = tb_fpmode_flush_denormals()
    defer { tb_fpmode_restore(saved) }
    return try body()
}

/// Splits `count` elements across the cores, then each task's range into blocks of at most
/// `block` elements, and calls `body(start, count, scratch)` for each block, in TensorFlow's
/// floating-point mode when `flush` holds. `scratch` holds `scratchBlocks` blocks of float32
/// values, the task's own: kernels that widen, or gather, one block at a time work in it while
/// it stays in L1.
func forEachBlock(count: Int, block: Int, scratchBlocks: Int, flush: Bool,
                  _ body: (Int, Int, UnsafeMutablePointer<Float>) -> Void) {
    Parallel.forEachChunk(count: count, grain: BinaryKernel.grain) { range in
        withTensorFlowFPMode(flush) {
            withUnsafeTemporaryAllocation(of: Float.self, capacity: scratchBlocks * block) { buffer in
                guard let scratch = buffer.baseAddress else { return }
                var start = range.lowerBound
                while start < range.upperBound {
                    let n = Swift.min(block, range.upperBound - start)
                    body(start, n, scratch)
                    start += n
                }
            }
        }
    }
}

/// Whether loops over `T` run flushed: float32 and float64 do (their subnormals vanish in
/// TensorFlow); float16 and bfloat16 do not (Eigen widens them to float32, where their
/// subnormals are normal numbers, so TensorFlow keeps them).
func flushesDenormals<T>(_: T.Type) -> Bool {
    T.self == Float.self || T.self == Double.self || T.self == Complex64.self || T.self == Complex128.self
}

/// A new host tensor of `dtype` and `shape`, uninitialised, and a typed pointer to it.
func allocateHost<T>(_ type: T.Type, dtype: DType, shape: Shape) throws -> (Tensor, UnsafeSendable<UnsafeMutablePointer<T>>) {
    let buffer = try TensorBuffer.allocateHost(byteCount: try shape.byteCount(for: dtype))
    let pointer = buffer.baseAddress.bindMemory(to: T.self, capacity: max(shape.elementCount, 1))
    return (Tensor(uncheckedDType: dtype, shape: shape, buffer: buffer), UnsafeSendable(pointer))
}

/// A host tensor's elements as `T` (the caller has checked the dtype).
func hostPointer<T>(_ t: Tensor, as type: T.Type) throws -> UnsafeSendable<UnsafePointer<T>> {
    let buffer = try MathCheck.dense(t)
    return UnsafeSendable(UnsafePointer(buffer.baseAddress.assumingMemoryBound(to: T.self)))
}
