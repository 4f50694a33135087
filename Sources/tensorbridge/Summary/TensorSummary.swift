import Foundation
import TensorBridgeFormats

/// What `tensorbridge inspect` reports for one tensor: name, TensorFlow dtype name, shape,
/// byte size and, when asked for (``init(_:progress:)``), min/max/mean for real numeric dtypes
/// (ints and floats; not bool, complex or string).
///
/// Statistics follow NumPy's `min`/`max`/`mean`: integer min and max are exact (an `int64`
/// of 2^62+1 stays 4611686018427387905); a float tensor containing NaN has NaN for all three;
/// infinities take part (so the mean of `[inf, -inf]` is NaN); an empty tensor has none.
public struct TensorSummary: Sendable, Equatable {
    /// An exact statistic: integers keep every digit, floats are `Double`.
    public enum Number: Sendable, Equatable, CustomStringConvertible {
        case integer(Int64)
        case unsigned(UInt64)
        case real(Double)

        /// The value as a `Double` (integers above 2^53 round).
        public var doubleValue: Double {
            switch self {
            case .integer(let v): Double(v)
            case .unsigned(let v): Double(v)
            case .real(let v): v
            }
        }

        /// Integers in full, floats as Swift prints them (`nan`, `inf`, `-inf` for non-finite).
        public var description: String {
            switch self {
            case .integer(let v): String(v)
            case .unsigned(let v): String(v)
            case .real(let v): "\(v)"
            }
        }

        /// The JSON form: a number, or the strings `"nan"`, `"inf"`, `"-inf"`.
        var json: String {
            guard case .real(let v) = self, !v.isFinite else { return description }
            return v.isNaN ? "\"nan\"" : (v > 0 ? "\"inf\"" : "\"-inf\"")
        }
    }

    /// The tensor's name in the file.
    public var name: String
    /// TensorFlow's dtype name (`float32`).
    public var dtype: String
    /// The dimensions.
    public var shape: [Int]
    /// The data size in bytes.
    public var byteCount: Int
    /// The smallest element; `nil` without statistics, for non-numeric or empty tensors.
    public var min: Number?
    /// The largest element; `nil` as for ``min``.
    public var max: Number?
    /// The mean, exact before one rounding for integers; `nil` as for ``min``.
    public var mean: Double?

    /// A summary without statistics, from a header.
    public init(_ info: TensorInfo) {
        name = info.name
        dtype = info.dtype.name
        shape = info.shape
        byteCount = info.byteCount
    }

    /// Summarises `named` with statistics (reads every element once; copies nothing).
    /// - Parameters:
    ///   - named: The tensor and its name.
    ///   - progress: Called with the bytes scanned so far, every 64 MiB or so.
    public init(_ named: NamedTensor, progress: ((Int) -> Void)? = nil) throws {
        let t = named.tensor
        self.init(TensorInfo(name: named.name, dtype: t.dtype, shape: t.shape.dimensions, byteCount: t.byteCount))
        guard t.dtype.isFloatingPoint || t.dtype.isInteger || t.dtype.isQuantized, t.elementCount > 0 else { return }
        let stats = try t.withUnsafeBytes { raw in try TensorStatistics.scan(raw, dtype: t.dtype.unquantized, progress: progress) }
        if let stats { (min, max, mean) = (stats.min, stats.max, stats.mean) }
    }

    /// One human-readable line: `name  float32  (2, 3)  24 B  min=… max=… mean=…`.
    public var text: String {
        let dims = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var line = "\(name)  \(dtype)  \(dims)  \(byteCount) B"
        if let min, let max, let mean { line += "  min=\(min) max=\(max) mean=\(mean)" }
        return line
    }

    /// The stable JSON object documented in ``TensorSummary/json(file:format:summaries:metadata:)``.
    var jsonObject: String {
        func number(_ v: Number?) -> String { v?.json ?? "null" }
        var fields = ["\"name\":\(JSONText.quote(name))", "\"dtype\":\"\(dtype)\"",
                      "\"shape\":[\(shape.map(String.init).joined(separator: ","))]", "\"bytes\":\(byteCount)"]
        fields += ["\"min\":\(number(min))", "\"max\":\(number(max))", "\"mean\":\(number(mean.map(Number.real)))"]
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// The `inspect --json` document, version 1. Keys always appear, in this order:
    ///
    /// ```
    /// {"version":1,"file":"model.safetensors","format":"safetensors","tensors":[
    ///   {"name":"w","dtype":"float32","shape":[2,3],"bytes":24,"min":-1.5,"max":2.0,"mean":0.25}]}
    /// ```
    ///
    /// `dtype` is TensorFlow's name; `min`/`max`/`mean` are `null` without `--stats` and for
    /// non-numeric or empty tensors. Integer `min`/`max` are exact integers (never rounded
    /// through a double: read them with a parser that keeps 64-bit integers, such as Python's
    /// `json`). Non-finite values, which JSON has no numbers for, are the strings `"nan"`,
    /// `"inf"` and `"-inf"` (Python: `float(value)` reads all three). When the file has string
    /// metadata (safetensors `__metadata__`) a `"metadata"` object follows `"tensors"`, keys
    /// sorted. Tensors appear in file order. One line, no spaces.
    public static func json(file: String, format: TensorFileFormat, summaries: [TensorSummary], metadata: [String: String] = [:]) -> String {
        var out = "{\"version\":1,\"file\":\(JSONText.quote(file)),\"format\":\"\(format.rawValue)\",\"tensors\":["
            + summaries.map(\.jsonObject).joined(separator: ",") + "]"
        if !metadata.isEmpty {
            out += ",\"metadata\":{" + metadata.keys.sorted().map { "\(JSONText.quote($0)):\(JSONText.quote(metadata[$0] ?? ""))" }
                .joined(separator: ",") + "}"
        }
        return out + "}"
    }
}
