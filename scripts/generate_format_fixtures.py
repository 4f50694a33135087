#!/usr/bin/env python3
"""Writes the committed test fixtures for TensorBridgeFormats with the real libraries.

Run from the repository root with the project venv:

    .venv/bin/python scripts/generate_format_fixtures.py

Versions used for the committed files: NumPy 2.4.6, ml_dtypes 0.6.0, safetensors 0.8.0,
TensorFlow (tensorflow-cpu) 2.21.0, Python 3.11.

Output: Tests/TensorBridgeFormatsTests/Fixtures/{npy,npz,safetensors,proto}/ and
manifest.json, which lists every tensor each fixture holds with the values the reference
library reads back (np.load, safetensors.numpy.load_file, tf.make_ndarray) as the hex of
the little-endian C-order bytes (or the hex of each byte string for string tensors).
"""
import json
import os
import shutil
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import ml_dtypes
import numpy as np
import safetensors
import safetensors.numpy as stnp
import tensorflow as tf
from google.protobuf import text_format

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "TensorBridgeFormatsTests", "Fixtures")

TF_NAME = {
    np.dtype(np.bool_): "bool", np.dtype(np.int8): "int8", np.dtype(np.int16): "int16",
    np.dtype(np.int32): "int32", np.dtype(np.int64): "int64", np.dtype(np.uint8): "uint8",
    np.dtype(np.uint16): "uint16", np.dtype(np.uint32): "uint32", np.dtype(np.uint64): "uint64",
    np.dtype(np.float16): "float16", np.dtype(np.float32): "float32", np.dtype(np.float64): "float64",
    np.dtype(np.complex64): "complex64", np.dtype(np.complex128): "complex128",
    np.dtype(ml_dtypes.bfloat16): "bfloat16", np.dtype(ml_dtypes.float8_e4m3fn): "float8_e4m3fn",
    np.dtype(ml_dtypes.float8_e5m2): "float8_e5m2",
}

NUMERIC = [np.bool_, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32,
           np.uint64, np.float16, np.float32, np.float64, np.complex64, np.complex128]


def values(dtype, shape=(2, 3)):
    """Deterministic values with negatives, fractions and extremes where the dtype allows."""
    n = int(np.prod(shape))
    dt = np.dtype(dtype)
    base = (np.arange(n, dtype=np.float64) - n / 2) * 1.75
    if dt == np.bool_:
        a = (np.arange(n) % 3) == 1
    elif dt.kind in "iu":
        info = np.iinfo(dt)
        a = np.array([int(v) % (int(info.max) + 1) if dt.kind == "u" else int(v) for v in base], dtype=dt)
        if n >= 2:
            a[0] = info.max
            a[-1] = info.min
    elif dt.kind == "c":
        a = (base + 1j * (base[::-1] / 3)).astype(dt)
    else:
        a = base.astype(dt)
    return a.reshape(shape)


def record(arr):
    if arr.dtype.kind in "SO":
        flat = [x if isinstance(x, bytes) else str(x).encode() for x in arr.reshape(-1)]
        return {"dtype": "string", "shape": list(arr.shape), "strings": [x.hex() for x in flat]}
    if arr.dtype.kind == "U":
        flat = [str(x).encode("utf-8") for x in arr.reshape(-1)]
        return {"dtype": "string", "shape": list(arr.shape), "strings": [x.hex() for x in flat]}
    le = arr.astype(arr.dtype.newbyteorder("<")) if arr.dtype.byteorder == ">" else arr
    name = TF_NAME[np.dtype(le.dtype).newbyteorder("=")]
    return {"dtype": name, "shape": list(arr.shape), "hex": np.ascontiguousarray(le).tobytes().hex()}


def main():
    if os.path.isdir(ROOT):
        for sub in ("npy", "npz", "safetensors", "proto"):
            shutil.rmtree(os.path.join(ROOT, sub), ignore_errors=True)
    for sub in ("npy", "npz", "safetensors", "proto", "safetensors/sharded"):
        os.makedirs(os.path.join(ROOT, sub), exist_ok=True)
    manifest = {"versions": {"numpy": np.__version__, "safetensors": safetensors.__version__,
                             "tensorflow": tf.__version__, "ml_dtypes": ml_dtypes.__version__},
                "npy": {}, "npz": {}, "safetensors": {}, "proto": {}}

    # .npy: every dtype, C and Fortran order, big-endian, scalars, empty, strings, v2/v3.
    def save_npy(name, arr, version=None, voidAs=None):
        path = os.path.join(ROOT, "npy", name + ".npy")
        if version is None:
            np.save(path, arr)
        else:
            with open(path, "wb") as f:
                np.lib.format.write_array(f, arr, version=version)
        back = np.load(path)
        entry = record(back.view(arr.dtype) if voidAs else back)
        if voidAs:
            entry["voidAs"] = voidAs
        manifest["npy"][name + ".npy"] = entry

    for dt in NUMERIC:
        name = np.dtype(dt).name
        save_npy(name, values(dt))
        save_npy(name + "_fortran", np.asfortranarray(values(dt, (2, 3, 4))))
        if np.dtype(dt).itemsize > 1:
            save_npy(name + "_be", values(dt).astype(np.dtype(dt).newbyteorder(">")))
        save_npy(name + "_scalar", np.array(values(dt, (1,))[0]))
    save_npy("float32_empty", np.zeros((0, 3), np.float32))
    save_npy("bfloat16", values(np.float32).astype(ml_dtypes.bfloat16), voidAs="bfloat16")
    save_npy("float8_e4m3fn", values(np.float32).astype(ml_dtypes.float8_e4m3fn), voidAs="float8_e4m3fn")
    save_npy("bytes_S", np.array([[b"ab", b"", b"xyz"], [b"q", b"\x00a", b"hello"]]))
    save_npy("unicode_U", np.array(["héllo", "", "日本"]))
    save_npy("unicode_U_be", np.array(["héllo", "x", "日本"]).astype(">U5"))
    save_npy("float64_v2", values(np.float64), version=(2, 0))
    save_npy("int16_v3", values(np.int16), version=(3, 0))
    save_npy("float32_4d_fortran", np.asfortranarray(values(np.float32, (2, 3, 1, 5))))

    # .npz: savez (stored) and savez_compressed (deflated), positional and named entries.
    named = {"weights": values(np.float32, (3, 4)), "bias": values(np.float64, (4,)),
             "mask": values(np.bool_, (2, 2)), "big": values(np.int64).astype(">i8")}
    np.savez(os.path.join(ROOT, "npz", "stored.npz"), **named)
    np.savez_compressed(os.path.join(ROOT, "npz", "deflated.npz"), **named)
    np.savez(os.path.join(ROOT, "npz", "positional.npz"), values(np.int32), values(np.uint8, (5,)))
    for fname in ("stored.npz", "deflated.npz", "positional.npz"):
        with np.load(os.path.join(ROOT, "npz", fname)) as z:
            manifest["npz"][fname] = [dict(record(z[k]), name=k) for k in z.files]

    # safetensors: every dtype safetensors.numpy writes, with metadata, and a sharded checkpoint.
    st = {f"t_{np.dtype(dt).name}": values(dt) for dt in NUMERIC if dt != np.complex128}
    st["t_bfloat16"] = values(np.float32).astype(ml_dtypes.bfloat16)
    st["scalar"] = np.array(3.5, np.float32)
    st["empty"] = np.zeros((0, 4), np.float32)
    meta = {"format": "np", "note": "TensorBridge fixture"}
    stnp.save_file(st, os.path.join(ROOT, "safetensors", "all.safetensors"), metadata=meta)
    # Without metadata (whose order the Rust writer does not fix) the bytes are reproducible.
    stnp.save_file(st, os.path.join(ROOT, "safetensors", "all_nometa.safetensors"))
    stnp.save_file({"only": values(np.float32)}, os.path.join(ROOT, "safetensors", "nometa.safetensors"))
    for fname in ("all.safetensors", "all_nometa.safetensors", "nometa.safetensors"):
        loaded = stnp.load_file(os.path.join(ROOT, "safetensors", fname))
        manifest["safetensors"][fname] = [dict(record(v), name=k) for k, v in sorted(loaded.items())]
    manifest["safetensors"]["all.safetensors.metadata"] = meta
    # safetensors.numpy 0.8 writes float8 but cannot load it back (it looks for np.float8_*),
    # so the expected values here are the arrays that were saved.
    f8 = {"e4m3": values(np.float32).astype(ml_dtypes.float8_e4m3fn),
          "e5m2": values(np.float32).astype(ml_dtypes.float8_e5m2)}
    stnp.save_file(f8, os.path.join(ROOT, "safetensors", "float8.safetensors"))
    manifest["safetensors"]["float8.safetensors"] = [dict(record(v), name=k) for k, v in sorted(f8.items())]
    shards = [{"a.weight": values(np.float32, (2, 2)), "a.bias": values(np.float32, (2,))},
              {"b.weight": values(np.float16, (3, 2))}]
    weight_map = {}
    for i, shard in enumerate(shards):
        fname = f"model-{i + 1:05d}-of-{len(shards):05d}.safetensors"
        stnp.save_file(shard, os.path.join(ROOT, "safetensors", "sharded", fname))
        weight_map.update({k: fname for k in shard})
    with open(os.path.join(ROOT, "safetensors", "sharded", "model.safetensors.index.json"), "w") as f:
        json.dump({"metadata": {"total_size": 26}, "weight_map": weight_map}, f, indent=2)
    manifest["safetensors"]["sharded"] = [dict(record(v), name=k) for shard in shards for k, v in sorted(shard.items())]

    # TensorProto: make_tensor_proto (content for size > 1, typed fields otherwise),
    # padding with the last value, and serialize_tensor.
    tf_dtypes = [tf.bool, tf.int8, tf.int16, tf.int32, tf.int64, tf.uint8, tf.uint16, tf.uint32,
                 tf.uint64, tf.float16, tf.bfloat16, tf.float32, tf.float64, tf.complex64,
                 tf.complex128, tf.dtypes.as_dtype(ml_dtypes.float8_e4m3fn),
                 tf.dtypes.as_dtype(ml_dtypes.float8_e5m2)]

    def save_proto(name, proto, source):
        raw = proto.SerializeToString()
        with open(os.path.join(ROOT, "proto", name + ".pb"), "wb") as f:
            f.write(raw)
        with open(os.path.join(ROOT, "proto", name + ".pbtxt"), "w") as f:
            f.write(text_format.MessageToString(proto))
        arr = tf.make_ndarray(proto)
        entry = record(arr)
        entry["source"] = source
        manifest["proto"][name] = entry

    for d in tf_dtypes:
        np_dt = d.as_numpy_dtype
        base = values(np.float32) if d in (tf.bfloat16,) or d.name.startswith("float8") else values(np_dt)
        arr = base.astype(np_dt)
        save_proto(f"make_{d.name}", tf.make_tensor_proto(arr), "make_tensor_proto")
        save_proto(f"make_{d.name}_scalar", tf.make_tensor_proto(arr.reshape(-1)[1]), "make_tensor_proto")
        save_proto(f"make_{d.name}_empty", tf.make_tensor_proto(np.zeros((0, 2), np_dt)), "make_tensor_proto")
        save_proto(f"make_{d.name}_padded", tf.make_tensor_proto(arr.reshape(-1)[:2], shape=[2, 3]), "make_tensor_proto")
        if d.name.startswith("float8"):
            continue  # TF 2.21 has no CPU SerializeTensor kernel for float8.
        t = tf.constant(arr)
        serialized = tf.io.serialize_tensor(t).numpy()
        p = tf.make_tensor_proto(0)
        p.ParseFromString(serialized)
        save_proto(f"serialize_{d.name}", p, "serialize_tensor")
    strings = np.array([[b"ab", b"c\x00d", b""], [b"\xff\xfe", b"hello", b"x"]], dtype=object)
    save_proto("make_string", tf.make_tensor_proto(strings), "make_tensor_proto")
    save_proto("make_string_padded", tf.make_tensor_proto([b"a", b"bc"], shape=[4]), "make_tensor_proto")
    p = tf.make_tensor_proto(0)
    p.ParseFromString(tf.io.serialize_tensor(tf.constant(strings.astype(bytes))).numpy())
    save_proto("serialize_string", p, "serialize_tensor")
    save_proto("make_float32_fill", tf.make_tensor_proto(7.0, shape=[2, 3]), "make_tensor_proto")

    with open(os.path.join(ROOT, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
    print("wrote fixtures to", os.path.normpath(ROOT), file=sys.stderr)


if __name__ == "__main__":
    main()
