/// An immutable, eager, row-major tensor, like a TensorFlow `EagerTensor`.
///
/// `Tensor` is a value: copying one shares the underlying buffer, and no operation ever
/// changes a tensor's bytes in place, so shared memory is always safe to hand to NumPy
/// read-only. Dense tensors live in a ``TensorBuffer`` on a ``Device``; string tensors hold
/// arbitrary byte strings on the host.
public struct Tensor: Sendable {
    public let dtype: DType
    public let shape: Shape
    let contents: Contents

    enum Contents: Sendable {
        case dense(TensorBuffer)
        case strings([[UInt8]])
    }

    /// Wraps an existing buffer without copying.
    /// - Throws: ``TensorBridgeError`` (`.invalidArgument`) if the buffer is smaller than `shape`
    ///   needs, or the dtype cannot be held.
    public init(dtype: DType, shape: Shape, buffer: TensorBuffer) throws {
        try dtype.requireMaterializable()
        guard dtype != .string else {
            throw TensorBridgeError.unsupportedDType(.string, "string tensors hold byte strings, not a raw buffer; use Tensor(strings:shape:)")
        }
        let needed = try shape.byteCount(for: dtype)
        guard buffer.byteCount >= needed else {
            throw TensorBridgeError.invalidArgument("buffer of \(buffer.byteCount) bytes is too small for \(dtype.name) \(shape) (\(needed) bytes)")
        }
        self.dtype = dtype
        self.shape = shape
        self.contents = .dense(buffer)
    }

    init(uncheckedDType dtype: DType, shape: Shape, buffer: TensorBuffer) {
        self.dtype = dtype
        self.shape = shape
        self.contents = .dense(buffer)
    }

    /// A string tensor of byte strings (TensorFlow strings are bytes, not text; NULs are kept).
    public init(strings: [[UInt8]], shape: [Int]) throws {
        let shape = try Shape(shape)
        guard shape.elementCount == strings.count else {
            throw TensorBridgeError.invalidShape("\(strings.count) strings cannot fill shape \(shape) of \(shape.elementCount) elements")
        }
        self.dtype = .string
        self.shape = shape
        self.contents = .strings(strings)
    }

    /// A string tensor from Swift text, stored as UTF-8.
    public init(strings: [String], shape: [Int]? = nil) throws {
        try self.init(strings: strings.map { Array($0.utf8) }, shape: shape ?? [strings.count])
    }

    /// The device holding the tensor's data. String tensors are always on the CPU.
    public var device: Device {
        if case .dense(let buffer) = contents { return buffer.device }
        return .cpu
    }

    public var rank: Int { shape.rank }
    public var elementCount: Int { shape.elementCount }

    /// The dense buffer, or `nil` for a string tensor.
    public var buffer: TensorBuffer? {
        if case .dense(let buffer) = contents { return buffer }
        return nil
    }

    /// The number of data bytes (for strings, the total of their lengths).
    public var byteCount: Int {
        switch contents {
        case .dense: (try? shape.byteCount(for: dtype)) ?? 0
        case .strings(let s): s.reduce(0) { $0 + $1.count }
        }
    }
}
