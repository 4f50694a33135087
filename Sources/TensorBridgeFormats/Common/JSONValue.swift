import Foundation

/// A parsed JSON value that keeps integers, floats and booleans apart (Foundation's
/// `JSONSerialization` on Linux lets `1` read as `true`), for strict header checks.
enum JSONValue: Decodable {
    case integer(Int)
    case number(Double)
    case bool(Bool)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])
    case null

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int.self) { self = .integer(i) }
        else if let d = try? c.decode(Double.self) { self = .number(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    /// Parses `bytes`, turning any decoding failure into `TensorBridgeError` (`.invalidFormat`).
    static func parse(_ bytes: [UInt8], what: String) throws -> JSONValue {
        do {
            return try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
        } catch {
            throw TensorBridgeError.invalidFormat("\(what) is not valid JSON")
        }
    }

    var object: [String: JSONValue]? { if case .object(let o) = self { o } else { nil } }
    var array: [JSONValue]? { if case .array(let a) = self { a } else { nil } }
    var string: String? { if case .string(let s) = self { s } else { nil } }
    var integer: Int? { if case .integer(let i) = self { i } else { nil } }
}

extension Shape {
    /// A shape from untrusted dimensions; TensorBridgeError becomes `TensorBridgeError` (`.invalidFormat`).
    static func fromFile(_ dimensions: [Int], what: String) throws -> Shape {
        do {
            return try Shape(dimensions)
        } catch {
            throw TensorBridgeError.invalidFormat("\(what): \(error)")
        }
    }
}
