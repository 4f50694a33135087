#!/usr/bin/env python3
"""Upstream conformance vectors for the file readers, with the verdict of each reference reader.

Run from the repository root with the project venv:

    .venv/bin/python scripts/generate_conformance_fixtures.py

Versions used for the committed file: NumPy 2.4.6, ml_dtypes 0.6.0, safetensors 0.8.0,
TensorFlow (tensorflow-cpu) 2.21.0, Python 3.11.

The vectors follow the upstream test suites (each names its source):
- numpy/numpy numpy/lib/tests/test_format.py and numpy/lib/tests/test_io.py (.npy, .npz),
- huggingface/safetensors safetensors/src/tensor.rs (the deserialization tests),
- tensorflow/tensorflow tensorflow/python/framework/tensor_util_test.py (TensorProto),
plus the narrow TensorFlow 2.21 dtypes through tf.make_tensor_proto.

Each vector's bytes are handed to the reference reader (np.load with allow_pickle=False,
safetensors.numpy.load, tf.make_ndarray); the output records whether it accepted them and,
if so, every tensor it read (TensorFlow dtype name, shape, little-endian C-order bytes as hex,
or each byte string as hex). Output: Tests/TensorBridgeFormatsTests/Fixtures/conformance.json.
"""
import io
import json
import os
import struct
import zipfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import ml_dtypes  # noqa: E402
import numpy as np  # noqa: E402
import safetensors  # noqa: E402
import safetensors.numpy as stnp  # noqa: E402
import tensorflow as tf  # noqa: E402
from tensorflow.core.framework import tensor_pb2  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "TensorBridgeFormatsTests",
                   "Fixtures", "conformance.json")

ML_NAMES = ["bfloat16", "float8_e4m3fn", "float8_e5m2", "float8_e4m3fnuz", "float8_e4m3b11fnuz",
            "float8_e5m2fnuz", "int4", "uint4", "int2", "uint2", "float4_e2m1fn"]


def tf_name(dt):
    dt = np.dtype(dt)
    for n in ML_NAMES:
        if dt == np.dtype(getattr(ml_dtypes, n)):
            return n
    return {"bool": "bool", "int8": "int8", "int16": "int16", "int32": "int32", "int64": "int64",
            "uint8": "uint8", "uint16": "uint16", "uint32": "uint32", "uint64": "uint64",
            "float16": "float16", "float32": "float32", "float64": "float64",
            "complex64": "complex64", "complex128": "complex128"}[dt.newbyteorder("=").name]


def record(name, arr):
    if isinstance(arr, bytes):  # np.load gives bytes for a non-.npy archive member
        return {"name": name, "dtype": "string", "shape": [], "strings": [arr.hex()]}
    arr = np.asarray(arr)
    quantized = None
    if arr.dtype.names:
        if len(arr.dtype.names) == 1 and arr.dtype.names[0] in ("qint8", "quint8", "qint16", "quint16", "qint32"):
            quantized = arr.dtype.names[0]  # TensorFlow's quantized NumPy dtypes are one-field records
            arr = arr[quantized]
        else:
            return {"name": name, "dtype": "structured " + str(arr.dtype), "shape": list(arr.shape)}
    if arr.dtype.kind in "SOU":
        flat = [x if isinstance(x, bytes) else str(x).encode("utf-8") for x in arr.reshape(-1)]
        return {"name": name, "dtype": "string", "shape": list(arr.shape), "strings": [x.hex() for x in flat]}
    le = arr.astype(arr.dtype.newbyteorder("<")) if arr.dtype.byteorder == ">" else arr
    return {"name": name, "dtype": quantized or tf_name(le.dtype), "shape": list(arr.shape),
            "hex": np.ascontiguousarray(le).tobytes().hex()}


def verdict(reader, data):
    try:
        return {"accepted": True, "tensors": reader(data)}
    except Exception as e:  # the reference refused: keep its reason for the reader of the test
        return {"accepted": False, "error": f"{type(e).__name__}: {e}"[:200]}


VECTORS = []


def add(fmt, source, name, data, reader, deviation=None):
    entry = {"format": fmt, "source": source, "name": name, "hex": data.hex()}
    entry.update(verdict(reader, data))
    if deviation:
        entry["deviation"] = deviation
    VECTORS.append(entry)


# --- .npy -----------------------------------------------------------------------------------
def read_npy(data):
    return [record("array", np.load(io.BytesIO(data), allow_pickle=False))]


def npy_bytes(arr, version=None):
    f = io.BytesIO()
    if version is None:
        np.save(f, arr, allow_pickle=True)
    else:
        np.lib.format.write_array(f, arr, version=version, allow_pickle=True)
    return f.getvalue()


def npy_with_header(header, data=b"", version=1, pad_to=64):
    body = header.encode("latin1")
    prelude = 10 if version == 1 else 12
    body += b" " * ((pad_to - (prelude + len(body) + 1) % pad_to) % pad_to) + b"\n"
    length = struct.pack("<H", len(body)) if version == 1 else struct.pack("<I", len(body))
    return b"\x93NUMPY" + bytes([version, 0]) + length + body + data


TF = "numpy/numpy numpy/lib/tests/test_format.py"
for label, arr in [
    ("scalar float64", np.array(1.5)), ("1-d int32", np.arange(5, dtype=np.int32)),
    ("2-d Fortran float32", np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3))),
    ("big-endian >i4", np.arange(4, dtype=">i4")), ("big-endian >c16", np.array([1 + 2j, 3 - 4j], ">c16")),
    ("bool", np.array([True, False, True])), ("uint64 max", np.array([np.iinfo(np.uint64).max], np.uint64)),
    ("empty (0,)", np.zeros((0,), np.float64)), ("empty (3, 0)", np.zeros((3, 0), np.int8)),
    ("bytes S5", np.array([b"ab", b"cdefg"])), ("unicode U3", np.array(["ab", "été"])),
    ("non-contiguous slice", np.arange(12, dtype=np.int16).reshape(3, 4)[:, ::2]),
]:
    add("npy", f"{TF}::test_roundtrip", label, npy_bytes(arr), read_npy)
add("npy", f"{TF}::test_version_2_0", "version 2.0", npy_bytes(np.arange(3.0), (2, 0)), read_npy)
add("npy", f"{TF}::test_version_2_0", "version 3.0", npy_bytes(np.arange(3, dtype=np.int16), (3, 0)), read_npy)
good = npy_bytes(np.arange(3, dtype=np.int32))
add("npy", f"{TF}::test_read_magic_bad_magic", "bad magic", b"\x93NUMPX" + good[6:], read_npy)
add("npy", f"{TF}::test_bad_magic_args", "version 0.0", good[:6] + b"\x00\x00" + good[8:], read_npy)
add("npy", f"{TF}::test_bad_magic_args", "version 4.0", good[:6] + b"\x04\x00" + good[8:], read_npy)
add("npy", f"{TF}::test_bad_header", "empty file", b"", read_npy)
add("npy", f"{TF}::test_bad_header", "magic only", b"\x93NUMPY\x01\x00", read_npy)
add("npy", f"{TF}::test_bad_header", "header shorter than its length",
    b"\x93NUMPY\x01\x00\x40\x00{'descr': '<i4'", read_npy)
add("npy", f"{TF}::test_bad_header", "missing fortran_order",
    npy_with_header("{'descr': '<i4', 'shape': (1,), }", b"\x01\x00\x00\x00"), read_npy)
add("npy", f"{TF}::test_bad_header", "extra key",
    npy_with_header("{'descr': '<i4', 'fortran_order': False, 'shape': (1,), 'extrakey': -1, }", b"\x01\x00\x00\x00"), read_npy)
add("npy", f"{TF}::test_bad_header", "descr 'x'",
    npy_with_header("{'descr': 'x', 'fortran_order': False, 'shape': (1, 2), }", b""), read_npy)
add("npy", f"{TF}::test_bad_header", "header is a list",
    npy_with_header("['descr', '<i4']", b""), read_npy)
add("npy", f"{TF}::test_bad_header", "negative dimension",
    npy_with_header("{'descr': '<i4', 'fortran_order': False, 'shape': (-1,), }", b""), read_npy)
add("npy", f"{TF}::test_bad_header", "fortran_order is 0",
    npy_with_header("{'descr': '<i4', 'fortran_order': 0, 'shape': (1,), }", b"\x01\x00\x00\x00"), read_npy)
add("npy", f"{TF}::test_large_header", "header over 10000 bytes",
    npy_with_header("{'descr': '<i4', 'fortran_order': False, 'shape': (1,), }" + " " * 12000, b"\x01\x00\x00\x00", version=2),
    read_npy)
add("npy", f"{TF}::test_pickle_disallow", "object array", npy_bytes(np.array([1, "a"], dtype=object)), read_npy)
add("npy", f"{TF}::test_memmap_roundtrip", "data shorter than the shape", good[:-4], read_npy)
add("npy", f"{TF}::test_roundtrip", "trailing bytes after the data", good + b"\x00" * 8, read_npy)
add("npy", f"{TF}::test_read_array_header_1_0", "16-byte aligned header (old writers)",
    npy_with_header("{'descr': '<i2', 'fortran_order': False, 'shape': (2,), }", b"\x01\x00\x02\x00", pad_to=16), read_npy)
add("npy", f"{TF}::test_descr_to_dtype", "structured dtype", npy_bytes(np.zeros(2, dtype="i4,f4")), read_npy,
    deviation="structured (record) dtypes have no tensor equivalent: refused with a clear error")

# --- .npz -----------------------------------------------------------------------------------
TI = "numpy/numpy numpy/lib/tests/test_io.py"


def read_npz(data):
    with np.load(io.BytesIO(data), allow_pickle=False) as z:
        return [record(k, z[k]) for k in z.files]


def npz(write):
    f = io.BytesIO()
    write(f)
    return f.getvalue()


add("npz", f"{TI}::TestSavezLoad::test_array", "savez positional",
    npz(lambda f: np.savez(f, np.arange(3, dtype=np.int32), np.ones((2, 2), np.float32))), read_npz)
add("npz", f"{TI}::TestSavezLoad::test_named_arrays", "savez named",
    npz(lambda f: np.savez(f, a=np.arange(2.0), b=np.array([b"x", b"yz"]))), read_npz)
add("npz", f"{TI}::TestSavezLoad::test_savez_compressed", "savez_compressed",
    npz(lambda f: np.savez_compressed(f, w=np.arange(100, dtype=np.int64))), read_npz)
add("npz", f"{TI}::TestSavezLoad::test_array", "empty archive", npz(lambda f: np.savez(f)), read_npz)


def raw_members(f):
    with zipfile.ZipFile(f, "w") as z:
        z.writestr("raw", npy_bytes(np.arange(4, dtype=np.uint8)))
        z.writestr("notes.txt", b"not an array")
        z.writestr("dir/inner.npy", npy_bytes(np.array([1.5], np.float32)))


add("npz", f"{TI}::TestSavezLoad::test_load_non_npy", "members without the .npy suffix", npz(raw_members), read_npz)
add("npz", f"{TI}::TestSavezLoad::test_closing_zipfile_after_load", "not a zip", b"PK\x03\x04garbage", read_npz)

# --- safetensors ----------------------------------------------------------------------------
TS = "huggingface/safetensors safetensors/src/tensor.rs"


def read_st(data):
    return [record(k, v) for k, v in stnp.load(data).items()]


def st(header, data=b"", length=None):
    h = header.encode() if isinstance(header, str) else header
    return struct.pack("<Q", len(h) if length is None else length) + h + data


I32 = '{"test":{"dtype":"I32","shape":[2,2],"data_offsets":[0,16]}}'
add("safetensors", f"{TS}::test_deserialization", "deserialization", st(I32, b"\0" * 16), read_st)
add("safetensors", f"{TS}::test_empty_shapes_allowed", "empty shape",
    st('{"test":{"dtype":"I32","shape":[],"data_offsets":[0,4]}}', b"\0" * 4), read_st)
add("safetensors", f"{TS}::test_zero_sized_tensor", "zero-sized tensor",
    st('{"test":{"dtype":"I32","shape":[2,0],"data_offsets":[0, 0]}}'), read_st)
add("safetensors", f"{TS}::test_metadata_incomplete_buffer", "trailing bytes",
    st(I32, b"\0" * 16 + b"extra_bogus_data_for_polyglot_file"), read_st)
add("safetensors", f"{TS}::test_metadata_incomplete_buffer", "missing data bytes", st(I32, b"\0" * 14), read_st)
add("safetensors", f"{TS}::test_header_too_large", "header too large",
    b"<\x00\x00\x00\x00\xff\xff\xff" + I32.encode() + b"\0" * 16, read_st)
add("safetensors", f"{TS}::test_header_too_small", "empty file", b"", read_st)
add("safetensors", f"{TS}::test_invalid_header_length", "header past the end", b"<\x00\x00\x00\x00\x00\x00\x00", read_st)
add("safetensors", f"{TS}::test_invalid_header_non_utf8", "header not UTF-8", st(b"\xff"), read_st)
add("safetensors", f"{TS}::test_invalid_header_not_json", "header not JSON", st("{"), read_st)
add("safetensors", f"{TS}::test_whitespace_padded_header", "trailing whitespace", st("{}\r \t\n"), read_st)
add("safetensors", "safetensors 0.8.0 behaviour (issue: leading whitespace)", "leading whitespace", st("\t\n{}\r "), read_st)
add("safetensors", f"{TS}::test_invalid_info", "wrong byte count",
    st('{"test":{"dtype":"I32","shape":[2,2],"data_offsets":[0, 4]}}'), read_st)
add("safetensors", f"{TS}::test_validation_overflow", "shape overflows u64",
    st('{"test":{"dtype":"I32","shape":[2,18446744073709551614],"data_offsets":[0,16]}}', b"\0" * 16), read_st)
add("safetensors", f"{TS}::test_validation_overflow", "bytes overflow",
    st('{"test":{"dtype":"I32","shape":[2,9223372036854775807],"data_offsets":[0,16]}}', b"\0" * 16), read_st)
attack = "{" + ",".join(f'"weight_{i}":{{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}}' for i in range(10)) + "}"
add("safetensors", f"{TS}::test_json_attack", "overlapping offsets", st(attack, b"\0" * 16), read_st)
add("safetensors", f"{TS}::test_serialization", "metadata",
    stnp.save({"a": np.arange(3, dtype=np.float32)}, metadata={"format": "np"}), read_st)
add("safetensors", f"{TS}::test_serialization", "metadata value not a string",
    st('{"__metadata__":{"k":1},"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}', b"\x07"), read_st)
add("safetensors", f"{TS}::test_serialization", "unknown dtype",
    st('{"a":{"dtype":"Q8","shape":[1],"data_offsets":[0,1]}}', b"\x07"), read_st)

# --- TensorProto ----------------------------------------------------------------------------
TU = "tensorflow/tensorflow tensorflow/python/framework/tensor_util_test.py"


def read_proto(data):
    return [record("tensor", tf.make_ndarray(tensor_pb2.TensorProto.FromString(data)))]


def proto(*args, **kwargs):
    return tf.make_tensor_proto(*args, **kwargs).SerializeToString()


for label, make in [
    ("testFloat", lambda: proto(10.0)), ("testFloatN", lambda: proto([10.0, 20.0, 30.0])),
    ("testFloatTyped", lambda: proto([10.0, 20.0, 30.0], dtype=tf.float32)),
    ("testFloatTypeCoerce", lambda: proto([10, 20, 30], dtype=tf.float32)),
    ("testFloatSizes", lambda: proto([10.0, 20.0, 30.0], shape=[1, 3])),
    ("testFloatSizes2", lambda: proto([10.0, 20.0, 30.0], shape=[3, 1])),
    ("testFloatSizesLessValues", lambda: proto(10.0, shape=[1, 3])),
    ("testFloatNpArrayFloat64", lambda: proto(np.array([[10.0, 20.0, 30.0]], dtype=np.float64))),
    ("testHalf", lambda: proto(np.array([10.0, 20.0], dtype=np.float16))),
    ("testBfloat16", lambda: proto(np.array([10.0, 20.0], dtype=ml_dtypes.bfloat16))),
    ("testInt", lambda: proto(10)), ("testIntN", lambda: proto([10, 20, 30], dtype=tf.int32)),
    ("testIntNShape", lambda: proto([10, 20, 30, 40, 50, 60], shape=[3, 2])),
    ("testIntTypes int8", lambda: proto([10, 20, 30], dtype=tf.int8)),
    ("testIntTypes uint16", lambda: proto([10, 20, 30], dtype=tf.uint16)),
    ("testLong", lambda: proto(np.int64(10))), ("testLongN", lambda: proto([10, 20, 30], shape=[1, 3], dtype=tf.int64)),
    ("testUint32", lambda: proto(np.array([10, 20], np.uint32))), ("testUint64", lambda: proto(np.array([2**63 + 1], np.uint64))),
    ("testQint8", lambda: proto(np.array([10, 20, 30], np.int8), dtype=tf.qint8)),
    ("testString", lambda: proto("foo")), ("testStringWithImplicitRepeat", lambda: proto(["f", "g"], shape=[3, 4])),
    ("testStringN", lambda: proto([b"foo", b"bar", b"baz"], shape=[1, 3])),
    ("testStringNpArray", lambda: proto(np.array([[b"a", b"ab"], [b"abc", b"abcd"]]))),
    ("testComplex64", lambda: proto(1 + 2j, dtype=tf.complex64)),
    ("testComplex128N", lambda: proto([1 + 2j, 3 + 4j, 5 + 6j], shape=[1, 3], dtype=tf.complex128)),
    ("testBool", lambda: proto(True)), ("testBoolN", lambda: proto([True, False, True])),
    ("testShapeEquals empty", lambda: proto(np.zeros((0, 3), np.float32))),
]:
    add("proto", f"{TU}::{label.split()[0]}", label, make(), read_proto)
# Narrow TensorFlow 2.21 dtypes, as tf.make_tensor_proto writes them.
for n in ["int4", "uint4", "int2", "uint2", "float4_e2m1fn", "float8_e4m3fnuz", "float8_e4m3b11fnuz", "float8_e5m2fnuz"]:
    vals = [1, 0, 1, 1] if n.startswith("u") else [1, 0, -1, 1]
    a = np.array(vals, np.float32).astype(getattr(ml_dtypes, n))
    add("proto", "tf.make_tensor_proto (TensorFlow 2.21 narrow dtypes)", f"{n} x4", proto(a), read_proto)
    if not n.endswith("fnuz"):
        add("proto", "tf.make_tensor_proto (TensorFlow 2.21 narrow dtypes)", f"{n} x1", proto(a[:1]), read_proto)
# Malformed protos make_ndarray refuses.
p = tensor_pb2.TensorProto()
p.dtype = 1
p.tensor_shape.dim.add().size = 2
p.float_val.extend([1.0, 2.0, 3.0])
add("proto", f"{TU}::testTooManyValues", "more values than elements", p.SerializeToString(), read_proto)
p = tensor_pb2.TensorProto()
p.dtype = 1
p.tensor_shape.dim.add().size = 2
p.tensor_content = b"\0" * 12
add("proto", f"{TU}::testTensorContentSize", "tensor_content of the wrong size", p.SerializeToString(), read_proto)
p = tensor_pb2.TensorProto()
p.dtype = 20
add("proto", f"{TU}::testUnsupportedDTypes", "resource dtype", p.SerializeToString(), read_proto)
add("proto", f"{TU}::testUnsupportedDTypes", "malformed wire data", b"\x08\x01\x12\xff", read_proto)

with open(OUT, "w") as f:
    json.dump({"versions": {"numpy": np.__version__, "ml_dtypes": ml_dtypes.__version__,
                            "safetensors": safetensors.__version__, "tensorflow": tf.__version__},
               "vectors": VECTORS}, f, indent=1)
print(f"wrote {len(VECTORS)} vectors to {OUT}")
