#!/usr/bin/env python3
"""Writes the committed TensorFlow-file fixtures for TensorBridgeTFFormats with real TensorFlow.

Run from the repository root with the project venv:

    .venv/bin/python scripts/generate_tf_fixtures.py

Versions used for the committed files: TensorFlow (tensorflow-cpu) 2.21.0, Keras 3 (bundled
with it), NumPy 2.4.6, ml_dtypes 0.6.0, Python 3.11.

Output: Tests/TensorBridgeTFFormatsTests/Fixtures/ and manifest.json. `--cli-only` writes only
cli_convert.json (what the command line's TFRecord conversion must give), from the committed
examples.tfrecord. The manifest records
what TensorFlow itself reads back from each fixture (tf.train.load_checkpoint, the parsed
object graph, tf.data.TFRecordDataset, tf.io.parse_example, the SavedModel's signature_def)
as the hex of little-endian C-order bytes, or the hex of each byte string.
"""
import json
import os
import shutil
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import ml_dtypes
import numpy as np
import tensorflow as tf
from tensorflow.core.framework import types_pb2
from tensorflow.core.protobuf import trackable_object_graph_pb2
from tensorflow.python.saved_model import loader_impl

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "TensorBridgeTFFormatsTests", "Fixtures")
NAMES = {np.dtype(ml_dtypes.bfloat16): "bfloat16", np.dtype(ml_dtypes.float8_e4m3fn): "float8_e4m3fn",
         np.dtype(ml_dtypes.float8_e5m2): "float8_e5m2", np.dtype(np.float16): "float16"}


def rec(a, dtype_name=None):
    a = np.asarray(a)
    if a.dtype.kind in "SO":
        return {"dtype": "string", "shape": list(a.shape), "strings": [bytes(x).hex() for x in a.reshape(-1)]}
    name = dtype_name or NAMES.get(np.dtype(a.dtype), np.dtype(a.dtype).name)
    return {"dtype": name, "shape": list(a.shape), "hex": np.ascontiguousarray(a).tobytes().hex()}


def checkpoint_record(prefix):
    """Every key with what tf.train.load_checkpoint gives for it."""
    reader = tf.train.load_checkpoint(prefix)
    dtypes = reader.get_variable_to_dtype_map()
    out = {}
    for key, shape in sorted(reader.get_variable_to_shape_map().items()):
        value = reader.get_tensor(key)
        dt = dtypes[key]
        r = rec(value, None if dt == tf.string else dt.name)
        r["shape"] = list(shape)
        out[key] = r
    return out


def object_graph_record(prefix):
    """(checkpoint_key, full_name) of every attribute, from TF's own TrackableObjectGraph parser,
    and the path of child names from the root to each node holding attributes."""
    reader = tf.train.load_checkpoint(prefix)
    graph = trackable_object_graph_pb2.TrackableObjectGraph()
    graph.ParseFromString(reader.get_tensor("_CHECKPOINTABLE_OBJECT_GRAPH"))
    out = []
    for node in graph.nodes:
        for attr in node.attributes:
            out.append({"checkpoint_key": attr.checkpoint_key, "full_name": attr.full_name, "name": attr.name})
    return out


def keras_checkpoint(manifest):
    d = os.path.join(ROOT, "keras")
    tf.keras.utils.set_random_seed(7)
    model = tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.Dense(3, activation="relu"),
                                 tf.keras.layers.Dense(2)])
    opt = tf.keras.optimizers.Adam(0.01)
    model.compile(optimizer=opt, loss="mse")
    x = np.arange(16, dtype=np.float32).reshape(4, 4) / 16
    model.fit(x, np.ones((4, 2), np.float32), epochs=1, verbose=0)
    ckpt = tf.train.Checkpoint(model=model, optimizer=opt)
    manager = tf.train.CheckpointManager(ckpt, d, max_to_keep=2)
    manager.save()
    model.fit(x, np.zeros((4, 2), np.float32), epochs=1, verbose=0)
    latest = manager.save()
    manifest["keras"] = {
        "latest": os.path.basename(latest),
        "tensors": checkpoint_record(latest),
        "object_graph": object_graph_record(latest),
        "variables": [{"path": v.path, "hex": rec(v.numpy())["hex"]} for v in model.weights],
    }


def tf1_checkpoint(manifest):
    d = os.path.join(ROOT, "tf1")
    os.makedirs(d, exist_ok=True)
    g = tf.Graph()
    with g.as_default():
        part = tf.compat.v1.get_variable(
            "layer/part", shape=[7, 3], dtype=tf.float32,
            initializer=tf.compat.v1.random_normal_initializer(seed=5),
            partitioner=tf.compat.v1.fixed_size_partitioner(3))
        plain = tf.compat.v1.get_variable("layer/bias", initializer=np.array([0.5, -1.5, 2.5], np.float32))
        step = tf.compat.v1.get_variable("global_step", initializer=np.int64(42))
        saver = tf.compat.v1.train.Saver()
        with tf.compat.v1.Session(graph=g) as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            prefix = saver.save(sess, os.path.join(d, "model.ckpt"))
    manifest["tf1"] = {"prefix": os.path.basename(prefix), "tensors": checkpoint_record(prefix)}


def dtypes_checkpoint(manifest):
    """Every dtype TensorFlow saves, written by SaveV2 into two shards merged by MergeV2Checkpoints."""
    d = os.path.join(ROOT, "dtypes")
    os.makedirs(d, exist_ok=True)
    rng = np.random.default_rng(3)
    f = rng.standard_normal(6).astype(np.float64) * 100
    values = {
        "float16": tf.constant(f.astype(np.float16).reshape(2, 3)),
        "bfloat16": tf.constant(f.astype(ml_dtypes.bfloat16).reshape(3, 2)),
        "float32": tf.constant(f.astype(np.float32).reshape(2, 3)),
        "float64": tf.constant(f.reshape(6)),
        "int8": tf.constant(np.array([-128, -1, 0, 1, 127], np.int8)),
        "int16": tf.constant(np.array([-32768, 0, 32767], np.int16)),
        "int32": tf.constant(np.array([[-2**31, 0], [7, 2**31 - 1]], np.int32)),
        "int64": tf.constant(np.array([-2**63, 0, 2**63 - 1], np.int64)),
        "uint8": tf.constant(np.array([0, 1, 255], np.uint8)),
        "uint16": tf.constant(np.array([0, 65535], np.uint16)),
        "uint32": tf.constant(np.array([0, 2**32 - 1], np.uint32)),
        "uint64": tf.constant(np.array([0, 2**64 - 1], np.uint64)),
        "bool": tf.constant(np.array([True, False, True], bool)),
        "complex64": tf.constant(np.array([1 + 2j, -3.5 - 0.25j], np.complex64)),
        "complex128": tf.constant(np.array([[1e300 + 1j], [-2 - 1e-300j]], np.complex128)),
        "scalar": tf.constant(np.float32(3.25)),
        "empty": tf.constant(np.zeros((0, 4), np.float32)),
        "string": tf.constant(np.array([[b"", b"a\x00b"], [b"\xff\xfe", b"x" * 300]], object)),
        "string_scalar": tf.constant(b"hello checkpoint"),
    }
    names = sorted(values)
    half = len(names) // 2
    parts = []
    for i, group in enumerate([names[:half], names[half:]]):
        p = os.path.join(d, f"part{i}")
        tf.raw_ops.SaveV2(prefix=p, tensor_names=group, shape_and_slices=[""] * len(group),
                          tensors=[values[n] for n in group])
        parts.append(p)
    prefix = os.path.join(d, "all")
    tf.raw_ops.MergeV2Checkpoints(checkpoint_prefixes=parts, destination_prefix=prefix)
    manifest["dtypes"] = {"prefix": "all", "tensors": checkpoint_record(prefix)}


def saved_model(manifest):
    d = os.path.join(ROOT, "savedmodel")

    class Scaler(tf.Module):
        def __init__(self):
            self.scale = tf.Variable(np.array([1.0, 2.0, 3.0], np.float32), name="scale")
            self.offset = tf.Variable(np.int64(5), name="offset")

        @tf.function(input_signature=[tf.TensorSpec([None, 3], tf.float32, name="x")])
        def serve(self, x):
            return {"scaled": x * self.scale, "total": tf.reduce_sum(x, axis=1)}

        @tf.function(input_signature=[tf.TensorSpec([2], tf.int64, name="ids"),
                                      tf.TensorSpec([], tf.string, name="label")])
        def tag(self, ids, label):
            return {"shifted": ids + self.offset, "label_length": tf.strings.length(label)}

    m = Scaler()
    tf.saved_model.save(m, d, signatures={"serving_default": m.serve, "tag": m.tag})
    sm = loader_impl.parse_saved_model(d)
    sigs = {}
    for key, sig in sorted(sm.meta_graphs[0].signature_def.items()):
        def io(m):
            return {k: {"dtype": types_pb2.DataType.Name(v.dtype), "name": v.name,
                        "shape": None if v.tensor_shape.unknown_rank else [dim.size for dim in v.tensor_shape.dim]}
                    for k, v in sorted(m.items())}
        sigs[key] = {"method_name": sig.method_name, "inputs": io(sig.inputs), "outputs": io(sig.outputs)}
    manifest["savedmodel"] = {"signatures": sigs,
                              "tensors": checkpoint_record(os.path.join(d, "variables", "variables")),
                              "tags": list(sm.meta_graphs[0].meta_info_def.tags)}


def tfrecords(manifest):
    d = os.path.join(ROOT, "tfrecord")
    os.makedirs(d, exist_ok=True)
    examples = []
    for i in range(5):
        feats = {
            "id": tf.train.Feature(int64_list=tf.train.Int64List(value=[i * 1000 - 2])),
            "score": tf.train.Feature(float_list=tf.train.FloatList(value=[0.5 * i, -i / 3])),
            "name": tf.train.Feature(bytes_list=tf.train.BytesList(value=[b"rec%d" % i])),
            "tokens": tf.train.Feature(int64_list=tf.train.Int64List(value=list(range(i)))),
            "weights": tf.train.Feature(float_list=tf.train.FloatList(value=[1.5] * (i % 3))),
            "tags": tf.train.Feature(bytes_list=tf.train.BytesList(value=[b"t\x00%d" % j for j in range(i % 2 + 1)])),
        }
        if i != 3:  # "opt" is missing from record 3: FixedLen uses its default there
            feats["opt"] = tf.train.Feature(int64_list=tf.train.Int64List(value=[i, -i]))
        examples.append(tf.train.Example(features=tf.train.Features(feature=feats)).SerializeToString())
    files = {}
    for kind in ["", "GZIP", "ZLIB"]:
        name = {"": "examples.tfrecord", "GZIP": "examples.tfrecord.gz", "ZLIB": "examples.tfrecord.zz"}[kind]
        with tf.io.TFRecordWriter(os.path.join(d, name), options=tf.io.TFRecordOptions(compression_type=kind)) as w:
            for e in examples:
                w.write(e)
        got = [r.numpy() for r in tf.data.TFRecordDataset(os.path.join(d, name), compression_type=kind or None)]
        files[name] = {"compression": kind, "records": [r.hex() for r in got]}
    spec = {
        "id": tf.io.FixedLenFeature([], tf.int64),
        "score": tf.io.FixedLenFeature([2], tf.float32),
        "name": tf.io.FixedLenFeature([], tf.string),
        "opt": tf.io.FixedLenFeature([2], tf.int64, default_value=[7, 8]),
        "tokens": tf.io.VarLenFeature(tf.int64),
        "weights": tf.io.VarLenFeature(tf.float32),
        "tags": tf.io.VarLenFeature(tf.string),
    }
    parsed = tf.io.parse_example(tf.constant(examples), spec)
    out = {}
    for k, v in sorted(parsed.items()):
        if isinstance(v, tf.SparseTensor):
            out[k] = {"indices": rec(v.indices.numpy()), "values": rec(v.values.numpy()),
                      "dense_shape": rec(v.dense_shape.numpy())}
        else:
            out[k] = {"dense": rec(v.numpy())}
    # SequenceExample: a context plus feature lists of varying length.
    seqs = []
    for i in range(3):
        ctx = tf.train.Features(feature={"length": tf.train.Feature(int64_list=tf.train.Int64List(value=[i + 1]))})
        fl = tf.train.FeatureLists(feature_list={
            "frames": tf.train.FeatureList(feature=[tf.train.Feature(float_list=tf.train.FloatList(value=[i + 0.25 * t, -t]))
                                                    for t in range(i + 1)]),
            "words": tf.train.FeatureList(feature=[tf.train.Feature(bytes_list=tf.train.BytesList(value=[b"w%d" % t] * (t + 1)))
                                                   for t in range(i + 1)]),
        })
        seqs.append(tf.train.SequenceExample(context=ctx, feature_lists=fl).SerializeToString())
    with tf.io.TFRecordWriter(os.path.join(d, "sequences.tfrecord")) as w:
        for s in seqs:
            w.write(s)
    ctx, feat, lengths = tf.io.parse_sequence_example(
        tf.constant(seqs), context_features={"length": tf.io.FixedLenFeature([], tf.int64)},
        sequence_features={"frames": tf.io.FixedLenSequenceFeature([2], tf.float32),
                           "words": tf.io.VarLenFeature(tf.string)})
    seq_out = {"context": {"length": rec(ctx["length"].numpy())},
               "frames": rec(feat["frames"].numpy()), "frames_length": rec(lengths["frames"].numpy()),
               "words": {"indices": rec(feat["words"].indices.numpy()), "values": rec(feat["words"].values.numpy()),
                         "dense_shape": rec(feat["words"].dense_shape.numpy())}}
    manifest["tfrecord"] = {"files": files, "parsed": out, "sequence": seq_out,
                            "sequence_records": [s.hex() for s in seqs]}


def cli_convert():
    """What `tensorbridge convert examples.tfrecord out.npz` must write, by TensorFlow.

    The command infers each feature's spec from the records: the same number of values in
    every record gives tf.io.FixedLenFeature([length]), anything else tf.io.VarLenFeature.
    TensorFlow parses the committed file with that spec; the result goes to cli_convert.json,
    sparse features as NAME/indices, NAME/values and NAME/dense_shape.
    """
    path = os.path.join(ROOT, "tfrecord", "examples.tfrecord")
    records = [r.numpy() for r in tf.data.TFRecordDataset(path)]
    lengths, kinds = {}, {}
    for r in records:
        for name, feature in tf.train.Example.FromString(r).features.feature.items():
            kind = feature.WhichOneof("kind")
            kinds[name] = kind
            lengths.setdefault(name, []).append(len(getattr(feature, kind).value))
    dtypes = {"int64_list": tf.int64, "float_list": tf.float32, "bytes_list": tf.string}
    spec = {}
    for name, ls in lengths.items():
        fixed = len(ls) == len(records) and min(ls) == max(ls)
        spec[name] = tf.io.FixedLenFeature([ls[0]], dtypes[kinds[name]]) if fixed else tf.io.VarLenFeature(dtypes[kinds[name]])
    parsed = tf.io.parse_example(tf.constant(records), spec)
    out = {}
    for k, v in sorted(parsed.items()):
        if isinstance(v, tf.SparseTensor):
            out[k + "/indices"] = rec(v.indices.numpy())
            out[k + "/values"] = rec(v.values.numpy())
            out[k + "/dense_shape"] = rec(v.dense_shape.numpy())
        else:
            out[k] = rec(v.numpy())
    with open(os.path.join(ROOT, "cli_convert.json"), "w") as f:
        json.dump({"tensorflow": tf.__version__, "records": len(records), "tensors": out}, f, indent=1, sort_keys=True)
        f.write("\n")


def main():
    if sys.argv[1:] == ["--cli-only"]:  # leaves the other fixtures as committed
        cli_convert()
        return
    if os.path.exists(ROOT):
        shutil.rmtree(ROOT)
    os.makedirs(ROOT)
    manifest = {"tensorflow": tf.__version__, "numpy": np.__version__}
    keras_checkpoint(manifest)
    tf1_checkpoint(manifest)
    dtypes_checkpoint(manifest)
    saved_model(manifest)
    tfrecords(manifest)
    cli_convert()
    with open(os.path.join(ROOT, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
