import Foundation

/// What `tensorbridge inspect` reports for one tensor: name, TensorFlow dtype name, shape,
/// byte size, and min/max/mean for real numeric dtypes (ints and floats; not bool, complex
/// or string). Statistics are computed in `Double`; a tensor containing NaN has NaN
/// statistics (as NumPy's `min`/`max`/`mean`), and an empty tensor has none.
public struct TensorSummary: Sendable, Equatable {
    public var name: String
    public var dtype: String
    public var shape: [Int]
    public var byteCount: Int
    public var min: Double?
    public var max: Double?
    public var mean: Double?

    /// Summarises `named` (reads every element once; copies nothing).
    public init(_ named: NamedTensor) throws {
        let t = named.tensor
        name = named.name
        dtype = t.dtype.name
        shape = t.shape.dimensions
        byteCount = t.byteCount
        guard (t.dtype.isFloatingPoint || t.dtype.isInteger || t.dtype.isQuantized), t.elementCount > 0 else { return }
        var lo = Double.infinity, hi = -Double.infinity, sum = 0.0, nan = false
        try t.withUnsafeBytes { raw in
            func scan<T: BitwiseCopyable>(_: T.Type, _ value: (T) -> Double) {
                for x in raw.bindMemory(to: T.self) {
                    let v = value(x)
                    if v.isNaN { nan = true; continue }
                    lo = Swift.min(lo, v); hi = Swift.max(hi, v); sum += v
                }
            }
            switch t.dtype.unquantized {
            case .float32: scan(Float.self) { Double($0) }
            case .float64: scan(Double.self) { $0 }
            case .float16: scan(Float16.self) { Double($0) }
            case .bfloat16: scan(BFloat16.self) { Double($0.floatValue) }
            case .float8_e4m3fn: scan(Float8E4M3FN.self) { Double($0.floatValue) }
            case .float8_e5m2: scan(Float8E5M2.self) { Double($0.floatValue) }
            case .int8: scan(Int8.self) { Double($0) }
            case .int16: scan(Int16.self) { Double($0) }
            case .int32: scan(Int32.self) { Double($0) }
            case .int64: scan(Int64.self) { Double($0) }
            case .uint8: scan(UInt8.self) { Double($0) }
            case .uint16: scan(UInt16.self) { Double($0) }
            case .uint32: scan(UInt32.self) { Double($0) }
            case .uint64: scan(UInt64.self) { Double($0) }
            default: break
            }
        }
        if nan {
            (min, max, mean) = (.nan, .nan, .nan)
        } else {
            (min, max, mean) = (lo, hi, sum / Double(t.elementCount))
        }
    }

    /// One human-readable line: `name  float32  (2, 3)  24 B  min=… max=… mean=…`.
    public var text: String {
        let dims = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var line = "\(name)  \(dtype)  \(dims)  \(byteCount) B"
        if let min, let max, let mean { line += "  min=\(min) max=\(max) mean=\(mean)" }
        return line
    }

    /// The stable JSON object documented in ``TensorSummary/json(file:format:summaries:)``.
    var jsonObject: String {
        func number(_ v: Double?) -> String {
            guard let v else { return "null" }
            guard v.isFinite else { return v.isNaN ? "\"nan\"" : (v > 0 ? "\"inf\"" : "\"-inf\"") }
            return "\(v)"
        }
        var fields = ["\"name\":\(JSONText.quote(name))", "\"dtype\":\"\(dtype)\"",
                      "\"shape\":[\(shape.map(String.init).joined(separator: ","))]", "\"bytes\":\(byteCount)"]
        fields += ["\"min\":\(number(min))", "\"max\":\(number(max))", "\"mean\":\(number(mean))"]
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// The `inspect --json` document, version 1. Keys always appear, in this order:
    ///
    /// ```
    /// {"version":1,"file":"model.safetensors","format":"safetensors","tensors":[
    ///   {"name":"w","dtype":"float32","shape":[2,3],"bytes":24,"min":-1.5,"max":2.0,"mean":0.25}]}
    /// ```
    ///
    /// `dtype` is TensorFlow's name; `min`/`max`/`mean` are `null` for non-numeric or empty
    /// tensors and the strings `"nan"`, `"inf"`, `"-inf"` for non-finite values; tensors
    /// appear in file order. One line, no spaces.
    public static func json(file: String, format: TensorFileFormat, summaries: [TensorSummary]) -> String {
        "{\"version\":1,\"file\":\(JSONText.quote(file)),\"format\":\"\(format.rawValue)\",\"tensors\":["
            + summaries.map(\.jsonObject).joined(separator: ",") + "]}"
    }
}
