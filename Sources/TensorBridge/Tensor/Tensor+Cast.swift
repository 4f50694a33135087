import _CTensorBridgeKernels

/// `tf.cast` and `tf.dtypes.saturate_cast`.
extension Tensor {
    /// Converts every element to `dtype` as TensorFlow's vectorized CPU kernel does on x86-64.
    ///
    /// Integers wrap; floats convert with the x86 truncating instructions (out of range and
    /// NaN become the "integer indefinite" value); complex to real keeps the real part;
    /// subnormal floats read as zero (TensorFlow runs with denormals-are-zero). Every element
    /// gets the value of TensorFlow's vectorized (Eigen packet) code, which covers the bulk of
    /// any TensorFlow tensor: floats to 8/16-bit integers saturate, and a negative NaN becomes
    /// a positive bfloat16 NaN. TensorFlow's scalar code, which it runs on the last few
    /// elements of each thread-pool shard, wraps those instead, so its own answer for those
    /// elements depends on the tensor's size and the machine; TensorBridge's does not.
    /// Same dtype returns `self`.
    ///
    /// Runs where the tensor lives: on the host split across cores, on a GPU with its kernel
    /// where it has one for the pair (soft placement: on the CPU, result on the host, where
    /// not). The result is a new tensor.
    /// - Throws: for string, resource and variant tensors.
    public func cast(to dtype: DType) throws -> Tensor {
        if dtype == self.dtype { return self }
        return try convert(to: dtype, saturating: false)
    }

    /// `tf.dtypes.saturate_cast`: clamps into `dtype`'s finite range first (with TensorFlow's
    /// limits, nudged toward zero where the source cannot hold the exact bound), then casts.
    /// NaN passes the clamp and casts as ``cast(to:)`` casts it. Complex to real keeps the
    /// real part. Unlike TensorFlow 2.21, an int64 source clamps correctly (TensorFlow clamps
    /// every int64 value to the int64 minimum, a float→int64 overflow in its limit code).
    public func saturateCast(to dtype: DType) throws -> Tensor {
        // Complex values pass TensorFlow's clip unchanged when the range does not narrow.
        if dtype == self.dtype && dtype.isComplex { return self }
        return try convert(to: dtype, saturating: true)
    }

    private func convert(to dtype: DType, saturating: Bool) throws -> Tensor {
        for d in [self.dtype, dtype] where d == .string || !d.isMaterializable {
            throw TensorBridgeError.unsupportedDType(d, "Cast \(self.dtype.name) to \(dtype.name) is not supported")
        }
        if saturating && self.dtype.isComplex && !dtype.isComplex {
            // tf.math.real, then clamp and cast as a real tensor.
            return try cast(to: self.dtype == .complex64 ? .float32 : .float64).saturateCast(to: dtype)
        }
        return try Ops.cast(CastRequest(tensor: self, dtype: dtype, saturating: saturating), on: device)
    }

    /// The CPU `Cast` kernel.
    fileprivate func hostConvert(to dtype: DType, saturating: Bool) throws -> Tensor {
        let source = try hostBuffer()
        return try ScalarDispatch.visit(dtype, DestinationVisitor(source: self, sourceBuffer: source, saturating: saturating))
    }

    private struct DestinationVisitor: ScalarVisitor {
        let source: Tensor
        let sourceBuffer: TensorBuffer
        let saturating: Bool
        func visit<D: Castable>(_: D.Type) throws -> Tensor {
            try ScalarDispatch.visit(source.dtype, SourceVisitor<D>(source: source, sourceBuffer: sourceBuffer, saturating: saturating))
        }
    }

    private struct SourceVisitor<D: Castable>: ScalarVisitor {
        let source: Tensor
        let sourceBuffer: TensorBuffer
        let saturating: Bool

        func visit<S: Castable>(_: S.Type) throws -> Tensor {
            let count = source.elementCount
            let out = try TensorBuffer.allocateHost(byteCount: try source.shape.byteCount(for: D.dtype))
            let src = UnsafeSendable(UnsafePointer(sourceBuffer.baseAddress.assumingMemoryBound(to: S.self)))
            let dst = UnsafeSendable(out.baseAddress.bindMemory(to: D.self, capacity: count))
            // Every element takes TensorFlow's packet-path value, whatever its position.
            if !saturating, let kernel = FastCast.kernel(from: S.dtype, to: D.dtype) {
                Parallel.forEachChunk(count: count) { range in
                    kernel(UnsafeRawPointer(src.value + range.lowerBound), UnsafeMutableRawPointer(dst.value + range.lowerBound), range.count)
                }
            } else if saturating {
                let bounds = SaturationBounds<S, D>()
                Parallel.forEachChunk(count: count) { range in
                    for i in range { dst.value[i] = bounds.clamp(src.value[i]).vectorCast(to: D.self) }
                }
            } else if S.self == D.self {
                Parallel.forEachChunk(count: count) { range in
                    for i in range { dst.value[i] = src.value[i].flushed.cast(to: D.self) }
                }
            } else {
                Parallel.forEachChunk(count: count) { range in
                    for i in range { dst.value[i] = src.value[i].vectorCast(to: D.self) }
                }
            }
            return Tensor(uncheckedDType: D.dtype, shape: source.shape, buffer: out)
        }
    }
}

/// The arguments of `Cast`.
package struct CastRequest: Sendable {
    package let tensor: Tensor
    package let dtype: DType
    /// `saturate_cast`'s clamp first.
    package let saturating: Bool
}

extension Ops {
    /// `Cast` and `saturate_cast`, dispatched where the tensor lives.
    package static let cast = Op<CastRequest, Tensor>(
        "Cast", inputsToHost: { CastRequest(tensor: try $0.tensor.copy(to: .cpu), dtype: $0.dtype, saturating: $0.saturating) },
        cpu: { try $0.tensor.hostConvert(to: $0.dtype, saturating: $0.saturating) })
}

/// The clamp `saturate_cast` applies before casting, with TensorFlow's limit rules: the
/// destination's finite range expressed in the source type, stepped toward zero where
/// rounding carried a limit outside the range. NaN passes through, as Eigen's min/max do.
struct SaturationBounds<S: Castable, D: Castable> {
    let low: S
    let high: S
    let lowValue: Double
    let highValue: Double

    init() {
        let inRange = S.finiteRange, outRange = D.finiteRange
        var low = inRange.lowerBound >= outRange.lowerBound ? S.least : S(castingDouble: outRange.lowerBound)
        if low.doubleValue < outRange.lowerBound { low = low.steppedTowardZero() }
        var high = inRange.upperBound <= outRange.upperBound ? S.greatest : S(castingDouble: outRange.upperBound)
        if high.doubleValue > outRange.upperBound { high = high.steppedTowardZero() }
        self.low = low
        self.high = high
        lowValue = low.doubleValue
        highValue = high.doubleValue
    }

    @inline(__always) func clamp(_ x: S) -> S {
        if S.dtype.isComplex {
            // TensorFlow clips complex components only when the destination range is narrower.
            let inRange = S.finiteRange, outRange = D.finiteRange
            guard inRange.lowerBound < outRange.lowerBound || inRange.upperBound > outRange.upperBound else { return x }
            return x.clampedComponents(lowValue, highValue)
        }
        let v = x.doubleValue
        if v < lowValue { return low }
        if v > highValue { return high }
        return x.flushed
    }
}

/// Casts with a vectorized C loop that gives TensorFlow's packet-path values.
enum FastCast {
    typealias Kernel = @Sendable (UnsafeRawPointer, UnsafeMutableRawPointer, Int) -> Void

    static func kernel(from source: DType, to destination: DType) -> Kernel? {
        switch (source, destination) {
        case (.float32, .int32):
            return { tb_cast_f32_to_i32($0.assumingMemoryBound(to: Float.self), $1.assumingMemoryBound(to: Int32.self), $2) }
        case (.float32, .bfloat16):
            return { tb_cast_f32_to_bf16($0.assumingMemoryBound(to: Float.self), $1.assumingMemoryBound(to: UInt16.self), $2) }
        default:
            return nil
        }
    }
}
