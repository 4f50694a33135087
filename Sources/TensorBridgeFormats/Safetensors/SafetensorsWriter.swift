/// Lays a set of tensors out exactly as the reference writer does: sorted by dtype
/// (declaration order, descending) then name, JSON without spaces, `__metadata__` first,
/// padded with spaces to a multiple of 8.
struct SafetensorsLayout {
    struct Item {
        let name: String
        let tensor: Tensor
        let begin: Int
        let count: Int
    }

    let header: [UInt8]
    let items: [Item]
    var totalSize: Int { header.count + (items.last.map { $0.begin + $0.count } ?? 0) }

    init(_ tensors: [NamedTensor], metadata: [String: String]) throws {
        var seen = Set<String>()
        var named: [(name: String, dtype: String, tensor: Tensor)] = []
        for t in tensors {
            guard seen.insert(t.name).inserted else { throw TensorBridgeError.invalidFormat("tensor name '\(t.name)' appears twice") }
            guard t.name != "__metadata__" else { throw TensorBridgeError.invalidFormat("'__metadata__' cannot name a tensor") }
            named.append((t.name, try SafetensorsDType.name(t.tensor.dtype), t.tensor))
        }
        named.sort { a, b in
            let ra = SafetensorsDType.rank(a.dtype), rb = SafetensorsDType.rank(b.dtype)
            return ra != rb ? ra > rb : a.name < b.name
        }
        var json = "{"
        var parts: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.keys.sorted().map { "\(JSONText.quote($0)):\(JSONText.quote(metadata[$0] ?? ""))" }
            parts.append("\"__metadata__\":{" + pairs.joined(separator: ",") + "}")
        }
        var offset = 0
        var items: [Item] = []
        for n in named {
            let count = n.tensor.byteCount
            let shape = n.tensor.shape.dimensions.map(String.init).joined(separator: ",")
            parts.append("\(JSONText.quote(n.name)):{\"dtype\":\"\(n.dtype)\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(offset + count)]}")
            items.append(Item(name: n.name, tensor: n.tensor, begin: offset, count: count))
            offset += count
        }
        json += parts.joined(separator: ",") + "}"
        var body = Array(json.utf8)
        body += [UInt8](repeating: 0x20, count: (8 - body.count % 8) % 8)
        let n = UInt64(body.count)
        header = (0..<8).map { UInt8(truncatingIfNeeded: n >> (8 * $0)) } + body
        self.items = items
    }
}

/// JSON string quoting as serde_json writes it (non-ASCII stays raw UTF-8).
package enum JSONText {
    package static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
