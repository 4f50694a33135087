// Convert a TensorFlow checkpoint to safetensors without TensorFlow.
// Run: swift run example-checkpoint-to-safetensors [CHECKPOINT OUT.safetensors]
// With no arguments, TensorFlow (the venv's python, TENSORBRIDGE_PYTHON) first trains nothing
// but saves a small tf.train.Checkpoint, so there is a real checkpoint to convert; the
// conversion itself never touches Python.
import Foundation
import TensorBridge
import TensorBridgeFormats
import TensorBridgeTFFormats

let arguments = CommandLine.arguments.dropFirst()
let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tensorbridge-example-\(getpid())")
try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: dir) }

var checkpoint = arguments.first ?? dir.appendingPathComponent("training").path
let output = URL(fileURLWithPath: arguments.dropFirst().first ?? dir.appendingPathComponent("model.safetensors").path)

if arguments.isEmpty {
    // A checkpoint as TensorFlow writes it: a tf.Module with two variables, saved through
    // tf.train.CheckpointManager into a directory with a `checkpoint` state file.
    let python = ProcessInfo.processInfo.environment["TENSORBRIDGE_PYTHON"] ?? ".venv/bin/python"
    let script = """
    import sys, numpy as np, tensorflow as tf
    m = tf.Module()
    m.dense = tf.Module()
    m.dense.kernel = tf.Variable(np.arange(6, dtype=np.float32).reshape(2, 3) / 4, name='kernel')
    m.dense.bias = tf.Variable(np.array([0.5, -0.5, 1.0], np.float32), name='bias')
    m.step = tf.Variable(np.int64(300), name='step')
    tf.train.CheckpointManager(tf.train.Checkpoint(model=m), sys.argv[1], max_to_keep=1).save()
    """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = ["-c", script, checkpoint]
    var env = ProcessInfo.processInfo.environment
    env["TF_CPP_MIN_LOG_LEVEL"] = "3"
    process.environment = env
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        print("could not run TensorFlow at \(python) to make a checkpoint; set TENSORBRIDGE_PYTHON or pass CHECKPOINT OUT")
        exit(1)
    }
    checkpoint = dir.appendingPathComponent("training").path
}

// Open the checkpoint: the directory's `checkpoint` file names the latest one.
let reader = try CheckpointReader(path: checkpoint)
print("checkpoint: \((reader.prefix as NSString).lastPathComponent), \(reader.variables.count) variables")
for v in reader.variables {
    print("  \(v.name)  \(v.dtype)  \(v.shape)  (key \(v.key))")
}

// Every variable under its readable name; the bytes are the checkpoint's, unchanged.
let tensors = try reader.variables.map { NamedTensor(name: $0.name, tensor: try reader.tensor(named: $0.key)) }
try Safetensors.save(tensors, metadata: ["converted_from": "tensorflow checkpoint"], to: output)
let back = try Safetensors.load(output, mmap: true)
print("wrote \(output.lastPathComponent):")
for named in back.tensors { print("  \(named.name)  \(named.tensor.dtype.name)  \(named.tensor.shape.dimensions)  \(named.tensor.byteCount) B") }
let same = try tensors.allSatisfy { t in
    try back[t.name].map { b in try b.withUnsafeBytes { Array($0) } == t.tensor.withUnsafeBytes { Array($0) } } ?? false
}
print("values identical: \(same)")
