"""Writes the golden files for the TensorFlow-exact ops (random, image, sparse).

Run from the repository root with the project's venv:

    .venv/bin/python scripts/generate_op_goldens.py

Produced with TensorFlow 2.21.0 (CPU) and NumPy 2.4.6 on Linux x86-64. Everything is
written under Tests/TensorBridgeTests/Golden/ops/: small .npy files plus index.json, which
lists each case and the file (and slice) holding its expected output. Float outputs are
stored as their raw bits (uint16/uint32/uint64) so the Swift tests compare bit for bit.
"""
import json
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np
import tensorflow as tf
from golden_support import BITS, Pool, tf_error

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "TensorBridgeTests", "Golden", "ops")
os.makedirs(OUT, exist_ok=True)
index = {"tensorflow": tf.__version__, "numpy": np.__version__}

DT = {"float32": tf.float32, "float64": tf.float64, "float16": tf.float16, "bfloat16": tf.bfloat16,
      "uint8": tf.uint8, "uint16": tf.uint16, "int8": tf.int8, "int32": tf.int32, "int64": tf.int64}


def bits(t):
    """A tensor's values as raw unsigned bits (bfloat16 included), flattened."""
    a = t.numpy()
    return a.reshape(-1).view(BITS[a.dtype.itemsize]).copy()


def save(name, array):
    np.save(os.path.join(OUT, name), np.ascontiguousarray(array))
    return name


pool = Pool(OUT)


def message(fn):
    """TensorFlow's error type and text without the op wrapper it adds in eager mode."""
    e, text = tf_error(fn)
    return {"type": type(e).__name__, "message": text}


# --- Random: stateless ---------------------------------------------------------------
seeds = [(1, 2), (0, 0), (-1, -1), (42, -7), (2**31, 5), (-(2**40), 123456789012), (7, 0),
         (2**63 - 1, -(2**63))]
shapes = [[], [1], [2, 3], [7], [10], [3, 5, 3]]
cases = []
for dtype in ["float32", "float64", "float16", "bfloat16"]:
    for seed in seeds:
        for shape in shapes:
            for op in ["normal", "uniform"]:
                if op == "normal":
                    t = tf.random.stateless_normal(shape, seed=seed, dtype=DT[dtype])
                else:
                    t = tf.random.stateless_uniform(shape, seed=seed, dtype=DT[dtype])
                cases.append({"op": op, "seed": list(seed), "shape": shape, "dtype": dtype, **pool.add(bits(t))})
    # Parameters, and sizes that cross the parallel split.
    n = 40001 if dtype != "float64" else 20001
    t = tf.random.stateless_normal([n], seed=[3, 4], mean=2.5, stddev=0.3, dtype=DT[dtype])
    cases.append({"op": "normal", "seed": [3, 4], "shape": [n], "dtype": dtype, "mean": 2.5, "stddev": 0.3, **pool.add(bits(t))})
    t = tf.random.stateless_uniform([1001], seed=[-5, 9], minval=-3.0, maxval=5.5, dtype=DT[dtype])
    cases.append({"op": "uniform", "seed": [-5, 9], "shape": [1001], "dtype": dtype, "minval": -3.0, "maxval": 5.5, **pool.add(bits(t))})
index["stateless"] = cases

# --- Random: stateful ------------------------------------------------------------------
stateful = []


def record(name, calls):
    """calls: list of (op, shape, dtype, seed) made in order after the setup."""
    out = []
    for op, shape, dtype, seed in calls:
        f = tf.random.normal if op == "normal" else tf.random.uniform
        t = f(shape, dtype=DT[dtype], seed=seed)
        out.append({"op": op, "shape": shape, "dtype": dtype, "seed": seed, **pool.add(bits(t))})
    stateful.append({"name": name, **SETUP, "calls": out})


for g in [1, 0, 12345, -77, 2**40 + 3]:
    SETUP = {"globalSeed": g}
    tf.random.set_seed(g)
    record(f"set_seed({g}) with op seeds", [("normal", [2, 3], "float32", 2), ("normal", [2, 3], "float32", 2),
                                             ("normal", [5], "float64", 2), ("uniform", [6], "float32", 2),
                                             ("normal", [2, 3], "float32", 2)])
    tf.random.set_seed(g)
    record(f"set_seed({g}) without op seeds", [("normal", [2, 3], "float32", None), ("normal", [7], "float32", None),
                                                ("uniform", [3], "float16", None), ("normal", [4], "bfloat16", None)])
# Only an op seed: the global seed is TensorFlow's default.
tf.random.set_seed(None) if False else None
SETUP = {"globalSeed": None}
from tensorflow.python.eager import context  # noqa: E402

context.context()._set_global_seed(None)  # what a fresh process has
record("op seed only", [("normal", [2, 3], "float32", 2), ("normal", [2, 3], "float32", 2), ("normal", [3], "float32", -9)])
index["stateful"] = stateful

# --- Random: tf.random.Generator (finalState as signed int64 words) - -------------------------------------------------------
generators = []
for s in [1234, 0, -3]:
    g = tf.random.Generator.from_seed(s)
    calls = []
    for op, shape, dtype in [("normal", [2, 3], "float32"), ("uniform", [5], "float64"), ("normal", [9], "float16")]:
        t = g.normal(shape, dtype=DT[dtype]) if op == "normal" else g.uniform(shape, dtype=DT[dtype])
        calls.append({"op": op, "shape": shape, "dtype": dtype, **pool.add(bits(t))})
    generators.append({"seed": s, "calls": calls, "finalState": [int(x) for x in g.state.numpy()]})
index["generators"] = generators

# --- Image: grayscale over the whole uint8 cube -----------------------------------------
cube = np.arange(1 << 24, dtype=np.uint32)
rgb = np.stack([(cube >> 16) & 255, (cube >> 8) & 255, cube & 255], axis=-1).astype(np.uint8)
gray = tf.image.rgb_to_grayscale(rgb).numpy().reshape(-1)
BLOCK = 4096
P = np.uint64(0x100000001B3)
powers = np.cumprod(np.full(BLOCK, P, dtype=np.uint64), dtype=np.uint64)  # P^1..P^BLOCK, wrapping
blocks = (gray.reshape(-1, BLOCK).astype(np.uint64) + np.uint64(1)) * powers
index["grayscaleCube"] = {"file": save("gray_cube_hashes.npy", blocks.sum(axis=1, dtype=np.uint64)),
                          "blockSize": BLOCK, "multiplier": int(P),
                          "hash": "sum over the block of (gray[i] + 1) * P^(i+1) mod 2^64, i from 0"}

rng = np.random.default_rng(7)
gray_cases = []
for dtype in ["float32", "float64", "float16", "bfloat16", "uint8", "uint16", "int8", "int32"]:
    shape = [2, 5, 7, 3]
    if dtype.startswith("float") or dtype == "bfloat16":
        x = rng.uniform(-0.5, 1.5, size=shape)
    else:
        info = np.iinfo(dtype)
        x = rng.integers(info.min, info.max, size=shape, endpoint=True)
    xt = tf.cast(tf.constant(x), DT[dtype])
    gray_cases.append({"dtype": dtype, "shape": shape, "input": pool.add(bits(xt)),
                       "output": pool.add(bits(tf.image.rgb_to_grayscale(xt)))})
index["grayscale"] = gray_cases

# --- Image: convert_image_dtype, every pair ----------------------------------------------
kinds = ["uint8", "uint16", "int8", "int32", "float16", "float32", "float64"]
inputs = {}
for src in kinds:
    if src.startswith("float"):
        special = [-1.5, -0.5, -0.0, 0.0, 1e-8, 0.25, 0.5, 0.999, 1.0, 1.0000001, 1.5, 300.0, np.nan, np.inf, -np.inf]
        x = np.concatenate([special, rng.uniform(0, 1, 48)])
    else:
        info = np.iinfo(src)
        special = [info.min, info.min + 1, -1 if info.min < 0 else 2, 0, 1, info.max - 1, info.max]
        x = np.concatenate([special, rng.integers(info.min, info.max, 48, endpoint=True)])
    inputs[src] = tf.cast(tf.constant(x), DT[src])
convert = []
for src in kinds:
    for dst in kinds:
        for sat in [False, True]:
            y = tf.image.convert_image_dtype(inputs[src], DT[dst], saturate=sat)
            convert.append({"from": src, "to": dst, "saturate": sat, "input": pool.add(bits(inputs[src])),
                            "output": pool.add(bits(y))})
index["convertImageDtype"] = convert

# --- Image: flips and brightness -----------------------------------------------------------
img = rng.integers(0, 256, size=[2, 3, 4, 3]).astype(np.uint8)
index["flips"] = {"shape": [2, 3, 4, 3], "input": pool.add(img.reshape(-1)),
                  "leftRight": pool.add(bits(tf.image.flip_left_right(img))),
                  "upDown": pool.add(bits(tf.image.flip_up_down(img))),
                  "leftRight3": pool.add(bits(tf.image.flip_left_right(img[0]))),
                  "upDown3": pool.add(bits(tf.image.flip_up_down(img[0])))}
bright = []
for dtype in ["uint8", "float32", "float16", "float64", "int8"]:
    for delta in [0.1, -0.3, 0.75]:
        x = inputs[dtype] if dtype in inputs else tf.cast(tf.constant(rng.integers(-128, 128, 40)), tf.int8)
        y = tf.image.adjust_brightness(x, delta)
        bright.append({"dtype": dtype, "delta": delta, "input": pool.add(bits(x)), "output": pool.add(bits(y))})
index["brightness"] = bright
index["imageErrors"] = {
    "grayscaleLastDim": message(lambda: tf.image.rgb_to_grayscale(tf.zeros([2, 4]))),
    "grayscaleBool": message(lambda: tf.image.rgb_to_grayscale(tf.zeros([2, 3], tf.bool))),
    "toRGBLastDim": message(lambda: tf.image.grayscale_to_rgb(tf.zeros([2, 2]))),
    "toRGBRank": message(lambda: tf.image.grayscale_to_rgb(tf.zeros([1]))),
    "flipRank": message(lambda: tf.image.flip_left_right(tf.zeros([2, 3]))),
    "convertBool": message(lambda: tf.image.convert_image_dtype(tf.zeros([2], tf.bool), tf.float32)),
    "convertToBool": message(lambda: tf.image.convert_image_dtype(tf.zeros([2]), tf.bool)),
}

# --- Sparse ---------------------------------------------------------------------------------
def sp(indices, values, shape):
    return tf.sparse.SparseTensor(indices, values, shape)


errs = {
    "indicesRank": message(lambda: sp([0, 1], [1], [3])),
    "rowsMismatch": message(lambda: sp([[0, 0], [1, 1]], [1.0], [3, 4])),
    "negativeDim": message(lambda: sp([[0, 0]], [1.0], [-3, 4])),
    "outOfBounds": message(lambda: tf.sparse.to_dense(sp([[0, 0], [5, 5]], [1.0, 2.0], [3, 4]))),
    "outOfOrder": message(lambda: tf.sparse.to_dense(sp([[1, 0], [0, 0]], [1.0, 2.0], [3, 4]))),
    "repeated": message(lambda: tf.sparse.to_dense(sp([[0, 0], [0, 0]], [1.0, 2.0], [3, 4]))),
    "outOfBoundsUnvalidated": message(lambda: tf.sparse.to_dense(sp([[0, 0], [5, 5]], [1.0, 2.0], [3, 4]), validate_indices=False)),
    "defaultDType": message(lambda: tf.sparse.to_dense(sp([[0, 0]], [1.0], [3, 4]), default_value=tf.constant(1, tf.int64))),
    "negativeIndex": message(lambda: tf.sparse.to_dense(sp([[0, 0], [-1, 2]], [1.0, 2.0], [3, 4]))),
}
index["sparseErrors"] = errs
idx = [[2, 3], [0, 1], [1, 0], [0, 1], [2, 0]]
vals = np.array([1.5, 2.5, -3.0, 4.0, 5.0], np.float32)
s = sp(idx, vals, [3, 4])
index["sparse"] = {
    "indices": idx, "values": pool.add(vals.view(np.uint32)), "denseShape": [3, 4],
    "unvalidated": pool.add(bits(tf.sparse.to_dense(s, default_value=-1.0, validate_indices=False))),
    "validated": pool.add(bits(tf.sparse.to_dense(sp([[0, 1], [1, 0], [2, 3]], vals[:3], [3, 4]), default_value=7.0))),
    "reorderedIndices": tf.sparse.reorder(s).indices.numpy().tolist(),
    "reorderedValues": pool.add(bits(tf.sparse.reorder(s).values)),
}
dense = np.array([[0, 1.5, -0.0, np.nan], [0, 0, 3, 0]], np.float32)
fd = tf.sparse.from_dense(dense)
index["fromDense"] = {"input": pool.add(dense.reshape(-1).view(np.uint32)), "shape": [2, 4],
                      "indices": fd.indices.numpy().tolist(), "values": pool.add(bits(fd.values))}
onehot = []
for ind, depth, on, off, dtype in [([0, 2, -1, 5, 1], 4, 1.0, 0.0, "float32"), ([[1, 0], [3, 3]], 3, 5.0, -1.0, "float32"),
                                    ([0, 1, 2], 3, 7, 2, "int32")]:
    y = tf.one_hot(ind, depth, on_value=tf.cast(on, DT[dtype]), off_value=tf.cast(off, DT[dtype]), dtype=DT[dtype])
    onehot.append({"indices": ind, "depth": depth, "on": on, "off": off, "dtype": dtype,
                   "shape": list(y.shape), "output": pool.add(bits(y))})
index["oneHot"] = onehot

pool.write()
with open(os.path.join(OUT, "index.json"), "w") as f:
    json.dump(index, f, indent=1)
print("wrote", OUT, sorted(os.listdir(OUT)))
