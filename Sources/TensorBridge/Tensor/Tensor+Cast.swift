/// `tf.cast` and `tf.dtypes.saturate_cast`.
extension Tensor {
    /// Converts every element to `dtype` with TensorFlow's x86 semantics: integers wrap,
    /// out-of-range or NaN floats become the integer-indefinite value (`Int32.min`, low bits
    /// for narrower types), complex to real keeps the real part. Same dtype returns `self`.
    ///
    /// Runs on the host, split across cores; the result is a new host tensor.
    /// - Throws: for string, resource and variant tensors, and for tensors not on the host.
    public func cast(to dtype: DType) throws -> Tensor {
        if dtype == self.dtype { return self }
        return try convert(to: dtype, saturating: false)
    }

    /// Like ``cast(to:)``, but clamps values into `dtype`'s range first (NaN becomes 0), as
    /// `tf.dtypes.saturate_cast` does. Complex to real keeps the real part.
    public func saturateCast(to dtype: DType) throws -> Tensor {
        if dtype == self.dtype { return self }
        return try convert(to: dtype, saturating: true)
    }

    private func convert(to dtype: DType, saturating: Bool) throws -> Tensor {
        for d in [self.dtype, dtype] where d == .string || !d.isMaterializable {
            throw TensorError.unsupportedDType(d, "Cast \(self.dtype.name) to \(dtype.name) is not supported")
        }
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
            if saturating, let bounds = SaturationBounds<S, D>() {
                Parallel.forEachChunk(count: count) { range in
                    for i in range { dst.value[i] = bounds.clamp(src.value[i]).cast(to: D.self) }
                }
            } else {
                Parallel.forEachChunk(count: count) { range in
                    for i in range { dst.value[i] = src.value[i].cast(to: D.self) }
                }
            }
            return Tensor(uncheckedDType: D.dtype, shape: source.shape, buffer: out)
        }
    }
}

/// The clamp `saturate_cast` applies before casting: the destination's range expressed in
/// the source type, narrowed to values the source type can represent without rounding past
/// the destination's limits. NaN maps to zero.
struct SaturationBounds<S: Castable, D: Castable> {
    let low: S
    let high: S
    let needsLow: Bool
    let needsHigh: Bool

    /// `nil` when no value of `S` can leave `D`'s range (no clamp needed).
    init?() {
        guard let range = D.integerRange else { return nil }  // float destinations: plain cast
        let lowS = S(castingDouble: range.lowerBound)
        var highS = S(castingDouble: range.upperBound)
        // Rounding may carry the bound past the destination's max (Float(Int32.max) == 2^31):
        // step down to the largest source value inside the range.
        if highS.doubleValue > range.upperBound, let f = highS as? Float {
            highS = S(castingFloat: f.nextDown)
        } else if highS.doubleValue > range.upperBound, let d = highS as? Double {
            highS = S(castingDouble: d.nextDown)
        }
        let sourceRange = S.integerRange
        needsLow = sourceRange.map { $0.lowerBound < range.lowerBound } ?? true
        needsHigh = sourceRange.map { $0.upperBound > range.upperBound } ?? true
        guard needsLow || needsHigh || S.integerRange == nil else { return nil }
        low = lowS
        high = highS
    }

    @inline(__always) func clamp(_ x: S) -> S {
        let v = x.doubleValue
        if v != v { return S(castingBool: false) }  // NaN → 0
        if needsLow && v < low.doubleValue { return low }
        if needsHigh && v > high.doubleValue { return high }
        return x
    }
}
