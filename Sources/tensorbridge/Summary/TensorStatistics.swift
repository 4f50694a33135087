import TensorBridge

/// Min, max, sum and NaN seen over part of a float tensor.
private struct Partial: Sendable {
    var lo = Double.infinity, hi = -Double.infinity, sum = 0.0, nan = false
    mutating func merge(_ o: Partial) { lo = Swift.min(lo, o.lo); hi = Swift.max(hi, o.hi); sum += o.sum; nan = nan || o.nan }
    /// Takes one element in.
    mutating func add(_ x: Double) {
        if x.isNaN { nan = true } else { lo = Swift.min(lo, x); hi = Swift.max(hi, x); sum += x }
    }
}

/// One pass over a tensor's bytes for min, max and mean, in chunks so that a caller can show
/// progress. Integers are compared exactly and summed in 128 bits; floats in `Double`.
enum TensorStatistics {
    typealias Number = TensorSummary.Number

    /// Bytes between progress calls.
    static let chunkBytes = 64 << 20

    static func scan(_ raw: UnsafeRawBufferPointer, dtype: DType,
                     progress: ((Int) -> Void)?) throws -> (min: Number, max: Number, mean: Double)? {
        switch dtype {
        case .int8: return signed(raw, Int8.self, progress)
        case .int16: return signed(raw, Int16.self, progress)
        case .int32: return signed(raw, Int32.self, progress)
        case .int64: return signed(raw, Int64.self, progress)
        case .uint8: return unsigned(raw, UInt8.self, progress)
        case .uint16: return unsigned(raw, UInt16.self, progress)
        case .uint32: return unsigned(raw, UInt32.self, progress)
        case .uint64: return unsigned(raw, UInt64.self, progress)
        case .float32: return vectorReal(raw, Float.self, progress)
        case .float64: return vectorReal(raw, Double.self, progress)
        case .float16: return real(raw, Float16.self, progress) { Double($0) }
        case .bfloat16: return real(raw, BFloat16.self, progress) { Double($0.floatValue) }
        case .float8_e4m3fn: return real(raw, Float8E4M3FN.self, progress) { Double($0.floatValue) }
        case .float8_e5m2: return real(raw, Float8E5M2.self, progress) { Double($0.floatValue) }
        default: return nil
        }
    }

    /// Calls `body` on consecutive element ranges of about ``chunkBytes`` each, then reports.
    private static func chunks<T>(_ raw: UnsafeRawBufferPointer, _: T.Type, _ progress: ((Int) -> Void)?,
                                  _ body: (UnsafeBufferPointer<T>) -> Void) {
        let all = raw.bindMemory(to: T.self)
        let step = max(1, chunkBytes / MemoryLayout<T>.stride)
        var start = 0
        while start < all.count {
            let end = min(all.count, start + step)
            body(UnsafeBufferPointer(rebasing: all[start..<end]))
            progress?(end * MemoryLayout<T>.stride)
            start = end
        }
    }

    private static func signed<T: FixedWidthInteger & SignedInteger>(_ raw: UnsafeRawBufferPointer, _ type: T.Type,
                                                                    _ progress: ((Int) -> Void)?) -> (Number, Number, Double)? {
        var lo = T.max, hi = T.min, sum: Int128 = 0
        chunks(raw, T.self, progress) { part in
            var partSum: Int128 = 0
            for x in part { lo = Swift.min(lo, x); hi = Swift.max(hi, x); partSum += Int128(x) }
            sum += partSum
        }
        let n = raw.count / MemoryLayout<T>.stride
        guard n > 0 else { return nil }
        return (.integer(Int64(lo)), .integer(Int64(hi)), Double(sum) / Double(n))
    }

    private static func unsigned<T: FixedWidthInteger & UnsignedInteger>(_ raw: UnsafeRawBufferPointer, _ type: T.Type,
                                                                        _ progress: ((Int) -> Void)?) -> (Number, Number, Double)? {
        var lo = T.max, hi = T.min, sum: UInt128 = 0
        chunks(raw, T.self, progress) { part in
            var partSum: UInt128 = 0
            for x in part { lo = Swift.min(lo, x); hi = Swift.max(hi, x); partSum += UInt128(x) }
            sum += partSum
        }
        let n = raw.count / MemoryLayout<T>.stride
        guard n > 0 else { return nil }
        return (.unsigned(UInt64(lo)), .unsigned(UInt64(hi)), Double(sum) / Double(n))
    }

    /// float32 and float64: eight lanes at a time, the two halves of each chunk on two cores.
    private static func vectorReal(
        _ raw: UnsafeRawBufferPointer, _ type: Float.Type, _ progress: ((Int) -> Void)?) -> (Number, Number, Double)? {
        inHalves(raw, Float.self, progress) { p, range in
            var vmin = SIMD8<Float>(repeating: .infinity), vmax = SIMD8<Float>(repeating: -.infinity)
            var vsum = SIMD8<Double>(repeating: 0)
            var nan = SIMDMask<SIMD8<Float.SIMDMaskScalar>>(repeating: false)
            var i = range.lowerBound
            while i + 8 <= range.upperBound {
                let v = (p + i * 4).loadUnaligned(as: SIMD8<Float>.self)
                nan .|= v .!= v
                vmin = pointwiseMin(vmin, v)
                vmax = pointwiseMax(vmax, v)
                vsum += SIMD8<Double>(v)
                i += 8
            }
            var part = Partial(lo: Double(vmin.min()), hi: Double(vmax.max()), sum: vsum.sum(), nan: any(nan))
            for j in i..<range.upperBound { part.add(Double((p + j * 4).loadUnaligned(as: Float.self))) }
            return part
        }
    }

    /// The float64 scan; written for each concrete type because the generic form was not
    /// turned into vector code.
    private static func vectorReal(
        _ raw: UnsafeRawBufferPointer, _ type: Double.Type, _ progress: ((Int) -> Void)?) -> (Number, Number, Double)? {
        inHalves(raw, Double.self, progress) { p, range in
            var vmin = SIMD8<Double>(repeating: .infinity), vmax = SIMD8<Double>(repeating: -.infinity)
            var vsum = SIMD8<Double>(repeating: 0)
            var nan = SIMDMask<SIMD8<Double.SIMDMaskScalar>>(repeating: false)
            var i = range.lowerBound
            while i + 8 <= range.upperBound {
                let v = (p + i * 8).loadUnaligned(as: SIMD8<Double>.self)
                nan .|= v .!= v
                vmin = pointwiseMin(vmin, v)
                vmax = pointwiseMax(vmax, v)
                vsum += v
                i += 8
            }
            var part = Partial(lo: vmin.min(), hi: vmax.max(), sum: vsum.sum(), nan: any(nan))
            for j in i..<range.upperBound { part.add((p + j * 8).loadUnaligned(as: Double.self)) }
            return part
        }
    }

    /// Runs `scan` over chunks of about ``chunkBytes``, each split in two halves on two cores,
    /// and reports progress after each chunk.
    private static func inHalves<T>(_ raw: UnsafeRawBufferPointer, _: T.Type, _ progress: ((Int) -> Void)?,
                                    _ scan: @escaping @Sendable (UnsafeRawPointer, Range<Int>) -> Partial)
        -> (Number, Number, Double)? {
        let n = raw.count / MemoryLayout<T>.stride
        guard n > 0, let base = raw.baseAddress else { return nil }
        let pointer = UnsafeSendable(base)
        var total = Partial()
        let step = max(8, chunkBytes / MemoryLayout<T>.stride)
        var start = 0
        while start < n {
            let end = Swift.min(n, start + step)
            let halves = Locked(Partial())
            let mid = start + (end - start) / 2
            Parallel.forEachChunk(count: 2, grain: 1) { r in
                for h in r {
                    let part = scan(pointer.value, h == 0 ? start..<mid : mid..<end)
                    halves.withLock { $0.merge(part) }
                }
            }
            total.merge(halves.withLock { $0 })
            progress?(end * MemoryLayout<T>.stride)
            start = end
        }
        if total.nan { return (.real(.nan), .real(.nan), .nan) }
        return (.real(total.lo), .real(total.hi), total.sum / Double(n))
    }

    private static func real<T>(_ raw: UnsafeRawBufferPointer, _ type: T.Type, _ progress: ((Int) -> Void)?,
                                _ value: (T) -> Double) -> (Number, Number, Double)? {
        var lo = Double.infinity, hi = -Double.infinity, sum = 0.0, nan = false
        chunks(raw, T.self, progress) { part in
            guard !nan else { return }
            for x in part {
                let v = value(x)
                if v.isNaN { nan = true; break }
                lo = Swift.min(lo, v); hi = Swift.max(hi, v); sum += v
            }
        }
        let n = raw.count / MemoryLayout<T>.stride
        guard n > 0 else { return nil }
        if nan { return (.real(.nan), .real(.nan), .nan) }
        return (.real(lo), .real(hi), sum / Double(n))
    }
}
