import Foundation
import Testing
import TensorBridge
import TensorBridgeTestSupport
@testable import TensorBridgeTFFormats

/// What we write, TensorFlow 2.21 reads: one run of the venv's TensorFlow checks our
/// checkpoints (`tf.train.load_checkpoint`, `tf.train.Checkpoint.restore`), our TFRecords
/// (`tf.data.TFRecordDataset`, plain, GZIP and ZLIB) and our Examples (`tf.io.parse_example`).
@Suite struct TensorFlowReadsOurFilesTests {
    static let script = #"""
    import json, sys, os
    import numpy as np
    import tensorflow as tf
    d = sys.argv[1]
    def rec(a):
        a = np.asarray(a)
        if a.dtype.kind in 'SO':
            return {'strings': [bytes(x).hex() for x in a.reshape(-1)], 'shape': list(a.shape)}
        return {'hex': np.ascontiguousarray(a).tobytes().hex(), 'shape': list(a.shape)}
    out = {}
    for name in ['tf2', 'tf1']:
        r = tf.train.load_checkpoint(os.path.join(d, name))
        dt = r.get_variable_to_dtype_map()
        out[name] = {k: dict(rec(r.get_tensor(k)), dtype=dt[k].name) for k in r.get_variable_to_shape_map()}
    # Restore the TF2 checkpoint into objects: root.dense.kernel, root.dense.bias, root.step, root.label.
    root = tf.train.Checkpoint()
    root.dense = tf.Module()
    root.dense.kernel = tf.Variable(tf.zeros([2, 3], tf.float32))
    root.dense.bias = tf.Variable(tf.zeros([3], tf.bfloat16))
    root.step = tf.Variable(tf.constant(0, tf.int64))
    root.label = tf.Variable(tf.constant(b''))
    # save_counter, which tf.train.Checkpoint adds itself, is not in our checkpoint; every
    # object we made must match, and the values are compared below.
    root.restore(os.path.join(d, 'tf2')).assert_nontrivial_match().expect_partial()
    out['restored'] = {'dense/kernel': rec(root.dense.kernel.numpy()),
                       'dense/bias': rec(root.dense.bias.numpy().view(np.uint16)),
                       'step': rec(root.step.numpy()), 'label': rec(root.label.numpy())}
    out['records'] = {}
    for name, kind in [('plain.tfrecord', None), ('gzip.tfrecord.gz', 'GZIP'), ('zlib.tfrecord.zz', 'ZLIB')]:
        out['records'][name] = [r.numpy().hex() for r in tf.data.TFRecordDataset(os.path.join(d, name), compression_type=kind)]
    examples = [r.numpy() for r in tf.data.TFRecordDataset(os.path.join(d, 'plain.tfrecord'))]
    parsed = tf.io.parse_example(tf.constant(examples), {
        'x': tf.io.FixedLenFeature([2], tf.float32), 'n': tf.io.VarLenFeature(tf.int64),
        's': tf.io.FixedLenFeature([], tf.string)})
    out['parsed'] = {'x': rec(parsed['x'].numpy()), 'n_values': rec(parsed['n'].values.numpy()),
                     'n_indices': rec(parsed['n'].indices.numpy()), 's': rec(parsed['s'].numpy())}
    print(json.dumps(out))
    """#

    @Test func tensorFlowReadsOurCheckpointsRecordsAndExamples() throws {
        try withTemporaryDirectory { dir in
            let kernel = try Tensor([[1.5, -2, 3], [4, 5.25, -6]] as [[Float]])
            let bias = try Tensor([BFloat16(Float(1)), BFloat16(Float(-0.5)), BFloat16(Float(3))], shape: [3])
            let step = try Tensor(Int64(12345))
            let label = try Tensor(strings: [[0x61, 0x00, 0xff]], shape: [])
            let flags = try Tensor([true, false, true], shape: [3])
            let complex = try Tensor([Complex64(1, 2), Complex64(-3, 0.5)], shape: [2])
            let words = try Tensor(strings: ["", "bridge", String(repeating: "x", count: 200)], shape: [3])

            var tf2 = try CheckpointWriter(prefix: dir.appendingPathComponent("tf2").path)
            for (n, t) in [("dense/kernel", kernel), ("dense/bias", bias), ("step", step), ("label", label)] { try tf2.add(name: n, tensor: t) }
            try tf2.finish()
            var tf1 = try CheckpointWriter(prefix: dir.appendingPathComponent("tf1").path, objectGraph: false)
            for (n, t) in [("layer/flags", flags), ("layer/complex", complex), ("words", words), ("global_step", step)] { try tf1.add(name: n, tensor: t) }
            try tf1.finish()

            let examples = (0..<4).map { i in
                Example(features: ["x": .float32([Float(i), -Float(i) / 4]), "n": .int64(Array(0..<Int64(i))),
                                   "s": .bytes([Array("rec\(i)".utf8)])]).serializedBytes()
            }
            for (name, compression) in [("plain.tfrecord", TFRecordCompression.none), ("gzip.tfrecord.gz", .gzip), ("zlib.tfrecord.zz", .zlib)] {
                var w = try TFRecordWriter(path: dir.appendingPathComponent(name).path, compression: compression)
                for e in examples { try w.write(e) }
                try w.finish()
            }

            // Our own reader agrees with what we wrote.
            let back = try CheckpointReader(path: dir.appendingPathComponent("tf2").path)
            #expect(back.variables.map(\.name) == ["dense/bias", "dense/kernel", "label", "step"])
            let ours = try ExampleParser.parse(examples, features: [
                "x": .fixedLen(shape: [2], type: .float32), "n": .varLen(.int64), "s": .fixedLen(shape: [], type: .bytes)])

            guard let result = ReferenceTensorFlow.json(Self.script, [dir.path]) as? [String: Any] else { return }
            let hex: (Tensor) throws -> String = { t in try t.withUnsafeBytes { Hex.encode($0) } }
            let tf2Keys = result["tf2"] as? [String: [String: Any]] ?? [:]
            #expect(tf2Keys["dense/kernel/.ATTRIBUTES/VARIABLE_VALUE"]?["hex"] as? String == (try hex(kernel)))
            #expect(tf2Keys["dense/bias/.ATTRIBUTES/VARIABLE_VALUE"]?["dtype"] as? String == "bfloat16")
            #expect(tf2Keys["step/.ATTRIBUTES/VARIABLE_VALUE"]?["hex"] as? String == (try hex(step)))
            #expect(tf2Keys[CheckpointReader.objectGraphKey] != nil)
            let tf1Keys = result["tf1"] as? [String: [String: Any]] ?? [:]
            #expect(Set(tf1Keys.keys) == ["layer/flags", "layer/complex", "words", "global_step"])
            #expect(tf1Keys["layer/flags"]?["hex"] as? String == (try hex(flags)))
            #expect(tf1Keys["layer/complex"]?["hex"] as? String == (try hex(complex)))
            #expect(tf1Keys["words"]?["strings"] as? [String] == (try words.strings().map { Hex.encode($0) }))
            let restored = result["restored"] as? [String: [String: Any]] ?? [:]
            #expect(restored["dense/kernel"]?["hex"] as? String == (try hex(kernel)))
            #expect(restored["dense/bias"]?["hex"] as? String == (try hex(bias)))
            #expect(restored["step"]?["hex"] as? String == (try hex(step)))
            #expect(restored["label"]?["strings"] as? [String] == ["6100ff"])
            let records = result["records"] as? [String: [String]] ?? [:]
            #expect(records.count == 3)
            for (name, got) in records { #expect(got == examples.map { Hex.encode($0) }, "TensorFlow reads \(name)") }
            let parsed = result["parsed"] as? [String: [String: Any]] ?? [:]
            #expect(parsed["x"]?["hex"] as? String == (try hex(try #require(ours.dense["x"]))))
            #expect(parsed["n_values"]?["hex"] as? String == (try hex(try #require(ours.sparse["n"]).values)))
            #expect(parsed["n_indices"]?["hex"] as? String == (try hex(try #require(ours.sparse["n"]).indices)))
            #expect(parsed["s"]?["strings"] as? [String] == (try #require(ours.dense["s"]).strings().map { Hex.encode($0) }))
        }
    }
}
