import Foundation

/// Sharded checkpoints: `model.safetensors.index.json` names, for every tensor, the shard
/// file (in the same directory) that holds it.
extension Safetensors {
    /// Loads every tensor listed in a sharded checkpoint's index, in index (name) order.
    /// The index's `metadata` values that are strings become the result's metadata.
    /// - Throws: `TensorBridgeError` for a bad index, a shard path leaving the directory, a
    ///   missing tensor, or any shard error.
    public static func loadSharded(index url: URL, mmap: Bool = false) throws -> SafetensorsFile {
        let index = try ShardIndex(url)
        let directory = url.deletingLastPathComponent()
        var shards: [String: SafetensorsFile] = [:]
        var tensors: [NamedTensor] = []
        for (name, shard) in index.entries {
            if shards[shard] == nil { shards[shard] = try load(directory.appendingPathComponent(shard), mmap: mmap) }
            guard let tensor = shards[shard]?[name] else {
                throw TensorBridgeError.notFound("tensor '\(name)' is not in shard \(shard)")
            }
            tensors.append(NamedTensor(name: name, tensor: tensor))
        }
        return SafetensorsFile(tensors: tensors, metadata: index.metadata)
    }

    /// Reads the index and every shard's header (no tensor data): the tensors in index (name)
    /// order and the index's metadata.
    /// - Throws: `TensorBridgeError` as ``loadSharded(index:mmap:)`` does.
    public static func readShardedInfo(index url: URL) throws -> (tensors: [TensorInfo], metadata: [String: String]) {
        let index = try ShardIndex(url)
        let directory = url.deletingLastPathComponent()
        var headers: [String: [String: TensorInfo]] = [:]
        var tensors: [TensorInfo] = []
        for (name, shard) in index.entries {
            if headers[shard] == nil {
                let file = try RandomAccessFile(url: directory.appendingPathComponent(shard))
                let header = try SafetensorsHeader.parse(fileSize: file.size) { try file.bytes(at: $0, count: $1) }
                headers[shard] = Dictionary(header.entries.map { ($0.name, $0.info) }, uniquingKeysWith: { a, _ in a })
            }
            guard let info = headers[shard]?[name] else {
                throw TensorBridgeError.notFound("tensor '\(name)' is not in shard \(shard)")
            }
            tensors.append(info)
        }
        return (tensors, index.metadata)
    }

    /// Saves `tensors` as shards of at most `maxShardBytes` data bytes each (a tensor larger
    /// than that gets a shard of its own), named `model-0000i-of-0000n.safetensors`, plus
    /// `model.safetensors.index.json` with `total_size`, all in `directory`. Each file is
    /// written atomically.
    /// `metadata` goes into every shard's `__metadata__` (with `format` = `pt`-style keys kept
    /// as given) and is not repeated in the index, whose `metadata` holds `total_size`.
    public static func saveSharded(_ tensors: [NamedTensor], metadata: [String: String] = [:], to directory: URL,
                                   maxShardBytes: Int, indexName: String = "model.safetensors.index.json") throws {
        // Shards are named after the index, as Hugging Face does: model.safetensors.index.json
        // → model-00001-of-00002.safetensors.
        let stem = indexName.hasSuffix(".safetensors.index.json") ? String(indexName.dropLast(".safetensors.index.json".count)) : "model"
        var shards: [[NamedTensor]] = [[]]
        var current = 0
        for t in tensors {
            if current > 0, current + t.tensor.byteCount > maxShardBytes {
                shards.append([])
                current = 0
            }
            shards[shards.count - 1].append(t)
            current += t.tensor.byteCount
        }
        var weightMap: [String: String] = [:]
        let width = 5
        func pad(_ i: Int) -> String { let s = String(i); return String(repeating: "0", count: max(0, width - s.count)) + s }
        for (i, shard) in shards.enumerated() {
            let name = "\(stem)-\(pad(i + 1))-of-\(pad(shards.count)).safetensors"
            try save(shard, metadata: metadata, to: directory.appendingPathComponent(name))
            for t in shard { weightMap[t.name] = name }
        }
        let total = tensors.reduce(0) { $0 + $1.tensor.byteCount }
        let entries = weightMap.keys.sorted().map { "    \(JSONText.quote($0)): \(JSONText.quote(weightMap[$0] ?? ""))" }
        let json = "{\n  \"metadata\": {\n    \"total_size\": \(total)\n  },\n  \"weight_map\": {\n" + entries.joined(separator: ",\n") + "\n  }\n}\n"
        try AtomicFile.write(Array(json.utf8), to: directory.appendingPathComponent(indexName))
    }
}

/// A parsed `model.safetensors.index.json`: tensor name → shard file, and the metadata.
struct ShardIndex {
    /// (tensor, shard file name), sorted by tensor name.
    let entries: [(String, String)]
    let metadata: [String: String]

    init(_ url: URL) throws {
        let file = try RandomAccessFile(url: url)
        guard file.size <= SafetensorsHeader.maxHeaderLength else {
            throw TensorBridgeError.limitExceeded("safetensors index of \(file.size) bytes is over the limit")
        }
        let bytes = try file.bytes(at: 0, count: file.size)
        guard let json = try JSONValue.parse(bytes, what: url.lastPathComponent).object,
              let weightMap = json["weight_map"]?.object else {
            throw TensorBridgeError.invalidFormat("\(url.lastPathComponent) is not a safetensors index (no weight_map)")
        }
        var metadata: [String: String] = [:]
        for (k, v) in json["metadata"]?.object ?? [:] {
            if let s = v.string { metadata[k] = s } else if let n = v.integer { metadata[k] = String(n) }
        }
        self.metadata = metadata
        entries = try weightMap.keys.sorted().map { name in
            guard let shard = weightMap[name]?.string, !shard.isEmpty, !shard.contains("/"), shard != "..", shard != "." else {
                throw TensorBridgeError.invalidFormat("weight_map entry for '\(name)' is not a file name in the index's directory")
            }
            return (name, shard)
        }
    }
}
