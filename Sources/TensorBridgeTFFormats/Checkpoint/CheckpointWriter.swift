import SwiftProtobuf
import Foundation
import TensorBridge
import TensorBridgeFormats
#if canImport(Glibc)
import Glibc
#endif

/// Writes a TensorFlow checkpoint (TensorBundle V2, one data shard) that
/// `tf.train.load_checkpoint` reads and, with an object graph, `tf.train.Checkpoint.restore`
/// restores into matching objects.
///
/// With `objectGraph: true` (the TF2 layout), a variable named `dense/kernel` is stored under
/// the key `dense/kernel/.ATTRIBUTES/VARIABLE_VALUE`, and `_CHECKPOINTABLE_OBJECT_GRAPH` records
/// a node per name component, so that `root.dense.kernel` restores it. With `objectGraph:
/// false` (the TF1 `Saver` layout), the name is the key. Tensor bytes are written as they are
/// added; the index is written and both files are renamed into place by ``finish()``. A writer
/// dropped without finishing removes its temporary files.
public struct CheckpointWriter: ~Copyable {
    /// The checkpoint prefix being written.
    public let prefix: String
    private let objectGraph: Bool
    private let data: TemporaryFile
    private var size = 0
    private var entries: [(key: [UInt8], entry: Tensorflow_BundleEntryProto)] = []
    private var names: [String] = []

    /// Starts a checkpoint at `prefix` (the directory must exist).
    public init(prefix: String, objectGraph: Bool = true) throws {
        data = try TemporaryFile(next: CheckpointPath.dataFile(prefix: prefix, shard: 0, of: 1))
        self.prefix = prefix
        self.objectGraph = objectGraph
    }

    /// Adds a tensor under `name` (its bytes are written now).
    /// - Throws: `TensorBridgeError` for an empty or duplicate name.
    public mutating func add(name: String, tensor: Tensor) throws {
        guard !name.isEmpty, !name.hasPrefix("/"), !name.hasSuffix("/"), !name.contains("//") else {
            throw TensorBridgeError.invalidArgument("checkpoint variable name '\(name)' must be non-empty slash-separated components")
        }
        guard !names.contains(name) else { throw TensorBridgeError.invalidArgument("Adding duplicate key: \(name)") }
        names.append(name)
        try append(key: objectGraph ? Self.checkpointKey(name) : name, tensor: tensor)
    }

    /// Writes the object graph (if any) and the index, syncs, and renames the files into place.
    public consuming func finish() throws {
        if objectGraph {
            let graph = try Self.graph(for: names).serializedBytes() as [UInt8]
            try append(key: CheckpointReader.objectGraphKey, tensor: Tensor(strings: [graph], shape: []))
        }
        try data.sync()
        var header = Tensorflow_BundleHeaderProto()
        header.numShards = 1
        header.endianness = .little
        header.version.producer = 1  // tensor_bundle.cc kTensorBundleVersion
        var table = TableWriter()
        try table.add(key: [], value: try header.serializedBytes())
        for (key, entry) in entries.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            try table.add(key: key, value: try entry.serializedBytes())
        }
        let index = try TemporaryFile(next: prefix + ".index")
        try index.write(table.finish())
        try index.sync()
        try data.rename(to: CheckpointPath.dataFile(prefix: prefix, shard: 0, of: 1))
        try index.rename(to: prefix + ".index")
    }

    private mutating func append(key: String, tensor: Tensor) throws {
        var entry = Tensorflow_BundleEntryProto()
        entry.dtype = Tensorflow_DataType(rawValue: Int(tensor.dtype.rawValue)) ?? .dtInvalid
        entry.shape.dim = tensor.shape.dimensions.map { d in
            var dim = Tensorflow_TensorShapeProto.Dim()
            dim.size = Int64(d)
            return dim
        }
        entry.offset = Int64(size)
        if tensor.dtype == .string {
            let (bytes, crc) = Self.encodeStrings(try tensor.strings())
            try data.write(bytes)
            entry.size = Int64(bytes.count)
            entry.crc32C = CRC32C.mask(crc)
        } else {
            var crc: UInt32 = 0
            try tensor.withUnsafeBytes { raw in
                crc = CRC32C.checksum(raw)
                try data.write(raw)
            }
            entry.size = Int64(tensor.byteCount)
            entry.crc32C = CRC32C.mask(crc)
        }
        size += Int(entry.size)
        entries.append((Array(key.utf8), entry))
    }

    /// tensor_bundle.cc `WriteStringTensor`: varint lengths, their masked checksum, the bytes.
    static func encodeStrings(_ strings: [[UInt8]]) -> ([UInt8], UInt32) {
        var out: [UInt8] = []
        var crc: UInt32 = 0
        for s in strings {
            out.appendVarint(UInt64(s.count))
            if UInt64(s.count) <= UInt64(UInt32.max) {
                crc = withUnsafeBytes(of: UInt32(s.count).littleEndian) { CRC32C.checksum($0, extending: crc) }
            } else {
                crc = withUnsafeBytes(of: UInt64(s.count).littleEndian) { CRC32C.checksum($0, extending: crc) }
            }
        }
        let masked = CRC32C.mask(crc)
        out.appendFixed32(masked)
        crc = withUnsafeBytes(of: masked.littleEndian) { CRC32C.checksum($0, extending: crc) }
        for s in strings {
            out += s
            crc = CRC32C.checksum(s, extending: crc)
        }
        return (out, crc)
    }

    /// A name's object path with TensorFlow's escaping of local names ("." as "..", "/" as ".S";
    /// components never hold "/" here), then the attribute suffix.
    static func checkpointKey(_ name: String) -> String {
        name.split(separator: "/").map { $0.replacingOccurrences(of: ".", with: "..") }.joined(separator: "/")
            + "/.ATTRIBUTES/VARIABLE_VALUE"
    }

    /// A node per name component under the root (node 0); each full name's last node carries
    /// the `VARIABLE_VALUE` attribute pointing at its key.
    static func graph(for names: [String]) -> Tensorflow_TrackableObjectGraph {
        var nodes = [Tensorflow_TrackableObjectGraph.TrackableObject()]
        var children: [[String: Int]] = [[:]]
        for name in names {
            var node = 0
            for component in name.split(separator: "/").map(String.init) {
                if let next = children[node][component] {
                    node = next
                    continue
                }
                var reference = Tensorflow_TrackableObjectGraph.TrackableObject.ObjectReference()
                reference.nodeID = Int32(nodes.count)
                reference.localName = component
                nodes[node].children.append(reference)
                children[node][component] = nodes.count
                node = nodes.count
                nodes.append(Tensorflow_TrackableObjectGraph.TrackableObject())
                children.append([:])
            }
            var attribute = Tensorflow_TrackableObjectGraph.TrackableObject.SerializedTensor()
            attribute.name = "VARIABLE_VALUE"
            attribute.fullName = name
            attribute.checkpointKey = checkpointKey(name)
            nodes[node].attributes.append(attribute)
        }
        var graph = Tensorflow_TrackableObjectGraph()
        graph.nodes = nodes
        return graph
    }
}
