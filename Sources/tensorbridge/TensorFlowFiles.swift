import Foundation
import TensorBridge
import TensorBridgeFormats
import TensorBridgeTFFormats

/// TensorFlow's own files on the command line: checkpoints (prefix, `.index` or directory),
/// SavedModel directories and TFRecord files, recognised before the tensor-file formats.
enum TensorFlowInput {
    case checkpoint(String)
    case savedModel(String)
    case tfrecord(String)

    /// What `path` is, or nil when it is none of TensorFlow's files.
    static func detect(_ path: String) -> TensorFlowInput? {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            if fm.fileExists(atPath: (path as NSString).appendingPathComponent("saved_model.pb")) { return .savedModel(path) }
            if fm.fileExists(atPath: (path as NSString).appendingPathComponent("checkpoint")) { return .checkpoint(path) }
            return nil
        }
        let name = (path as NSString).lastPathComponent.lowercased()
        if name.hasSuffix(".index") || fm.fileExists(atPath: path + ".index") { return .checkpoint(path) }
        if name.contains(".tfrecord") || name.hasSuffix(".tfrec") { return .tfrecord(path) }
        return nil
    }
}

/// Small JSON helpers for the TensorFlow-file documents (one line, keys in a fixed order).
enum TFJSON {
    /// An object from fields in order; each value is already JSON text (see ``quote(_:)``).
    static func object(_ fields: KeyValuePairs<String, String>) -> String {
        "{" + fields.map { "\(quote($0.key)):\($0.value)" }.joined(separator: ",") + "}"
    }

    /// An array of values that are already JSON text.
    static func array(_ items: [String]) -> String {
        "[" + items.joined(separator: ",") + "]"
    }

    /// A JSON string literal (the same quoting as every other JSON the package writes).
    static func quote(_ s: String) -> String { JSONText.quote(s) }

    /// A statistic as `inspect --json` writes it: integers exact, non-finite floats as strings.
    static func number(_ v: TensorSummary.Number?) -> String {
        guard let v else { return "null" }
        if case .real(let d) = v { return number(d) }
        return v.description
    }

    static func number(_ v: Double?) -> String {
        guard let v else { return "null" }
        guard v.isFinite else { return v.isNaN ? "\"nan\"" : (v > 0 ? "\"inf\"" : "\"-inf\"") }
        return "\(v)"
    }

    static func ints(_ v: [Int]?) -> String {
        guard let v else { return "null" }
        return array(v.map(String.init))
    }

    /// A tensor object as `inspect --json` writes it for the other formats, plus the raw key.
    static func tensor(_ s: TensorSummary, key: String) -> String {
        object(["name": quote(s.name), "dtype": quote("\(s.dtype)"), "shape": ints(s.shape), "bytes": "\(s.byteCount)",
                "min": number(s.min), "max": number(s.max), "mean": number(s.mean), "key": quote(key)])
    }
}
