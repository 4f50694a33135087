import Foundation
import Testing
@testable import TensorBridge

/// The goldens of scripts/generate_math_goldens.py (TensorFlow 2.21): tensors stored as raw
/// bits in pooled .npy files, described in Golden/math/index.json.
enum MathGolden {
    struct Failure: Error, CustomStringConvertible { let description: String }

    nonisolated(unsafe) private static var cache: [String: [UInt8]] = [:]
    private static let lock = NSLock()

    static func index() throws -> [String: Any] {
        let data = try Data(contentsOf: try GoldenFiles.url("math/index.json"))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw Failure(description: "math/index.json is not an object")
        }
        return object
    }

    static func section(_ name: String) throws -> Any {
        guard let value = try index()[name] else { throw Failure(description: "no section \(name): rerun scripts/generate_math_goldens.py") }
        return value
    }

    /// A golden tensor `{"dtype", "shape", "file", "offset", "count"}` as a host tensor.
    static func tensor(_ info: Any?) throws -> Tensor {
        guard let info = info as? [String: Any], let name = info["dtype"] as? String, let dtype = DType(name: name),
              let shape = info["shape"] as? [Int], let file = info["file"] as? String,
              let offset = info["offset"] as? Int, let count = info["count"] as? Int, let size = dtype.byteSize else {
            throw Failure(description: "bad tensor entry \(String(describing: info))")
        }
        let data = try lock.withLock { () throws -> [UInt8] in
            if let hit = cache[file] { return hit }
            let loaded = try GoldenFiles.npy("math/" + file).data
            cache[file] = loaded
            return loaded
        }
        let width = Int(file.dropFirst("pool_u".count).dropLast(".npy".count)) ?? 8
        let start = offset * width / 8, bytes = count * width / 8
        guard bytes == (try Shape(shape).elementCount) * size, start + bytes <= data.count else {
            throw Failure(description: "entry \(info) does not fit its pool")
        }
        let buffer = try TensorBuffer.allocateHost(byteCount: bytes)
        data.withUnsafeBytes { raw in
            if bytes > 0 { buffer.baseAddress.copyMemory(from: raw.baseAddress! + start, byteCount: bytes) }
        }
        return try Tensor(dtype: dtype, shape: Shape(shape), buffer: buffer)
    }

    /// Compares `actual` with TensorFlow's `expected`: same dtype and shape, then bit for bit
    /// (`ulp == 0`, NaNs equal whatever their payload), within `ulp` units in the last place,
    /// or (floats, `absolute > 0`) within `absolute`.
    /// `zeroSign: false` takes 0 and -0 as equal (min/max of two zeros of different signs).
    static func compare(_ actual: Tensor, _ expected: Tensor, ulp: Int = 0, absolute: Double = 0, zeroSign: Bool = true,
                        _ label: String) throws {
        let relative = absolute
        #expect(actual.dtype == expected.dtype, "\(label): dtype \(actual.dtype) vs TF \(expected.dtype)")
        #expect(actual.shape == expected.shape, "\(label): shape \(actual.shape) vs TF \(expected.shape)")
        guard actual.dtype == expected.dtype, actual.shape == expected.shape else { return }
        let a = try actual.rawBytes, e = try expected.rawBytes
        if ulp == 0 && relative == 0 && !expected.dtype.isFloatingPoint {
            #expect(a == e, "\(label): differs from TensorFlow")
            return
        }
        let (av, ev) = (try doubles(actual), try doubles(expected))
        var bad: [String] = []
        for i in av.indices {
            let x = av[i], y = ev[i]
            if x.isNaN && y.isNaN { continue }
            if !zeroSign && x == 0 && y == 0 { continue }
            if ulp == 0 && relative == 0 {
                if x.bitPattern != y.bitPattern { bad.append("[\(i)] \(x) vs \(y)") }
                continue
            }
            if x == y { continue }
            if relative > 0 {
                if Swift.abs(x - y) > absolute { bad.append("[\(i)] \(x) vs \(y)") }
                continue
            }
            let distance = ulps(x, y, expected.dtype)
            if distance > Double(ulp) { bad.append("[\(i)] \(x) vs \(y) (\(distance) ulp)") }
        }
        #expect(bad.isEmpty, "\(label): \(bad.count) elements differ from TensorFlow: \(bad.prefix(5))")
    }

    /// Elements as Double (exact for every float dtype).
    static func doubles(_ t: Tensor) throws -> [Double] {
        switch t.dtype {
        case .float32: try t.scalars(as: Float.self).map { Double($0) }
        case .float64: try t.scalars(as: Double.self)
        case .float16: try t.scalars(as: Float16.self).map { Double(Float($0)) }
        case .bfloat16: try t.scalars(as: BFloat16.self).map { Double($0.floatValue) }
        case .complex64: try t.scalars(as: Complex64.self).flatMap { [Double($0.real), Double($0.imaginary)] }
        case .complex128: try t.scalars(as: Complex128.self).flatMap { [$0.real, $0.imaginary] }
        default: try t.cast(to: .float64).scalars(as: Double.self)
        }
    }

    /// The distance in units in the last place of `dtype` (infinite for a sign or infinity mismatch).
    static func ulps(_ x: Double, _ y: Double, _ dtype: DType) -> Double {
        if x.isInfinite || y.isInfinite || x.isNaN || y.isNaN { return .infinity }
        let spacing: Double
        let m = Swift.max(Swift.abs(x), Swift.abs(y))
        switch dtype {
        case .float32, .complex64: spacing = Double(Float(m).ulp)
        case .float16: spacing = Double(Float16(m).ulp)
        case .bfloat16: spacing = Double(Float(m).ulp) * 65536
        default: spacing = m.ulp
        }
        return Swift.abs(x - y) / spacing
    }
}

extension MathGolden {
    /// Expects `body` to throw a ``TensorBridgeError`` whose message holds TensorFlow's message for `key`.
    static func expectError(_ key: String, _ errors: [String: String], _ body: () throws -> Any) throws {
        let expected = try #require(errors[key], "no golden message \(key)")
        do {
            _ = try body()
            Issue.record("\(key): no error; TensorFlow says \"\(expected)\"")
        } catch let error as TensorBridgeError {
            #expect(error.description.contains(expected), "\(key): \"\(error.description)\" lacks TensorFlow's \"\(expected)\"")
        }
    }
}

extension MathGolden {
    /// Runs one case of the "reductions" section (`op`, `axes`, `keepDims`, `x`, `out`) and
    /// compares with TensorFlow's result within ``ReductionTests/tolerance(_:_:op:)``.
    static func checkReduction(_ c: [String: Any]) throws {
        let op = try #require(c["op"] as? String)
        let axes = c["axes"] as? [Int], keep = c["keepDims"] as? Bool ?? false
        let x = try tensor(c["x"])
        let y: Tensor = switch op {
        case "sum": try x.reduceSum(axes: axes, keepDims: keep)
        case "mean": try x.reduceMean(axes: axes, keepDims: keep)
        case "max": try x.reduceMax(axes: axes, keepDims: keep)
        case "min": try x.reduceMin(axes: axes, keepDims: keep)
        case "prod": try x.reduceProd(axes: axes, keepDims: keep)
        case "any": try x.reduceAny(axes: axes, keepDims: keep)
        case "all": try x.reduceAll(axes: axes, keepDims: keep)
        default: throw Failure(description: "unknown reduction \(op) in math/index.json")
        }
        let expected = try tensor(c["out"])
        try compare(y, expected, absolute: try ReductionTests.tolerance(x, expected, op: op),
                    "\(op) \(x.dtype) \(x.shape) axes \(String(describing: axes)) keep \(keep)")
    }
}
