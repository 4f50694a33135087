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
        case .float32: return real(raw, Float.self, progress) { Double($0) }
        case .float64: return real(raw, Double.self, progress) { $0 }
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
