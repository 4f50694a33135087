import SwiftProtobuf
import TensorBridge
import TensorBridgeFormats

extension CheckpointReader {
    /// Readable names from the TF2 object graph (`TrackableObjectGraph` in the string scalar
    /// `_CHECKPOINTABLE_OBJECT_GRAPH`): each attribute's `full_name` (the variable's own name)
    /// when it is a scoped, unique name such as Keras 3's `sequential/dense/kernel` (whose
    /// object path runs through the optimizer, `optimizer/_trainable_variables/0`); otherwise
    /// the object path, the key without `/.ATTRIBUTES/VARIABLE_VALUE` (`model/dense/kernel` for
    /// a `tf.Module` whose variable is just named `kernel`). Returns nil without a graph.
    static func objectGraphNames(table: TableReader, prefix: String, listed: [String], shardCount: Int) throws -> [String: String]? {
        guard listed.contains(objectGraphKey) else { return nil }
        let graph = try objectGraph(table: table, prefix: prefix, shardCount: shardCount)
        var fullNames: [String: String] = [:]
        var counts: [String: Int] = [:]
        for node in graph.nodes {
            for attr in node.attributes where !attr.checkpointKey.isEmpty {
                fullNames[attr.checkpointKey] = attr.fullName
                if !attr.fullName.isEmpty { counts[attr.fullName, default: 0] += 1 }
            }
        }
        var names: [String: String] = [:]
        var used: Set<String> = []
        for key in listed where key != objectGraphKey {
            var name = key
            if let full = fullNames[key], full.contains("/"), counts[full] == 1 {
                name = full
            } else if key.hasSuffix("/.ATTRIBUTES/VARIABLE_VALUE") {
                name = String(key.dropLast("/.ATTRIBUTES/VARIABLE_VALUE".count))
            }
            if used.contains(name) { name = key }
            used.insert(name)
            names[key] = name
        }
        return names
    }

    /// Decodes the object graph stored in the checkpoint.
    static func objectGraph(table: TableReader, prefix: String, shardCount: Int) throws -> Tensorflow_TrackableObjectGraph {
        // A throwaway reader over the same table would recurse; read the entry directly.
        guard let value = table.value(for: Array(objectGraphKey.utf8)) else {
            throw TensorBridgeError.notFound("Key \(objectGraphKey) not found in checkpoint \(prefix)")
        }
        let entry = try parseEntry(value, key: objectGraphKey, file: prefix + ".index")
        guard entry.dtype == .dtString, entry.shape.dim.isEmpty, entry.slices.isEmpty else {
            throw TensorBridgeError.invalid("\(prefix): \(objectGraphKey) is not a string scalar")
        }
        let region = try MappedRegion(path: CheckpointPath.dataFile(prefix: prefix, shard: Int(entry.shardID), of: shardCount))
        guard entry.offset >= 0, entry.size >= 0 else { throw TensorBridgeError.dataLoss("\(prefix): \(objectGraphKey) has a negative offset or size") }
        let bytes = try region.slice(Int(entry.offset), Int(entry.size), what: objectGraphKey)
        let tensor = try decodeStrings(bytes, count: 1, dims: [], storedCRC: entry.crc32C, key: objectGraphKey)
        guard let serialized = try tensor.strings().first else { throw TensorBridgeError.invalid("\(prefix): empty \(objectGraphKey)") }
        do { return try Tensorflow_TrackableObjectGraph(serializedBytes: serialized) } catch {
            throw TensorBridgeError.invalid("\(prefix): \(objectGraphKey) is not a TrackableObjectGraph (\(error))")
        }
    }
}
