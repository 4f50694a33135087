"""Writes the core runtime's golden files under Tests/TensorBridgeTests/Golden/core/:

- cast.json: tf.cast and tf.dtypes.saturate_cast results for every pair of numeric dtypes on
  edge-case inputs, as raw little-endian bytes (hex), so the Swift tests compare bit for bit.
  "vector" is TensorFlow's vectorized (Eigen packet) result for each input, TensorBridge's
  contract for every element; "scalar" and "mixed" record TensorFlow's scalar-tail results,
  which differ for out-of-range floats to integers and for negative NaN to bfloat16;
- dtypes.json: every dtype's TensorFlow name, enum value and size;
- devices.json: tf.DeviceSpec parsing (canonical strings and error messages), physical device
  names, a tensor's device string, and the strict-placement error.

Reference: TensorFlow 2.21.0 (CPU, x86-64), NumPy 2.4.6, ml_dtypes 0.6.0 — the versions
pinned in scripts/requirements.txt. Run with the project's venv:

    .venv/bin/python scripts/generate_core_goldens.py
"""
import json
import os
import pathlib

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import ml_dtypes  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

GOLDEN = pathlib.Path(__file__).resolve().parent.parent / "Tests/TensorBridgeTests/Golden/core"
OUT = GOLDEN / "cast.json"
SPECS = ["/cpu:0", "CPU", "/device:CPU:0", "/GPU:0", "/gpu:1", "GPU:*", "/CPU:*",
         "/job:localhost/replica:0/task:0/device:GPU:1", "/job:localhost/replica:0/task:0/device:CPU:0",
         "/replica:1/task:2", "/job:worker", "", "foo", "/job:worker/foo:1", "/CPU:0/GPU:0", "cpu:x",
         "/device:GPU", "/task:z"]
ALL_DTYPES = ["float16", "bfloat16", "float32", "float64", "int8", "int16", "int32", "int64",
              "uint8", "uint16", "uint32", "uint64", "bool", "complex64", "complex128", "string",
              "qint8", "quint8", "qint16", "quint16", "qint32", "float8_e4m3fn", "float8_e5m2",
              "resource", "variant"]
# TensorFlow 2.21's narrow dtypes (storage only).
ALL_DTYPES += ["float8_e4m3fnuz", "float8_e4m3b11fnuz", "float8_e5m2fnuz", "int4", "uint4", "int2", "uint2",
               "float4_e2m1fn"]


def write_dtypes():
    rows = []
    for name in ALL_DTYPES:
        d = tf.as_dtype(name)
        rows.append({"name": d.name, "enum": d.as_datatype_enum,
                     "size": d.size if name not in ("string", "resource", "variant") else None,
                     "isFloating": d.is_floating, "isComplex": d.is_complex,
                     "isQuantized": d.is_quantized, "isUnsigned": d.is_unsigned})
    (GOLDEN / "dtypes.json").write_text(json.dumps(rows, indent=1))


def write_devices():
    specs = []
    for s in SPECS:
        try:
            specs.append({"spec": s, "canonical": tf.DeviceSpec.from_string(s).to_string()})
        except ValueError as e:
            specs.append({"spec": s, "error": str(e)})
    physical = [{"name": d.name, "type": d.device_type} for d in tf.config.list_physical_devices()]
    x = tf.constant([1.0])
    tf.config.set_soft_device_placement(True)
    with tf.device("/GPU:0"):
        soft = tf.identity(x).device
    tf.config.set_soft_device_placement(False)
    strict = None
    try:
        with tf.device("/GPU:0"):
            _ = x + 1
    except tf.errors.InvalidArgumentError as e:
        strict = e.message
    tf.config.set_soft_device_placement(True)
    (GOLDEN / "devices.json").write_text(json.dumps({
        "specs": specs, "physical": physical, "tensorDevice": x.device,
        "softPlacedDevice": soft, "strictPlacementError": strict}, indent=1))

DTYPES = {
    "float32": np.float32, "float64": np.float64, "float16": np.float16,
    "bfloat16": ml_dtypes.bfloat16,
    "int8": np.int8, "int16": np.int16, "int32": np.int32, "int64": np.int64,
    "uint8": np.uint8, "uint16": np.uint16, "uint32": np.uint32, "uint64": np.uint64,
    "bool": np.bool_, "complex64": np.complex64, "complex128": np.complex128,
}

FLOATS = [0.0, -0.0, 0.4, -0.6, 1.5, -1.5, 2.5, -1.0, 127.9, 128.0, -129.0, 255.0, 256.0, 300.0,
          -300.0, 65535.9, 65536.0, 1e10, -1e10, 2147483520.0, 2147483648.0, -2147483648.0,
          -2147483904.0, 4294967296.0, 9.2e18, -9.3e18, 1.8e19, 2e19, 3e38, float("inf"),
          float("-inf"), float("nan"), 1e-40, 100.7,
          # Values whose packet results are not plain saturation (float16 32768…65504 → uint8
          # gives 0; float64 65535.5 → uint8 gives 0), and a NaN with its sign bit set.
          2049.0, 32768.0, 40000.0, 65504.0, 65535.5, -40000.0, -float("nan")]
INTS = [0, 1, -1, 127, 128, -128, -129, 255, 256, 32767, 32768, 65535, 65536, 2**31 - 1, 2**31,
        -2**31, 2**32 - 1, 2**53 + 1, 2**63 - 1, -2**63, 1234567891011]


def inputs(name):
    dtype = DTYPES[name]
    if name == "bool":
        return np.array([False, True, True, False], dtype=np.bool_)
    if name.startswith("complex"):
        reals = np.array(FLOATS, dtype=np.float64)
        return (reals + 1j * reals[::-1]).astype(dtype)
    if name.startswith(("float", "bfloat")):
        with np.errstate(over="ignore"):
            return np.array(FLOATS, dtype=np.float64).astype(dtype)
    bits = np.iinfo(dtype).bits
    wrapped = [v & ((1 << bits) - 1) for v in INTS]
    return np.array(wrapped, dtype=np.uint64).astype(np.dtype(dtype).newbyteorder("<").str.replace("i", "u"), casting="unsafe").view(dtype)


def run(op, x, dst):
    return np.ascontiguousarray(op(tf.constant(x), getattr(tf, dst)).numpy())


INT64_BUG = ("TensorFlow 2.21's saturate_cast from int64 computes its upper limit as "
             "np.int64(float(2**63 - 1)), which overflows to INT64_MIN, and so clamps every value "
             "to INT64_MIN. TensorBridge clamps correctly; the expected values here are tf.cast "
             "of the input clipped exactly to the destination's integer range.")


def saturate_int64_correctly(x, dst):
    """saturate_cast for an int64 tensor without TensorFlow's limit overflow."""
    if dst in ("float16", "bfloat16", "float32", "float64", "complex64", "complex128"):
        limit = float(np.finfo(ml_dtypes.bfloat16 if dst == "bfloat16" else DTYPES[dst]).max)
        lo = max(np.iinfo(np.int64).min, int(-limit)) if limit < 2.0**63 else np.iinfo(np.int64).min
        hi = min(np.iinfo(np.int64).max, int(limit)) if limit < 2.0**63 else np.iinfo(np.int64).max
    elif dst == "bool":
        lo, hi = 0, 1
    else:
        info = np.iinfo(DTYPES[dst])
        lo, hi = max(info.min, np.iinfo(np.int64).min), min(info.max, np.iinfo(np.int64).max)
    clipped = np.clip(x, np.int64(lo), np.int64(hi))
    return tf.cast(tf.constant(clipped), getattr(tf, dst))


def saturate(x, dtype):
    if x.dtype == tf.int64:
        return saturate_int64_correctly(x.numpy(), dtype.name)
    return tf.dtypes.saturate_cast(x, dtype)


PAD = 64          # in-range values between probes, so each probe sits inside a packet body
LARGE = (1 << 20) + 13  # not a multiple of any packet size; above TensorFlow's sharding threshold (~100k elements): shard tails move


def packet_values(op, x, dst):
    """Each value of x placed inside the vector body of a tensor small enough not to shard.

    The pad is zero (in range for every dtype). Returns the results at the probe positions.
    """
    n = len(x)
    probe = np.zeros(n * (PAD + 1) + PAD, dtype=x.dtype)
    probe[PAD::PAD + 1][:n] = x
    out = run(op, probe, dst)
    return out[PAD::PAD + 1][:n]


def bulk_mismatches(op, x, dst, vector):
    """How many elements of a 1M tiled tensor differ from the packet value of their input.

    These are TensorFlow's shard tails (scalar code), whose positions depend on its thread
    pool; the generator only checks that they are a small minority.
    """
    reps = LARGE // len(x) + 1
    out = run(op, np.tile(x, reps)[:LARGE], dst)
    want = np.tile(vector, reps)[:LARGE]
    differs = out.view(np.uint8).reshape(LARGE, -1) != want.view(np.uint8).reshape(LARGE, -1)
    return int(differs.any(axis=1).sum())


def main():
    # TensorFlow's CPU cast runs Eigen packets over the largest multiple of the packet size
    # of each shard and scalar code over the rest, and the two disagree for out-of-range
    # floats to small integers and negative NaN to bfloat16. TensorBridge gives every element
    # the packet value ("vector": every value in a long tensor). The generator checks that
    # value two more ways: each value alone inside a padded body ("packet"), and the bulk of a
    # 1M-element tensor, which TensorFlow shards across its thread pool. "scalar" (each value
    # alone, all tail code) and "mixed" (95 elements) record TensorFlow's tail results.
    cases = []
    skipped = []
    for src in DTYPES:
        x = inputs(src)
        long_x = np.tile(x, 64)
        mixed_x = np.tile(x, 3)[:95]
        for dst in DTYPES:
            for mode, op in (("cast", tf.cast), ("saturate", saturate)):
                try:
                    vector = run(op, long_x, dst)[:len(x)]
                    scalar = np.concatenate([run(op, x[i:i + 1], dst) for i in range(len(x))])
                    mixed = run(op, mixed_x, dst)
                except Exception as e:  # noqa: BLE001 - record TF's refusals, not our guess
                    skipped.append({"source": src, "destination": dst, "mode": mode, "error": type(e).__name__})
                    continue
                if mode == "saturate" and src == "int64":
                    # Only where TensorFlow's own op runs at all.
                    try:
                        tf.dtypes.saturate_cast(tf.constant(x), getattr(tf, dst))
                    except Exception as e:  # noqa: BLE001
                        skipped.append({"source": src, "destination": dst, "mode": mode, "error": type(e).__name__})
                        continue
                packet = packet_values(op, x, dst)
                if packet.tobytes() != vector.tobytes():
                    raise SystemExit(f"{mode} {src}->{dst}: the padded-body value differs from the long tensor's")
                bulk = bulk_mismatches(op, x, dst, vector)
                if bulk > LARGE // 100:
                    raise SystemExit(f"{mode} {src}->{dst}: {bulk} of {LARGE} elements differ from the packet value")
                cases.append({
                    "note": INT64_BUG if mode == "saturate" and src == "int64" else "",
                    "source": src, "destination": dst, "mode": mode, "input": x.tobytes().hex(),
                    "vector": vector.tobytes().hex(), "scalar": scalar.tobytes().hex(),
                    "mixed": mixed.tobytes().hex(), "largeTailElements": bulk,
                })
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"tensorflow": tf.__version__, "numpy": np.__version__,
                               "largeElements": LARGE, "cases": cases, "refusedByTensorFlow": skipped}, indent=0))
    write_dtypes()
    write_devices()
    print(f"wrote {len(cases)} cases ({len(skipped)} refused by TF) to {OUT}")


if __name__ == "__main__":
    main()
