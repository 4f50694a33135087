import SwiftProtobuf
import Foundation
import TensorBridge
import TensorBridgeFormats

/// Reads a TensorFlow checkpoint (the TensorBundle "V2" format that `tf.train.Checkpoint`,
/// Keras' `CheckpointManager`, TF1's `Saver` and SavedModel `variables/` all write) without
/// TensorFlow.
///
/// The `.index` table is read and checked when the reader opens; data shards are memory-mapped
/// on first use, so reading one tensor touches only that tensor's pages. Tensors whose bytes
/// are suitably aligned share the mapping (no copy; the mapping lives as long as they do);
/// others, strings, and reassembled partitioned variables are copied into owned host memory.
/// Every read checks the tensor's CRC32C.
public final class CheckpointReader: Sendable {
    /// The checkpoint prefix (`…/ckpt-2`), without `.index`.
    public let prefix: String
    /// Every variable, in key order, without the object graph and without slice entries.
    public let variables: [CheckpointVariable]
    /// Whether the checkpoint has a TF2 object graph (`_CHECKPOINTABLE_OBJECT_GRAPH`).
    public let hasObjectGraph: Bool

    let shardCount: Int
    let table: TableReader
    private let byKey: [String: Int]
    private let byName: [String: Int]
    private let shards = Locked<[Int: MappedRegion]>([:])

    /// The key TF2 checkpoints store their object graph under.
    public static let objectGraphKey = "_CHECKPOINTABLE_OBJECT_GRAPH"

    /// Opens a checkpoint given as its prefix, its `.index` file, or a directory holding a
    /// `checkpoint` state file (the latest checkpoint is opened) or a SavedModel's `variables/`.
    /// - Throws: `TensorBridgeError` when the index is missing, corrupt, big-endian, or from a
    ///   newer format version.
    public init(path: String) throws {
        prefix = try CheckpointPath.resolve(path)
        let indexPath = prefix + ".index"
        let index = try MappedRegion(path: indexPath)
        table = try TableReader(file: index.bytes, what: indexPath)
        guard let headerBytes = table.value(for: []) else {
            throw TensorBridgeError.invalid("\(indexPath): failed to seek to header entry (the table has no \"\" key)")
        }
        let header: Tensorflow_BundleHeaderProto
        do { header = try Tensorflow_BundleHeaderProto(serializedBytes: headerBytes) } catch {
            throw TensorBridgeError.invalid("\(indexPath): unable to parse header (\(error))")
        }
        guard header.endianness == .little else {
            throw TensorBridgeError.unsupported("\(indexPath): the checkpoint was written big-endian; only little-endian checkpoints are read")
        }
        // tensor_bundle.cc: kTensorBundleVersion = 1, kTensorBundleMinProducer = 0.
        if header.version.minConsumer > 1 {
            throw TensorBridgeError.unsupported("\(indexPath): Checkpoint min consumer version \(header.version.minConsumer) above current version 1 for Checkpoint")
        }
        if header.version.badConsumers.contains(1) {
            throw TensorBridgeError.unsupported("\(indexPath): Checkpoint disallows consumer version 1")
        }
        guard header.numShards >= 1 else {
            throw TensorBridgeError.invalid("\(indexPath): header says the checkpoint has \(header.numShards) data shards")
        }
        shardCount = Int(header.numShards)

        var listed: [(key: String, dtype: DType, shape: [Int], sliced: Bool)] = []
        for (keyBytes, value) in table.entries where !keyBytes.isEmpty && keyBytes[0] != 0 {
            let key = String(decoding: keyBytes, as: UTF8.self)
            let entry = try Self.parseEntry(value, key: key, file: indexPath)
            let dtype = try DType(tensorFlow: entry.dtype.rawValue, what: "\(indexPath): tensor '\(key)'")
            let shape = try Self.shape(of: entry, key: key)
            listed.append((key, dtype, shape, !entry.slices.isEmpty))
        }
        let graphNames = try Self.objectGraphNames(table: table, prefix: prefix, listed: listed.map(\.key), shardCount: shardCount)
        hasObjectGraph = graphNames != nil
        var vars: [CheckpointVariable] = []
        var keys: [String: Int] = [:]
        var names: [String: Int] = [:]
        for item in listed where item.key != Self.objectGraphKey {
            let name = graphNames?[item.key] ?? item.key
            keys[item.key] = vars.count
            names[name] = vars.count
            vars.append(CheckpointVariable(name: name, key: item.key, dtype: item.dtype, shape: item.shape, isPartitioned: item.sliced))
        }
        variables = vars
        byKey = keys
        byName = names
    }

    /// Every key in the index (as `tf.train.list_variables` lists them), including the object graph.
    public var keys: [String] {
        table.entries.compactMap { $0.key.isEmpty || $0.key[0] == 0 ? nil : String(decoding: $0.key, as: UTF8.self) }
    }

    /// The variable with this readable name or raw key.
    public func variable(named name: String) -> CheckpointVariable? {
        if let i = byName[name] ?? byKey[name] { return variables[i] }
        return nil
    }

    /// Reads one tensor by readable name or raw key (including `_CHECKPOINTABLE_OBJECT_GRAPH`).
    /// Only that tensor's bytes are read; its CRC32C is checked.
    /// - Throws: `TensorBridgeError` with code `.notFound` for an unknown name, `.dataLoss` for
    ///   a checksum or size mismatch.
    public func tensor(named name: String) throws -> Tensor {
        let key = variable(named: name)?.key ?? name
        guard let value = table.value(for: Array(key.utf8)) else {
            throw TensorBridgeError.notFound("Key \(name) not found in checkpoint \(prefix)")
        }
        let entry = try Self.parseEntry(value, key: key, file: prefix + ".index")
        if !entry.slices.isEmpty { return try reassemble(entry, key: key) }
        return try read(entry, key: key)
    }

    /// Every variable as a named tensor, in key order. Reads the whole checkpoint; for one at a
    /// time (checkpoints bigger than memory), iterate ``variables`` and call ``tensor(named:)``.
    public func allTensors() throws -> [(name: String, tensor: Tensor)] {
        try variables.map { ($0.name, try tensor(named: $0.key)) }
    }

    static func parseEntry(_ bytes: [UInt8], key: String, file: String) throws -> Tensorflow_BundleEntryProto {
        do { return try Tensorflow_BundleEntryProto(serializedBytes: bytes) } catch {
            throw TensorBridgeError.dataLoss("\(file): Entry for key \(key) not parseable (\(error))")
        }
    }

    static func shape(of entry: Tensorflow_BundleEntryProto, key: String) throws -> [Int] {
        guard !entry.shape.unknownRank else { throw TensorBridgeError.dataLoss("Invalid tensor shape: \(key) has unknown rank") }
        let dims = entry.shape.dim.map { Int($0.size) }
        guard dims.allSatisfy({ $0 >= 0 }) else { throw TensorBridgeError.dataLoss("Invalid tensor shape: \(key) \(dims)") }
        var count = 1
        for d in dims {
            let (p, o) = count.multipliedReportingOverflow(by: d)
            guard !o, p <= Int(Int32.max) * 1 << 31 else { throw TensorBridgeError.dataLoss("Invalid tensor shape: \(key) \(dims) has too many elements") }
            count = p
        }
        return dims
    }

    /// The mapped data shard `id`, mapped on first use.
    func shard(_ id: Int) throws -> MappedRegion {
        guard id >= 0, id < shardCount else {
            throw TensorBridgeError.dataLoss("\(prefix): tensor names shard \(id) but the checkpoint has \(shardCount)")
        }
        return try shards.withLock { open in
            if let region = open[id] { return region }
            let region = try MappedRegion(path: CheckpointPath.dataFile(prefix: prefix, shard: id, of: shardCount))
            open[id] = region
            return region
        }
    }
}
