"""Helpers the golden generators share (generate_math_goldens.py, generate_op_goldens.py):
TensorFlow's error text as the Swift tests compare it, and pools that gather many small
raw-bit arrays into one .npy file per element width.

The generators import it from this folder (Python puts a script's own folder on sys.path).
Used with TensorFlow 2.21.0 (CPU) and NumPy 2.4.6, like the generators themselves.
"""
import os

import numpy as np

BITS = {1: np.uint8, 2: np.uint16, 4: np.uint32, 8: np.uint64}


def tf_error(fn):
    """Runs `fn`, which must raise, and returns the exception with TensorFlow's message
    stripped of the function-node prefix and the ` [Op:...]` suffix eager mode adds."""
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - any TF error is what we record
        text = getattr(e, "message", None) or str(e)
        if text.startswith("{{function_node"):
            text = text.split("}} ", 1)[1]
        if " [Op:" in text:
            text = text[: text.rindex(" [Op:")]
        return e, text
    raise AssertionError("expected an error")


class Pool:
    """Concatenates flat unsigned bit arrays of one width into `pool_u<bits>.npy` under `out`;
    `add` returns the slice (file, offset, count) that holds an array."""

    def __init__(self, out):
        self.out = out
        self.parts = {}

    def add(self, array):
        width = array.dtype.itemsize
        parts = self.parts.setdefault(width, [])
        offset = sum(len(p) for p in parts)
        parts.append(array)
        return {"file": f"pool_u{width * 8}.npy", "offset": offset, "count": len(array)}

    def write(self):
        for width, parts in self.parts.items():
            np.save(os.path.join(self.out, f"pool_u{width * 8}.npy"), np.concatenate(parts).astype(BITS[width]))
