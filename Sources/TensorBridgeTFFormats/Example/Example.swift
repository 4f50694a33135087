import TensorBridge
import SwiftProtobuf

/// A `tf.train.Example` built in Swift: a map from feature names to value lists. Serializes
/// to the protobuf bytes TensorFlow parses (keys in sorted order, lists packed as TensorFlow's
/// own serializer writes them).
public struct Example: Sendable, Equatable {
    /// The features by name.
    public var features: [String: FeatureValues]

    /// An Example with these features.
    public init(features: [String: FeatureValues] = [:]) {
        self.features = features
    }

    /// Decodes a serialized Example (every feature, whatever its kind).
    /// - Throws: `TensorBridgeError` when the bytes are not an Example.
    public init(serializedBytes bytes: [UInt8]) throws {
        let message: Tensorflow_Example
        do { message = try Tensorflow_Example(serializedBytes: bytes) } catch {
            throw TensorBridgeError.invalid("not a valid tf.train.Example: \(error)")
        }
        var out: [String: FeatureValues] = [:]
        for (key, feature) in message.features.feature {
            switch feature.kind {
            case .bytesList(let l): out[key] = .bytes(l.value.map { Array($0) })
            case .floatList(let l): out[key] = .float32(l.value)
            case .int64List(let l): out[key] = .int64(l.value)
            case nil: out[key] = .bytes([])
            }
        }
        features = out
    }

    /// The serialized protobuf bytes.
    public func serializedBytes() -> [UInt8] {
        var features: [UInt8] = []
        for key in self.features.keys.sorted() {
            guard let values = self.features[key] else { continue }
            var entry: [UInt8] = []
            Self.appendField(1, Array(key.utf8), to: &entry)
            Self.appendField(2, Self.feature(values), to: &entry)
            Self.appendField(1, entry, to: &features)
        }
        var example: [UInt8] = []
        Self.appendField(1, features, to: &example)
        return example
    }

    static func feature(_ values: FeatureValues) -> [UInt8] {
        var list: [UInt8] = []
        var out: [UInt8] = []
        switch values {
        case .bytes(let v):
            for b in v { appendField(1, b, to: &list) }
            appendField(1, list, to: &out)
        case .float32(let v):
            var packed: [UInt8] = []
            for f in v { packed.appendFixed32(f.bitPattern) }
            if !v.isEmpty { appendField(1, packed, to: &list) }
            appendField(2, list, to: &out)
        case .int64(let v):
            var packed: [UInt8] = []
            for i in v { packed.appendVarint(UInt64(bitPattern: i)) }
            if !v.isEmpty { appendField(1, packed, to: &list) }
            appendField(3, list, to: &out)
        }
        return out
    }

    /// A length-delimited field: tag, length, bytes.
    static func appendField(_ field: UInt64, _ bytes: [UInt8], to out: inout [UInt8]) {
        out.appendVarint(field << 3 | 2)
        out.appendVarint(UInt64(bytes.count))
        out += bytes
    }
}
