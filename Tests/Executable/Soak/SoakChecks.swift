import Foundation
import TensorBridge

/// A check that failed: the soak counts it as an error and prints the first few.
struct SoakMismatch: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The Swift side of every comparison, computed from raw bytes with plain loops, never with
/// the TensorBridge op under test. The Python side (`SoakPython`) computes the same
/// quantities with NumPy.
enum SoakCheck {
    /// A position-weighted byte sum, `Σ b[i] · (i mod 251 + 1)`: catches changed, lost and
    /// reordered bytes. `SoakPython`'s `checksum` computes the same with NumPy.
    static func checksum(_ raw: UnsafeRawBufferPointer) -> UInt64 {
        var sum: UInt64 = 0
        var weight: UInt64 = 1
        for b in raw {
            sum &+= UInt64(b) &* weight
            weight = weight == 251 ? 1 : weight + 1
        }
        return sum
    }

    static func checksum(_ bytes: [UInt8]) -> UInt64 { bytes.withUnsafeBytes { checksum($0) } }

    static func checksum(_ tensor: Tensor) throws -> UInt64 {
        if tensor.dtype == .string { return checksum(framed(try tensor.strings())) }
        return try tensor.withUnsafeBytes { checksum($0) }
    }

    /// Strings as one byte string: each element as a 4-byte little-endian length, then its bytes.
    static func framed(_ strings: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = []
        for s in strings {
            withUnsafeBytes(of: UInt32(s.count).littleEndian) { out.append(contentsOf: $0) }
            out.append(contentsOf: s)
        }
        return out
    }

    /// The sum of the values as Double (complex: real plus imaginary parts) and the sum of
    /// their magnitudes (for the tolerance), decoded from the bytes by hand.
    static func valueSum(_ raw: UnsafeRawBufferPointer, dtype: DType) -> (sum: Double, magnitude: Double) {
        let size = dtype.byteSize ?? 1
        let count = size == 0 ? 0 : raw.count / size
        var sum = 0.0, magnitude = 0.0
        func add(_ v: Double) { sum += v; magnitude += abs(v) }
        for i in 0..<count {
            let at = i * size
            switch dtype.unquantized {
            case .bool: add(raw[at] != 0 ? 1 : 0)
            case .int8: add(Double(Int8(bitPattern: raw[at])))
            case .uint8: add(Double(raw[at]))
            case .int16: add(Double(raw.loadUnaligned(fromByteOffset: at, as: Int16.self)))
            case .uint16: add(Double(raw.loadUnaligned(fromByteOffset: at, as: UInt16.self)))
            case .int32: add(Double(raw.loadUnaligned(fromByteOffset: at, as: Int32.self)))
            case .uint32: add(Double(raw.loadUnaligned(fromByteOffset: at, as: UInt32.self)))
            case .int64: add(Double(raw.loadUnaligned(fromByteOffset: at, as: Int64.self)))
            case .uint64: add(Double(raw.loadUnaligned(fromByteOffset: at, as: UInt64.self)))
            case .float16: add(Double(Float16(bitPattern: raw.loadUnaligned(fromByteOffset: at, as: UInt16.self))))
            case .bfloat16: add(Double(Float(bitPattern: UInt32(raw.loadUnaligned(fromByteOffset: at, as: UInt16.self)) << 16)))
            case .float8_e4m3fn: add(Double(Float8E4M3FN(bitPattern: raw[at]).floatValue))
            case .float8_e5m2: add(Double(Float8E5M2(bitPattern: raw[at]).floatValue))
            case .float32: add(Double(raw.loadUnaligned(fromByteOffset: at, as: Float.self)))
            case .float64: add(raw.loadUnaligned(fromByteOffset: at, as: Double.self))
            case .complex64:
                add(Double(raw.loadUnaligned(fromByteOffset: at, as: Float.self)))
                add(Double(raw.loadUnaligned(fromByteOffset: at + 4, as: Float.self)))
            case .complex128:
                add(raw.loadUnaligned(fromByteOffset: at, as: Double.self))
                add(raw.loadUnaligned(fromByteOffset: at + 8, as: Double.self))
            default: break
            }
        }
        return (sum, magnitude)
    }

    static func valueSum(_ tensor: Tensor) throws -> (sum: Double, magnitude: Double) {
        try tensor.withUnsafeBytes { valueSum($0, dtype: tensor.dtype) }
    }

    /// Whether two sums of the same values, added in different orders, agree.
    static func sumsAgree(_ a: Double, _ b: Double, magnitude: Double) -> Bool {
        if a == b { return true }
        return abs(a - b) <= 1e-9 * magnitude + 1e-300
    }

    /// Fails unless `tensor` has `dtype`, `shape` and exactly `bytes`.
    static func expect(_ tensor: Tensor, dtype: DType, shape: [Int], bytes: [UInt8], _ what: @autoclosure () -> String) throws {
        guard tensor.dtype == dtype else { throw SoakMismatch("\(what()): dtype \(tensor.dtype), expected \(dtype)") }
        guard tensor.shape.dimensions == shape else {
            throw SoakMismatch("\(what()): shape \(tensor.shape.dimensions), expected \(shape)")
        }
        let same = try tensor.withUnsafeBytes { raw -> Bool in
            guard raw.count == bytes.count else { return false }
            guard let theirs = raw.baseAddress, raw.count > 0 else { return true }
            return bytes.withUnsafeBytes { memcmp($0.baseAddress!, theirs, raw.count) == 0 }
        }
        if !same {
            let got = try tensor.withUnsafeBytes { Array($0) }
            let first = zip(got, bytes).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(got.count, bytes.count)
            throw SoakMismatch("\(what()): \(got.count) bytes, expected \(bytes.count); first difference at byte \(first)")
        }
    }

    /// Fails unless `a` and `b` have the same dtype, shape and bytes (or strings).
    static func expectEqual(_ a: Tensor, _ b: Tensor, _ what: @autoclosure () -> String) throws {
        if a.dtype == .string || b.dtype == .string {
            guard a.dtype == b.dtype, a.shape == b.shape, try a.strings() == b.strings() else {
                throw SoakMismatch("\(what()): string tensors differ (\(a.dtype) \(a.shape) vs \(b.dtype) \(b.shape))")
            }
            return
        }
        try expect(a, dtype: b.dtype, shape: b.shape.dimensions, bytes: try b.withUnsafeBytes { Array($0) }, what())
    }

    /// The dense bytes `toDense` must produce, by a plain sequential scatter in index order
    /// (so a repeated index keeps its last value, as `validateIndices: false` promises).
    static func denseReference(shape: [Int], itemSize: Int, flatPositions: [Int], values: [UInt8], fill: [UInt8]?) -> [UInt8] {
        let count = shape.reduce(1, *)
        var out = [UInt8](repeating: 0, count: count * itemSize)
        if let fill {
            for i in 0..<count { for k in 0..<itemSize { out[i * itemSize + k] = fill[k] } }
        }
        for (n, flat) in flatPositions.enumerated() {
            for k in 0..<itemSize { out[flat * itemSize + k] = values[n * itemSize + k] }
        }
        return out
    }
}
