"""Writes the golden files for the everyday math ops (element-wise, reductions, indexing,
shape ops, matmul) from real TensorFlow.

Run from the repository root with the project's venv:

    .venv/bin/python scripts/generate_math_goldens.py

Produced with TensorFlow 2.21.0 (CPU) and NumPy 2.4.6 on Linux x86-64. Everything goes under
Tests/TensorBridgeTests/Golden/math/: pool_u8/u16/u32/u64.npy hold every input and output as
raw bits (so floats compare bit for bit, NaN payloads and signed zeros included), and
index.json lists each case: the op, its arguments, and the slices of the pools holding its
inputs and TensorFlow's output. Error cases record TensorFlow's message.
"""
import json
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np
import tensorflow as tf
from golden_support import BITS, Pool, tf_error

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "TensorBridgeTests", "Golden", "math")
os.makedirs(OUT, exist_ok=True)
index = {"tensorflow": tf.__version__, "numpy": np.__version__}
DT = {n: tf.as_dtype(n) for n in ["float32", "float64", "float16", "bfloat16", "int8", "int16", "int32", "int64",
                                  "uint8", "uint16", "uint32", "uint64", "bool", "complex64"]}
DT_C = {"complex64": tf.complex64, "complex128": tf.complex128}


def raw_bits(t):
    """A tensor's values as flat raw unsigned bits (bool as uint8, complex128 as two uint64)."""
    a = t.numpy() if hasattr(t, "numpy") else np.asarray(t)
    if a.dtype == np.bool_:
        a = a.astype(np.uint8)
    width = a.dtype.itemsize
    if width == 16:  # complex128: two uint64 per element
        a, width = a.reshape(-1).view(np.uint64), 8
    return np.ascontiguousarray(a).reshape(-1).view(BITS[width])


pool = Pool(OUT)
rng = np.random.default_rng(16)


def tensor_info(t):
    return {"dtype": t.dtype.name, "shape": list(t.shape), **pool.add(raw_bits(t))}


def message(fn):
    """TensorFlow's error message, first line."""
    return tf_error(fn)[1].split("\n")[0]


def sample(dtype, shape, positive=False, nonzero=False):
    """Values of `dtype` with the special values TensorFlow's kernels treat specially."""
    n = int(np.prod(shape))
    if dtype in ("float32", "float64", "float16", "bfloat16"):
        x = rng.normal(0, 3, n)
        tiny = {"float32": 1e-40, "float64": 1e-310, "float16": 1e-7, "bfloat16": 1e-40}[dtype]
        special = [0.0, -0.0, np.nan, np.inf, -np.inf, tiny, -tiny, 1.0, -1.0, 0.5, 2.5, -2.5, 1e30 if dtype != "float16" else 6e4]
        x[: min(n, len(special))] = special[: min(n, len(special))]
        rng.shuffle(x)
        if positive:
            x = np.abs(x)
        return tf.cast(tf.constant(x.reshape(shape)), DT[dtype])
    info = np.iinfo(dtype)
    lo, hi = (1 if positive else max(info.min, -100)), min(info.max, 100)
    x = rng.integers(lo, hi, n, endpoint=True)
    if not positive and dtype not in ("uint8", "uint16", "uint32", "uint64"):
        x[: 2] = [info.min, info.max][: min(n, 2)]
    if nonzero:
        x[x == 0] = 3
    return tf.constant(x.astype(dtype).reshape(shape))


# --- Element-wise binary ------------------------------------------------------------------
FLOATS = ["float32", "float64", "float16", "bfloat16"]
INTS = ["int8", "int32", "int64", "uint8", "uint32"]
binary = []
BIN = {"add": tf.add, "sub": tf.subtract, "mul": tf.multiply, "realdiv": tf.math.truediv, "floordiv": tf.math.floordiv,
       "floormod": tf.math.floormod, "pow": tf.pow, "maximum": tf.maximum, "minimum": tf.minimum,
       "less": tf.less, "lessEqual": tf.less_equal, "greater": tf.greater, "greaterEqual": tf.greater_equal,
       "equal": tf.equal, "notEqual": tf.not_equal}
for dtype in FLOATS + INTS:
    for xs, ys in [([3, 4, 5], [3, 4, 5]), ([3, 4, 5], [4, 1]), ([1, 5], [3, 1]), ([3, 4, 5], [])]:
        for op, fn in BIN.items():
            if dtype in INTS and op == "realdiv":
                continue
            if op == "pow" and dtype.startswith("uint"):
                continue
            nonzero = op in ("floordiv", "floormod") and dtype in INTS
            x = sample(dtype, xs)
            y = sample(dtype, ys, positive=(op == "pow" and dtype in INTS), nonzero=nonzero)
            if op == "pow" and dtype in INTS:
                y = tf.math.floormod(y, tf.constant(5, DT[dtype]))
            z = fn(x, y)
            ulp = 2 if op == "pow" and dtype in FLOATS else 0
            binary.append({"op": op, "x": tensor_info(x), "y": tensor_info(y), "out": tensor_info(z), "ulp": ulp})
# Complex arithmetic.
for op in ["add", "sub", "mul"]:
    # Finite values: TensorFlow's complex products of inf/NaN parts follow Eigen's packet
    # arithmetic, which TensorBridge does not claim to reproduce.
    x = tf.complex(*[tf.constant(rng.normal(0, 3, [6]).astype(np.float32)) for _ in range(2)])
    y = tf.complex(*[tf.constant(rng.normal(0, 3, [6]).astype(np.float32)) for _ in range(2)])
    binary.append({"op": op, "x": tensor_info(x), "y": tensor_info(y), "out": tensor_info(BIN[op](x, y)), "ulp": 0})
# Complex division, from its own generator so the other cases keep their values. Sizes with and
# without a remainder after Eigen's packets (4 complex64, 2 complex128): the vectorized body and
# the scalar tail divide differently. Finite values, some far from 1 (the divisor's scaling).
crng = np.random.default_rng(1616)


def complex_sample(dtype, shape, scale=3.0):
    part = "float32" if dtype == "complex64" else "float64"
    parts = [crng.normal(0, scale, shape) * np.exp(crng.uniform(-8, 8, shape)) for _ in range(2)]
    return tf.complex(*[tf.constant(p.astype(part)) for p in parts])


for dtype in ["complex64", "complex128"]:
    for xs, ys in [([3, 4, 5], [3, 4, 5]), ([1003], [1003]), ([7], [7]), ([1], [1]), ([3, 4, 5], [4, 1]),
                   ([1, 5], [3, 1]), ([3, 4, 5], []), ([], [5])]:
        x, y = complex_sample(dtype, xs), complex_sample(dtype, ys)
        binary.append({"op": "realdiv", "x": tensor_info(x), "y": tensor_info(y), "out": tensor_info(x / y), "ulp": 0})
    # Equal/NotEqual: some equal pairs, a NaN (never equal) and 0 against -0 (equal).
    x, y = complex_sample(dtype, [4, 6]).numpy(), complex_sample(dtype, [4, 6]).numpy()
    y.flat[::3] = x.flat[::3]
    x.flat[1], y.flat[1] = complex(np.nan, 1), complex(np.nan, 1)
    x.flat[2], y.flat[2] = complex(0.0, -0.0), complex(-0.0, 0.0)
    x, y = tf.constant(x), tf.constant(y)
    for op in ["equal", "notEqual"]:
        binary.append({"op": op, "x": tensor_info(x), "y": tensor_info(y), "out": tensor_info(BIN[op](x, y)), "ulp": 0})
        binary.append({"op": op, "x": tensor_info(x), "y": tensor_info(y[0]), "out": tensor_info(BIN[op](x, y[0])), "ulp": 0})
index["binary"] = binary

# --- Element-wise unary ---------------------------------------------------------------------
UN = {"neg": tf.negative, "abs": tf.abs, "sign": tf.sign, "sqrt": tf.sqrt, "rsqrt": tf.math.rsqrt,
      "square": tf.square, "exp": tf.exp, "log": tf.math.log, "sin": tf.sin, "cos": tf.cos, "tanh": tf.tanh,
      "sigmoid": tf.sigmoid, "relu": tf.nn.relu}
# Allowed distance in ULP from TensorFlow: the C library's exp/log/sin/cos are within 2 ULP of
# Eigen's approximations; Eigen's rsqrt, tanh and sigmoid are rational approximations a few
# ULP from the correctly rounded value, so those get the measured bound.
TRANSCENDENTAL = {"exp": 2, "log": 2, "sin": 2, "cos": 2, "rsqrt": 4, "tanh": 8, "sigmoid": 8}
unary = []
for dtype in FLOATS + ["int8", "int32", "int64"]:
    x = sample(dtype, [4, 50])
    for op, fn in UN.items():
        if dtype in INTS and op not in ("neg", "abs", "sign", "square", "relu"):
            continue
        unary.append({"op": op, "x": tensor_info(x), "out": tensor_info(fn(x)), "ulp": TRANSCENDENTAL.get(op, 0)})
# Dense transcendental sweeps (1000 points in each function's interesting range).
for dtype in ["float32", "float64"]:
    for op, lo, hi in [("exp", -80, 80), ("log", 1e-3, 1e3), ("sin", -40, 40), ("cos", -40, 40), ("tanh", -12, 12),
                       ("sigmoid", -30, 30), ("rsqrt", 1e-3, 1e6)]:
        x = tf.constant(np.linspace(lo, hi, 1000).astype(dtype))
        unary.append({"op": op, "x": tensor_info(x), "out": tensor_info(UN[op](x)), "ulp": TRANSCENDENTAL[op]})
# Complex neg, square and abs (abs gives the real dtype: ComplexAbs). Sizes with and without a
# remainder after Eigen's packets.
for dtype in ["complex64", "complex128"]:
    for shape in [[4, 50], [7], [1003]]:
        x = complex_sample(dtype, shape)
        for op in ["neg", "square", "abs"]:
            unary.append({"op": op, "x": tensor_info(x), "out": tensor_info(UN[op](x)), "ulp": 0})
# Complex exp, log and sqrt: the distance is measured against the larger part of TensorFlow's
# result ("norm" ULP: a part near zero next to a large one is not held to its own ULP), over
# a wide range, moduli near 1 (log's small results) and the negative real axis (sqrt).
# Near a modulus of 1 log's real part, log(|z|), is small and TensorFlow's own value is up to
# about 14 of these ULP from the exact one (NumPy longdouble), rounded differently from the C
# library's log(hypot(x, y)); 32 there is the measured distance, rounded up.
COMPLEX_ULP = {"exp": 4, "log": 4, "sqrt": 2}
NEAR_ONE_LOG_ULP = 32
for dtype in ["complex64", "complex128"]:
    part = "float32" if dtype == "complex64" else "float64"
    theta, radius = crng.uniform(-3.1, 3.1, 400), crng.uniform(0.9, 1.1, 400)
    grids = [crng.uniform(-10, 10, [2, 1003]), np.stack([radius * np.cos(theta), radius * np.sin(theta)]),
             np.stack([-crng.uniform(0, 50, 40), np.zeros(40)])]
    for k, g in enumerate(grids):
        x = tf.complex(tf.constant(g[0].astype(part)), tf.constant(g[1].astype(part)))
        for op in ["exp", "log", "sqrt"]:
            bound = NEAR_ONE_LOG_ULP if k == 1 and op == "log" else COMPLEX_ULP[op]
            unary.append({"op": op, "x": tensor_info(x), "out": tensor_info(UN[op](x)), "normUlp": bound})
index["unary"] = unary

# --- Logical and where ------------------------------------------------------------------
b1 = tf.constant(rng.integers(0, 2, [3, 4]).astype(bool))
b2 = tf.constant(rng.integers(0, 2, [4]).astype(bool))
xs, ys = sample("float32", [3, 4]), sample("float32", [1, 4])
index["logical"] = {"x": tensor_info(b1), "y": tensor_info(b2),
                    "and": tensor_info(tf.logical_and(b1, b2)), "or": tensor_info(tf.logical_or(b1, b2)),
                    "not": tensor_info(tf.logical_not(b1)), "xor": tensor_info(tf.math.logical_xor(b1, b2)),
                    "whereX": tensor_info(xs), "whereY": tensor_info(ys), "where": tensor_info(tf.where(b1, xs, ys)),
                    "clipX": tensor_info(sample("float32", [20])), "clipMin": -1.5, "clipMax": 2.0}
index["logical"]["clip"] = tensor_info(tf.clip_by_value(tf.constant(np.frombuffer(
    pool.parts[4][-1].tobytes(), np.float32)), -1.5, 2.0))

# --- Reductions -----------------------------------------------------------------------------
RED = {"sum": tf.reduce_sum, "mean": tf.reduce_mean, "max": tf.reduce_max, "min": tf.reduce_min, "prod": tf.reduce_prod}
reductions = []
for dtype in ["float32", "float64", "float16", "bfloat16", "int32", "int64", "uint8"]:
    x = sample(dtype, [3, 4, 5])
    if dtype in FLOATS:  # finite values for sums; NaN cases separately below
        x = tf.cast(tf.constant(rng.normal(0, 1, [3, 4, 5])), DT[dtype])
    for op, fn in RED.items():
        if op == "prod" and dtype in INTS + ["int64", "uint8"]:
            x_ = tf.math.floormod(x, tf.constant(3, DT[dtype])) if dtype != "uint8" else x % 3
        else:
            x_ = x
        for axes in [None, [0], [1], [-1], [0, 2], [0, 1, 2], []]:
            for keep in [False, True]:
                reductions.append({"op": op, "axes": axes, "keepDims": keep, "x": tensor_info(x_),
                                   "out": tensor_info(fn(x_, axis=axes, keepdims=keep))})
nan_x = tf.constant(np.array([[1.0, np.nan, 2.0], [3.0, -1.0, -0.0], [np.inf, 1e-40, -np.inf]], np.float32))
for op in ["max", "min", "sum"]:
    for axes in [None, [0], [1]]:
        reductions.append({"op": op, "axes": axes, "keepDims": False, "x": tensor_info(nan_x),
                           "out": tensor_info(RED[op](nan_x, axis=axes))})
for op in ["sum", "mean", "max", "min", "prod"]:
    for dtype in ["float32", "int32"]:
        e = tf.zeros([2, 0], DT[dtype])
        reductions.append({"op": op, "axes": [1], "keepDims": False, "x": tensor_info(e), "out": tensor_info(RED[op](e, axis=[1]))})
big = tf.constant(rng.normal(0, 1, [100003]).astype(np.float32))
reductions.append({"op": "sum", "axes": None, "keepDims": False, "x": tensor_info(big), "out": tensor_info(tf.reduce_sum(big))})
reductions.append({"op": "mean", "axes": None, "keepDims": False, "x": tensor_info(big), "out": tensor_info(tf.reduce_mean(big))})
imean = tf.constant(np.array([[-1, -2], [7, 2], [-7, 0]], np.int32))
reductions.append({"op": "mean", "axes": [1], "keepDims": False, "x": tensor_info(imean), "out": tensor_info(tf.reduce_mean(imean, axis=1))})
bools = tf.constant(rng.integers(0, 2, [3, 4]).astype(bool))
for op, fn in [("any", tf.reduce_any), ("all", tf.reduce_all)]:
    for axes in [None, [0], [1]]:
        reductions.append({"op": op, "axes": axes, "keepDims": False, "x": tensor_info(bools), "out": tensor_info(fn(bools, axis=axes))})
# Complex sum, mean and prod (max and min are not defined for complex).
for dtype in ["complex64", "complex128"]:
    x = complex_sample(dtype, [3, 4, 5], scale=1.0)
    xp = tf.complex(*[tf.constant(crng.uniform(0.5, 1.5, [3, 4, 5]).astype("float32" if dtype == "complex64" else "float64"))
                      for _ in range(2)])
    for op in ["sum", "mean", "prod"]:
        for axes in [None, [0], [1], [-1], [0, 2], []]:
            for keep in [False, True]:
                x_ = xp if op == "prod" else x
                reductions.append({"op": op, "axes": axes, "keepDims": keep, "x": tensor_info(x_),
                                   "out": tensor_info(RED[op](x_, axis=axes, keepdims=keep))})
index["reductions"] = reductions

args = []
for x in [sample("float32", [4, 6]), nan_x, sample("int32", [4, 6]), sample("bfloat16", [4, 6]),
          tf.constant(np.array([[np.nan, 1.0], [np.nan, np.nan], [-np.inf, -np.inf]], np.float32))]:
    for axis in [0, 1, -1]:
        for op, fn in [("argmax", tf.argmax), ("argmin", tf.argmin)]:
            args.append({"op": op, "axis": axis, "x": tensor_info(x), "out": tensor_info(fn(x, axis=axis))})
index["argExtrema"] = args
scans = []
for dtype in ["float32", "int32", "float16"]:
    x = sample(dtype, [3, 5]) if dtype == "int32" else tf.cast(tf.constant(rng.normal(0, 1, [3, 5])), DT[dtype])
    for axis in [0, 1, -1]:
        for exclusive in [False, True]:
            for reverse in [False, True]:
                scans.append({"axis": axis, "exclusive": exclusive, "reverse": reverse, "x": tensor_info(x),
                              "out": tensor_info(tf.cumsum(x, axis=axis, exclusive=exclusive, reverse=reverse))})
index["cumsum"] = scans

# --- Indexing -------------------------------------------------------------------------------
base = tf.constant(np.arange(2 * 3 * 4 * 5, dtype=np.int32).reshape(2, 3, 4, 5))


def py_index(spec):
    out = []
    for e in spec:
        if e == "all":
            out.append(slice(None))
        elif e == "new":
            out.append(tf.newaxis)
        elif e == "ell":
            out.append(Ellipsis)
        elif isinstance(e, int):
            out.append(e)
        else:
            out.append(slice(*e))
    return tuple(out)


specs = [[0], [-1], [1, 2], [0, "all", "all", 0], ["ell", 0], ["ell", -1, 2], [[1, 3, None]], [[None, None, -1]],
         ["all", [None, None, 2]], ["all", [2, 0, -1]], [0, "new", "all", [1, 3, None]], ["new", "ell", "new"],
         [[-3, -1, None], [None, None, -2]], [[5, 10, None]], [[-10, 10, None], 1], [1, "ell"], ["all", "all", "all", "all"],
         [[3, 1, None]], [0, [4, None, -2], "new", 1, -1]]
slices = []
for spec in specs:
    slices.append({"spec": spec, "out": tensor_info(base[py_index(spec)])})
index["slices"] = {"input": tensor_info(base), "cases": slices}

# --- Shape ops --------------------------------------------------------------------------------
s = tf.constant(rng.normal(0, 1, [2, 3, 4]).astype(np.float32))
u = tf.constant(rng.integers(0, 255, [2, 1, 3]).astype(np.uint8))
shape_ops = {"input": tensor_info(s), "small": tensor_info(u)}
shape_ops["transpose"] = [{"perm": p, "out": tensor_info(tf.transpose(s, p))} for p in [[0, 1, 2], [2, 1, 0], [1, 0, 2], [0, 2, 1], [2, 0, 1]]]
shape_ops["tile"] = [{"multiples": m, "out": tensor_info(tf.tile(u, m))} for m in [[1, 1, 1], [2, 3, 1], [1, 2, 2], [0, 1, 1]]]
shape_ops["pad"] = [{"paddings": p, "value": v, "out": tensor_info(tf.pad(u, p, constant_values=v))}
                    for p, v in [([[0, 0], [1, 2], [0, 1]], 0), ([[1, 0], [0, 0], [2, 2]], 7)]]
shape_ops["broadcast"] = [{"shape": sh, "out": tensor_info(tf.broadcast_to(u, sh))} for sh in [[2, 4, 3], [3, 2, 2, 3]]]
shape_ops["concat"] = [{"axis": a, "out": tensor_info(tf.concat([s, s * 2], a))} for a in [0, 1, 2, -1]]
shape_ops["stack"] = [{"axis": a, "out": tensor_info(tf.stack([s, s * 2], a))} for a in [0, 1, 3, -1]]
shape_ops["split"] = [{"count": 2, "axis": 2, "outs": [tensor_info(p) for p in tf.split(s, 2, 2)]},
                      {"count": 3, "axis": 1, "outs": [tensor_info(p) for p in tf.split(s, 3, 1)]}]
shape_ops["splitSizes"] = {"sizes": [1, -1, 2], "axis": 2, "outs": [tensor_info(p) for p in tf.split(s, [1, 1, 2], 2)]}
shape_ops["gather"] = [{"indices": ind, "axis": a, "out": tensor_info(tf.gather(s, ind, axis=a))}
                       for ind, a in [([1, 0, 1], 0), ([[2, 0], [1, 1]], 1), ([3, 0], -1), (2, 2)]]
index["shapeOps"] = shape_ops

# --- Matmul ---------------------------------------------------------------------------------
mm = []
for dtype in ["float32", "float64", "float16", "bfloat16", "complex64", "complex128"]:
    for (a_shape, b_shape, ta, tb) in [([5, 7], [7, 3], False, False), ([7, 5], [7, 3], True, False),
                                       ([5, 7], [3, 7], False, True), ([7, 5], [3, 7], True, True),
                                       ([4, 33, 17], [4, 17, 9], False, False), ([2, 1, 6, 5], [3, 5, 4], False, False)]:
        if dtype.startswith("complex"):
            part = "float32" if dtype == "complex64" else "float64"
            a = tf.complex(tf.constant(rng.normal(0, 1, a_shape).astype(part)), tf.constant(rng.normal(0, 1, a_shape).astype(part)))
            b = tf.complex(tf.constant(rng.normal(0, 1, b_shape).astype(part)), tf.constant(rng.normal(0, 1, b_shape).astype(part)))
        else:
            a = tf.cast(tf.constant(rng.normal(0, 1, a_shape)), DT[dtype])
            b = tf.cast(tf.constant(rng.normal(0, 1, b_shape)), DT[dtype])
        mm.append({"transposeA": ta, "transposeB": tb, "a": tensor_info(a), "b": tensor_info(b),
                   "out": tensor_info(tf.linalg.matmul(a, b, transpose_a=ta, transpose_b=tb))})
index["matmul"] = mm

# --- Errors (TensorFlow's messages, without the op wrapper) -----------------------------------
f23, f4, d23 = tf.zeros([2, 3]), tf.zeros([4]), tf.zeros([2, 3], tf.float64)
index["errors"] = {
    "mixedDTypes": message(lambda: tf.add(f23, d23)),
    "mixedDTypesMul": message(lambda: tf.multiply(f23, d23)),
    "incompatibleShapes": message(lambda: tf.add(f23, f4)),
    "intDivByZero": message(lambda: tf.math.floordiv(tf.constant([1]), tf.constant([0]))),
    "negativePower": message(lambda: tf.pow(tf.constant([2]), tf.constant([-1]))),
    "reductionAxis": message(lambda: tf.reduce_sum(f23, axis=2)),
    "reductionDuplicate": message(lambda: tf.reduce_sum(f23, axis=[0, 0])),
    "argmaxEmpty": message(lambda: tf.argmax(tf.zeros([0]))),
    "sliceOutOfBounds": message(lambda: f23[5]),
    "sliceOutOfBounds1": message(lambda: f23[:, 7]),
    "matmulShapes": message(lambda: tf.linalg.matmul(f23, f23)),
    "concatRanks": message(lambda: tf.concat([f23, f4], 0)),
    "transposePerm": message(lambda: tf.transpose(f23, [0, 0])),
    "squeeze": message(lambda: tf.squeeze(f23, [0])),
    "broadcastTo": message(lambda: tf.broadcast_to(f23, [4, 3])),
    "gatherRange": message(lambda: tf.gather(f23, [5])),
    "where": message(lambda: tf.where(tf.constant([True, False]), f23, f23)),
    "logicalAnd": message(lambda: tf.logical_and(f23, f23)),
    "tile": message(lambda: tf.tile(f23, [1])),
    "split": message(lambda: tf.split(f23, 4, 1)),
    "stack": message(lambda: tf.stack([f23, f4])),
    "pad": message(lambda: tf.pad(f23, [[1, 1]])),
    "expandDims": message(lambda: tf.expand_dims(f23, 5)),
    "cumsumAxis": message(lambda: tf.cumsum(f23, axis=3)),
    "expInt": message(lambda: tf.exp(tf.constant([1]))),
    # Ops TensorFlow has no complex kernel for: the op-definition phrase, without the dtype list.
    "lessComplex": message(lambda: tf.less(tf.constant([1 + 2j], tf.complex64), tf.constant([1 + 2j], tf.complex64))).split(":")[0],
    "maxComplex": message(lambda: tf.reduce_max(tf.constant([1 + 2j], tf.complex64))).split(":")[0],
    "reluComplex": message(lambda: tf.nn.relu(tf.constant([1 + 2j], tf.complex64))).split(":")[0],
}

# --- Complex sign, rsqrt, sin, cos, tanh, sigmoid, pow and cumsum ------------------------------
# Appended last, from their own generator, so every case above keeps its values. TensorFlow
# computes these with scalar formulas (Eigen does not vectorize them for complex numbers): the
# C library's csin/ccos/ctanh/cexp/cpow and Eigen's complex_rsqrt, so TensorBridge matches
# them bit for bit, special values included.
xrng = np.random.default_rng(1618)
INF, NAN = np.inf, np.nan
EDGES = [(0.0, 0.0), (-0.0, 0.0), (0.0, -0.0), (-0.0, -0.0), (1e-40, 0.0), (0.0, -1e-40), (1e-310, 1e-310),
         (3.0, 4.0), (-2.5, 0.0), (0.0, 2.0), (-1.0, -1.0), (1.0, 0.0), (0.6, 0.8), (0.7, 0.1), (1.5, 0.5),
         (0.5, 50.0), (1.0, 100.0), (-2.0, -120.0), (0.3, 200.0), (1.0, 800.0), (2.0, -1e4), (-1.0, 1e30),
         (50.0, 1.0), (-100.0, 2.0), (400.0, -0.5), (-1000.0, 3.0), (1e30, 1.0), (89.0, 0.5), (-95.0, 1.0),
         (3e38, 3e38), (1e-30, 1e-30), (1e-19, 1e-19), (1e-20, 1e-20), (1e-154, 1e-154), (1e-150, 0.0),
         (1e307, 1e307), (1.5e308, 1.5e308), (1e300, -1e300), (-0.0, 1.0), (-1.0, -0.0), (INF, 0.0), (-INF, 1.0), (INF, 2.0), (1.0, INF), (0.0, INF), (INF, INF),
         (NAN, 0.0), (0.0, NAN), (1.0, NAN), (NAN, NAN), (-INF, -0.0), (-0.0, -INF)]
complex_ops = []
CUN = {"sign": tf.sign, "rsqrt": tf.math.rsqrt, "sin": tf.sin, "cos": tf.cos, "tanh": tf.tanh, "sigmoid": tf.sigmoid}
for dtype in ["complex64", "complex128"]:
    part = "float32" if dtype == "complex64" else "float64"
    rows = [xrng.normal(0, 3, [2, 1003]) * np.exp(xrng.uniform(-4, 4, [2, 1003])), xrng.uniform(-6, 6, [2, 4, 50])]
    edges = np.array(EDGES, dtype=np.float64).T
    # Sign of a complex128 whose modulus overflows: TensorFlow's vectorized body gives NaN and
    # its scalar tail 0 (TensorBridge: 0), so that value stays out of sign's edge cases.
    sign_edges = np.array([e for e in EDGES if e != (1.5e308, 1.5e308)], dtype=np.float64).T
    for g in rows + [edges]:
        with np.errstate(over="ignore"):
            x = tf.complex(tf.constant(g[0].astype(part)), tf.constant(g[1].astype(part)))
            xs = tf.complex(tf.constant(sign_edges[0].astype(part)), tf.constant(sign_edges[1].astype(part)))
        for op, fn in CUN.items():
            x_ = xs if op == "sign" and g is edges else x
            complex_ops.append({"op": op, "x": tensor_info(x_), "out": tensor_info(fn(x_))})
        if dtype == "complex128":  # cexp too: complex128 Exp has no packet path in Eigen.
            complex_ops.append({"op": "exp", "x": tensor_info(x), "out": tensor_info(tf.exp(x))})
    # Pow: random bases and exponents, bases near the unit circle (the C library's clog switches
    # to log1p there), broadcasting, and the edge values as bases.
    theta = xrng.uniform(-3.1, 3.1, 200)
    radius = np.concatenate([xrng.uniform(0.5, 1.5, 100), xrng.uniform(0.9, 1.1, 100)])
    bases = [xrng.normal(0, 2, [2, 3, 4, 5]), np.stack([radius * np.cos(theta), radius * np.sin(theta)]), edges]
    for g in bases:
        with np.errstate(over="ignore"):
            x = tf.complex(tf.constant(g[0].astype(part)), tf.constant(g[1].astype(part)))
        y = tf.complex(*[tf.constant(xrng.normal(0, 1.5, x.shape).astype(part)) for _ in range(2)])
        complex_ops.append({"op": "pow", "x": tensor_info(x), "y": tensor_info(y), "out": tensor_info(tf.pow(x, y))})
    x = tf.complex(*[tf.constant(xrng.normal(0, 2, [3, 4, 5]).astype(part)) for _ in range(2)])
    for y in [tf.complex(*[tf.constant(xrng.normal(0, 1, [4, 1]).astype(part)) for _ in range(2)]), tf.constant(2 + 0.5j, DT_C[dtype])]:
        complex_ops.append({"op": "pow", "x": tensor_info(x), "y": tensor_info(y), "out": tensor_info(tf.pow(x, y))})
    # Cumsum: sums in order, each part separately.
    x = tf.complex(*[tf.constant((xrng.normal(0, 1, [3, 5]) * 10.0 ** xrng.integers(-3, 4, [3, 5])).astype(part)) for _ in range(2)])
    for axis in [0, 1, -1]:
        for exclusive in [False, True]:
            for reverse in [False, True]:
                complex_ops.append({"op": "cumsum", "axis": axis, "exclusive": exclusive, "reverse": reverse, "x": tensor_info(x),
                                    "out": tensor_info(tf.cumsum(x, axis=axis, exclusive=exclusive, reverse=reverse))})
index["complexOps"] = complex_ops
c1 = tf.constant([1 + 2j], tf.complex64)
index["complexErrors"] = {
    # The op-definition phrase, without the dtype list.
    "maximum": message(lambda: tf.maximum(c1, c1)).split(":")[0],
    "minimum": message(lambda: tf.minimum(c1, c1)).split(":")[0],
    "floorMod": message(lambda: tf.math.floormod(c1, c1)).split(":")[0],
    "argmax": message(lambda: tf.argmax(c1)).split(":")[0],
    "greater": message(lambda: tf.greater(c1, c1)).split(":")[0],
    # FloorDiv's definition takes complex but no CPU kernel does.
    "floorDiv": message(lambda: tf.math.floordiv(c1, c1)),
}

pool.write()
with open(os.path.join(OUT, "index.json"), "w") as f:
    json.dump(index, f, separators=(",", ":"))
print("wrote", OUT, sorted(os.listdir(OUT)))
