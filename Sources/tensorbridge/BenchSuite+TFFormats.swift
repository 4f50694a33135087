import Foundation
import TensorBridge
import TensorBridgeTFFormats

extension BenchSuite {
    /// TensorFlow's own files against TensorFlow doing the same work in the same run: reading
    /// every tensor of a 1 GiB checkpoint (both sides check each tensor's CRC32C), scanning a
    /// 1 GiB TFRecord file (both check both CRCs per record), and parsing 10,000 Examples.
    /// Each side writes its own copy of the input, with the same content, in the temporary folder.
    static var tfFormats: [BenchCase] {
        let dir = FileManager.default.temporaryDirectory.path
        let oursCkpt = "\(dir)/tb-bench-ours-ckpt", theirsCkpt = "\(dir)/tb-bench-theirs-ckpt"
        let oursRec = "\(dir)/tb-bench-ours.tfrecord", theirsRec = "\(dir)/tb-bench-theirs.tfrecord"
        let variables = 16, elements = 16 << 20  // 16 float32 variables of 64 MiB
        let recordBytes = 64 << 10, records = 16384  // 1 GiB of 64 KiB records
        let examples = 10_000
        return [
            BenchCase(name: "checkpoint read all tensors", size: "1 GiB", library: "TF",
                      referenceSetup: """
                      names = ['w%02d' % i for i in range(\(variables))]
                      tf.raw_ops.SaveV2(prefix='\(theirsCkpt)', tensor_names=names, shape_and_slices=[''] * \(variables),
                                        tensors=[tf.fill([\(elements)], float(i)) for i in range(\(variables))])
                      """,
                      referenceStatement: "r = tf.train.load_checkpoint('\(theirsCkpt)'); [r.get_tensor(n) for n in names]",
                      prepare: {
                          var writer = try CheckpointWriter(prefix: oursCkpt, objectGraph: false)
                          for i in 0..<variables {
                              try writer.add(name: "w" + (i < 10 ? "0\(i)" : "\(i)"), tensor: Tensor.fill(shape: [elements], value: Float(i)))
                          }
                          try writer.finish()
                          return {
                              let reader = try CheckpointReader(path: oursCkpt)
                              for v in reader.variables { _ = try reader.tensor(named: v.key) }
                          }
                      }),
            BenchCase(name: "TFRecord scan", size: "1 GiB", library: "TF",
                      referenceSetup: """
                      w = tf.io.TFRecordWriter('\(theirsRec)')
                      rec = bytes(range(256)) * \(recordBytes / 256)
                      for _ in range(\(records)): w.write(rec)
                      w.close()
                      """,
                      referenceStatement: "tf.data.TFRecordDataset('\(theirsRec)').reduce(np.int64(0), lambda n, _: n + 1).numpy()",
                      prepare: {
                          var writer = try TFRecordWriter(path: oursRec)
                          let record = (0..<recordBytes).map { UInt8(truncatingIfNeeded: $0) }
                          for _ in 0..<records { try writer.write(record) }
                          try writer.finish()
                          return {
                              let n = try TFRecordReader(path: oursRec).forEachRecord { _ in }
                              guard n == records else { throw TensorBridgeError(.dataLoss, "scanned \(n) records, not \(records)") }
                          }
                      }),
            BenchCase(name: "parse_example", size: "10k Examples", library: "TF",
                      referenceSetup: """
                      def ex(i):
                          f = {'dense': tf.train.Feature(float_list=tf.train.FloatList(value=[float(i + j) for j in range(16)])),
                               'ids': tf.train.Feature(int64_list=tf.train.Int64List(value=list(range(i % 17)))),
                               'label': tf.train.Feature(bytes_list=tf.train.BytesList(value=[b'label%d' % (i % 10)]))}
                          return tf.train.Example(features=tf.train.Features(feature=f)).SerializeToString()
                      ser = tf.constant([ex(i) for i in range(\(examples))])
                      spec = {'dense': tf.io.FixedLenFeature([16], tf.float32), 'ids': tf.io.VarLenFeature(tf.int64),
                              'label': tf.io.FixedLenFeature([], tf.string)}
                      """,
                      referenceStatement: "tf.io.parse_example(ser, spec)",
                      prepare: {
                          let serialized = (0..<examples).map { i in
                              Example(features: ["dense": .float32((0..<16).map { Float(i + $0) }),
                                                 "ids": .int64((0..<Int64(i % 17)).map { $0 }),
                                                 "label": .bytes([Array("label\(i % 10)".utf8)])]).serializedBytes()
                          }
                          let spec: [String: FeatureSpec] = ["dense": .fixedLen(shape: [16], type: .float32), "ids": .varLen(.int64),
                                                             "label": .fixedLen(shape: [], type: .bytes)]
                          return { _ = try ExampleParser.parse(serialized, features: spec) }
                      }),
        ]
    }
}
