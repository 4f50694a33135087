import Foundation

extension TensorFileFormat {
    /// Reads only the headers of the file or directory at `url` (see ``detect(_:)`` for how its
    /// format is found). No tensor data is read, so this is fast for any size.
    /// - Parameters:
    ///   - url: The file, or a directory holding `model.safetensors.index.json`.
    ///   - voidAs: The dtype of `.npy` raw void items (`'<V2'` is how NumPy saves
    ///     bfloat16); without it such files are refused, since `V2` names no dtype.
    /// - Throws: `TensorBridgeError` for a malformed file.
    public static func readHeader(_ url: URL, voidAs: DType? = nil) throws -> TensorFileHeader {
        let format = try detect(url)
        var notes: [String] = []
        if let hinted = try? TensorFileFormat(url: url), hinted != format {
            notes.append("the content is \(format.fileExtension) although the extension says \(hinted.fileExtension)")
        }
        let stem = url.deletingPathExtension().lastPathComponent
        switch format {
        case .npy:
            return TensorFileHeader(format: format, tensors: [try NPY.readInfo(url, name: stem, voidAs: voidAs)], notes: notes)
        case .npz:
            return TensorFileHeader(format: format, tensors: try NPZ.readInfo(url, voidAs: voidAs), notes: notes)
        case .safetensors:
            let file = try RandomAccessFile(url: url)
            let header = try SafetensorsHeader.parse(fileSize: file.size) { try file.bytes(at: $0, count: $1) }
            return TensorFileHeader(format: format, tensors: header.entries.map(\.info), metadata: header.metadata, notes: notes)
        case .safetensorsIndex:
            let (tensors, metadata) = try Safetensors.readShardedInfo(index: indexURL(url))
            return TensorFileHeader(format: format, tensors: tensors, metadata: metadata, notes: notes)
        case .pb, .pbtxt:
            return TensorFileHeader(format: format, tensors: [try TensorProtoFile.readInfo(url, name: stem, text: format == .pbtxt)], notes: notes)
        }
    }

    /// Loads every tensor in `url` (format from its content), with the file's metadata.
    /// - Parameters:
    ///   - url: The file, or a directory holding `model.safetensors.index.json`.
    ///   - mmap: Share a mapping of the file instead of reading it (`.npy` and safetensors;
    ///     the others are decoded into owned memory).
    ///   - voidAs: As in ``readHeader(_:voidAs:)``.
    public static func open(_ url: URL, mmap: Bool = false, voidAs: DType? = nil) throws -> TensorFileContents {
        let format = try detect(url)
        let stem = url.deletingPathExtension().lastPathComponent
        switch format {
        case .npy:
            return TensorFileContents(format: format, tensors: [NamedTensor(name: stem, tensor: try NPY.load(url, mmap: mmap, voidAs: voidAs))])
        case .npz:
            return TensorFileContents(format: format, tensors: try NPZ.load(url, voidAs: voidAs))
        case .safetensors:
            let file = try Safetensors.load(url, mmap: mmap)
            return TensorFileContents(format: format, tensors: file.tensors, metadata: file.metadata)
        case .safetensorsIndex:
            let file = try Safetensors.loadSharded(index: indexURL(url), mmap: mmap)
            return TensorFileContents(format: format, tensors: file.tensors, metadata: file.metadata)
        case .pb, .pbtxt:
            return TensorFileContents(format: format, tensors: [NamedTensor(name: stem, tensor: try TensorProtoFile.load(url, text: format == .pbtxt))])
        }
    }

    /// Loads every tensor in `url` (format from its content). Single-tensor formats name it
    /// after the file (without extension). Tensors own their data (nothing stays mapped).
    public static func load(_ url: URL) throws -> [NamedTensor] {
        try open(url).tensors
    }

    /// Saves `tensors` to `url` in the format its extension names. Single-tensor formats need
    /// exactly one tensor; `metadata` is kept by safetensors and refused by formats that cannot
    /// hold it (pass an empty map to drop it on purpose).
    public static func save(_ tensors: [NamedTensor], metadata: [String: String] = [:], to url: URL,
                            options: SaveOptions = SaveOptions()) throws {
        let format = try TensorFileFormat(url: url)
        if !metadata.isEmpty, format != .safetensors, format != .safetensorsIndex {
            throw TensorBridgeError.invalidFormat("\(format.fileExtension) cannot hold metadata (\(metadata.count) entries); only safetensors can")
        }
        if format.holdsOneTensor {
            guard tensors.count == 1, let only = tensors.first else {
                throw TensorBridgeError.invalidFormat("\(format.fileExtension) holds exactly one tensor, but \(tensors.count) were given")
            }
            switch format {
            case .npy: try NPY.save(only.tensor, to: url, durable: options.durable)
            default: try TensorProtoFile.save(only.tensor, to: url, text: format == .pbtxt)
            }
            return
        }
        switch format {
        case .npz: try NPZ.save(tensors, to: url, compressed: options.compressed)
        case .safetensorsIndex:
            try Safetensors.saveSharded(tensors, metadata: metadata, to: url.deletingLastPathComponent(),
                                        maxShardBytes: options.maxShardBytes, indexName: url.lastPathComponent)
        default: try Safetensors.save(tensors, metadata: metadata, to: url)
        }
    }

    private static func indexURL(_ url: URL) -> URL {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            return url.appendingPathComponent("model.safetensors.index.json")
        }
        return url
    }
}

/// How ``TensorFileFormat/save(_:metadata:to:options:)`` writes.
public struct SaveOptions: Sendable {
    /// Deflate `.npz` members, as `np.savez_compressed` does.
    public var compressed: Bool
    /// Sync the file and its directory before returning (see ``NPY/save(_:to:durable:)``).
    public var durable: Bool
    /// The largest shard of a sharded safetensors checkpoint.
    public var maxShardBytes: Int

    /// Stored `.npz`, atomic but not synced, 5 GB shards (the Hugging Face default).
    public init(compressed: Bool = false, durable: Bool = false, maxShardBytes: Int = 5_000_000_000) {
        self.compressed = compressed
        self.durable = durable
        self.maxShardBytes = maxShardBytes
    }
}
