import Foundation
import TensorBridge
import TensorBridgeFormats
import TensorBridgeTFFormats

/// `tensorbridge inspect` for checkpoints, SavedModels and TFRecord files.
enum InspectTensorFlow {
    /// Inspects `path` if it is one of TensorFlow's files; returns false otherwise.
    static func run(_ path: String, json: Bool) throws -> Bool {
        guard let input = TensorFlowInput.detect(path) else { return false }
        let file = (path as NSString).lastPathComponent
        switch input {
        case .checkpoint(let p):
            let reader = try CheckpointReader(path: p)
            let rows = try summaries(reader)
            if json {
                print(TFJSON.object(["version": "1", "file": TFJSON.quote(file), "format": TFJSON.quote("tf-checkpoint"),
                                     "prefix": TFJSON.quote(reader.prefix), "tensors": TFJSON.array(rows.map { TFJSON.tensor($0.summary, key: $0.key) })]))
            } else {
                print("\(reader.prefix) (TensorFlow checkpoint, \(rows.count) variable\(rows.count == 1 ? "" : "s"))")
                for r in rows { print("  " + r.summary.text + (r.key != r.summary.name ? "  [\(r.key)]" : "")) }
            }
        case .savedModel(let p):
            let model = try SavedModel(path: p)
            let rows = try summaries(try model.variables())
            if json {
                let sigs = model.signatures.map { s in
                    TFJSON.object(["name": TFJSON.quote(s.name), "method": TFJSON.quote(s.methodName),
                                   "inputs": TFJSON.array(s.inputs.map(info)), "outputs": TFJSON.array(s.outputs.map(info))])
                }
                print(TFJSON.object(["version": "1", "file": TFJSON.quote(file), "format": TFJSON.quote("tf-savedmodel"),
                                     "tags": TFJSON.array(model.tags.map(TFJSON.quote)), "signatures": TFJSON.array(sigs),
                                     "tensors": TFJSON.array(rows.map { TFJSON.tensor($0.summary, key: $0.key) })]))
            } else {
                print("\(p) (SavedModel, tags \(model.tags.joined(separator: ",")))")
                for s in model.signatures {
                    print("signature_def['\(s.name)']:")
                    print("  The given SavedModel SignatureDef contains the following input(s):")
                    for i in s.inputs { print("    inputs['\(i.key)'] tensor_info:\n        dtype: \(i.dtype)\n        shape: \(i.shapeDescription)\n        name: \(i.tensorName)") }
                    print("  The given SavedModel SignatureDef contains the following output(s):")
                    for o in s.outputs { print("    outputs['\(o.key)'] tensor_info:\n        dtype: \(o.dtype)\n        shape: \(o.shapeDescription)\n        name: \(o.tensorName)") }
                    print("  Method name is: \(s.methodName)")
                }
                print("variables (\(rows.count)):")
                for r in rows { print("  " + r.summary.text) }
            }
        case .tfrecord(let p):
            let schema = try TFRecordSchema(path: p)
            if json {
                let features = schema.features.map { f in
                    TFJSON.object(["name": TFJSON.quote(f.name), "type": TFJSON.quote(f.type.rawValue),
                                   "kind": TFJSON.quote(f.isFixed(records: schema.records) ? "fixed" : "var"),
                                   "min_length": "\(f.minLength)", "max_length": "\(f.maxLength)", "present": "\(f.present)"])
                }
                print(TFJSON.object(["version": "1", "file": TFJSON.quote(file), "format": TFJSON.quote("tfrecord"),
                                     "compression": TFJSON.quote(schema.compression.rawValue), "records": "\(schema.records)",
                                     "examples": "\(schema.examples)", "features": TFJSON.array(features)]))
            } else {
                let kind = schema.compression == .none ? "" : ", \(schema.compression.rawValue)"
                print("\(file) (TFRecord\(kind), \(schema.records) record\(schema.records == 1 ? "" : "s"), \(schema.examples) tf.train.Example)")
                for f in schema.features {
                    let shape = f.isFixed(records: schema.records) ? "fixed [\(f.maxLength)]" : "var [\(f.minLength)...\(f.maxLength)] in \(f.present) records"
                    print("  \(f.name)  \(f.type.rawValue)  \(shape)")
                }
            }
        }
        return true
    }

    static func info(_ i: SignatureTensorInfo) -> String {
        TFJSON.object(["key": TFJSON.quote(i.key), "dtype": TFJSON.quote("\(i.dtype)"), "shape": TFJSON.ints(i.shape),
                       "tensor": TFJSON.quote(i.tensorName)])
    }

    /// One summary per variable, reading one tensor at a time.
    static func summaries(_ reader: CheckpointReader) throws -> [(summary: TensorSummary, key: String)] {
        try reader.variables.map { v in
            (try TensorSummary(NamedTensor(name: v.name, tensor: try reader.tensor(named: v.key))), v.key)
        }
    }
}
