import Testing
import TensorBridgeTestSupport

/// Runs the reference libraries (NumPy, safetensors, TensorFlow) in the project venv.
/// The interpreter comes from `TENSORBRIDGE_PYTHON` (scripts/test sets it). When it is not
/// set or cannot run, the calling test **fails** with a message saying so: interop tests
/// never pass silently without the reference.
enum ReferencePython {
    /// Runs `script` (after ``prelude``) with `arguments` and returns its stdout parsed as JSON,
    /// or records an issue and returns nil.
    static func json(_ script: String, _ arguments: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) -> Any? {
        ReferenceInterpreter.json(prelude + script, arguments, sourceLocation: sourceLocation)
    }

    /// Shared helpers for scripts: `rec(arr)` gives the manifest's record of an array.
    static let prelude = """
    import json, sys, os
    import numpy as np
    import ml_dtypes
    NAMES = {np.dtype(ml_dtypes.bfloat16): 'bfloat16', np.dtype(ml_dtypes.float8_e4m3fn): 'float8_e4m3fn',
             np.dtype(ml_dtypes.float8_e5m2): 'float8_e5m2', np.dtype(np.float16): 'float16'}
    def rec(a):
        a = np.asarray(a)
        if a.dtype.kind in 'SO':
            return {'dtype': 'string', 'shape': list(a.shape), 'strings': [bytes(x).hex() for x in a.reshape(-1)]}
        if a.dtype.byteorder == '>':
            a = a.astype(a.dtype.newbyteorder('<'))
        name = NAMES.get(np.dtype(a.dtype).newbyteorder('='), np.dtype(a.dtype).name)
        return {'dtype': name, 'shape': list(a.shape), 'hex': np.ascontiguousarray(a).tobytes().hex()}

    """
}
