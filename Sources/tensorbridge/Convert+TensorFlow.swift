import Foundation
import TensorBridge
import TensorBridgeFormats
import TensorBridgeTFFormats

/// `tensorbridge convert` from TensorFlow's files to `.safetensors` or `.npz`.
///
/// A checkpoint (or SavedModel) writes every variable under its readable name with its dtype
/// and bytes unchanged. Aligned tensors share the checkpoint's memory mapping, so a checkpoint
/// bigger than memory streams through the page cache instead of being loaded.
///
/// A TFRecord file of Examples writes each feature: one with the same length in every record
/// becomes a dense `[records, length]` tensor under its name; any other becomes three tensors
/// `NAME/indices` (`int64 [nnz, 2]`), `NAME/values` and `NAME/dense_shape` (`int64 [2]`), the
/// components of `tf.io.parse_example`'s sparse tensor.
enum ConvertTensorFlow {
    /// Converts `input` if it is one of TensorFlow's files; returns false otherwise.
    static func run(_ input: String, to output: String, name: String?) throws -> Bool {
        guard let source = TensorFlowInput.detect(input) else { return false }
        var tensors: [NamedTensor]
        switch source {
        case .checkpoint(let p):
            tensors = try variables(CheckpointReader(path: p))
        case .savedModel(let p):
            tensors = try variables(SavedModel(path: p).variables())
        case .tfrecord(let p):
            tensors = try features(p)
        }
        if let name {
            guard let match = tensors.first(where: { $0.name == name }) else {
                throw TensorBridgeError(.notFound, "no tensor named '\(name)' in \(input); names: \(tensors.map(\.name).joined(separator: ", "))")
            }
            tensors = [match]
        }
        let url = URL(fileURLWithPath: output)
        switch url.pathExtension.lowercased() {
        case "safetensors": try Safetensors.save(tensors, to: url)
        case "npz": try NPZ.save(tensors, to: url, compressed: false)
        default:
            throw TensorBridgeError(.invalidArgument, "convert writes TensorFlow files to .safetensors or .npz, not '\(url.lastPathComponent)'")
        }
        return true
    }

    static func variables(_ reader: CheckpointReader) throws -> [NamedTensor] {
        try reader.variables.map { NamedTensor(name: $0.name, tensor: try reader.tensor(named: $0.key)) }
    }

    static func features(_ path: String) throws -> [NamedTensor] {
        let schema = try TFRecordSchema(path: path)
        guard schema.examples == schema.records else {
            throw TensorBridgeError(.invalidFormat, "\(path): \(schema.records - schema.examples) of \(schema.records) records are not tf.train.Example protos")
        }
        let records = try TFRecordReader(path: path).readAll()
        let parsed = try ExampleParser.parse(records, features: schema.specs)
        var out: [NamedTensor] = []
        for f in schema.features {
            if let dense = parsed.dense[f.name] {
                out.append(NamedTensor(name: f.name, tensor: dense))
            } else if let sparse = parsed.sparse[f.name] {
                out.append(NamedTensor(name: f.name + "/indices", tensor: sparse.indices))
                out.append(NamedTensor(name: f.name + "/values", tensor: sparse.values))
                out.append(NamedTensor(name: f.name + "/dense_shape", tensor: sparse.denseShape))
            }
        }
        return out
    }
}
