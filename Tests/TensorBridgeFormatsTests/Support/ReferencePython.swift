import Foundation
import Testing

/// Runs the reference libraries (NumPy, safetensors, TensorFlow) in the project venv.
/// The interpreter comes from `TENSORBRIDGE_PYTHON` (scripts/test sets it). When it is not
/// set or cannot run, the calling test **fails** with a message saying so: interop tests
/// never pass silently without the reference.
enum ReferencePython {
    static var executable: String? {
        if let env = ProcessInfo.processInfo.environment["TENSORBRIDGE_PYTHON"], !env.isEmpty { return env }
        return nil
    }

    /// Runs `script` with `arguments` and returns its stdout parsed as JSON, or records an
    /// issue and returns nil.
    static func json(_ script: String, _ arguments: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) -> Any? {
        guard let python = executable else {
            Issue.record("TENSORBRIDGE_PYTHON is not set: this interop test needs the project venv's python (run scripts/test, or export TENSORBRIDGE_PYTHON=$PWD/.venv/bin/python)", sourceLocation: sourceLocation)
            return nil
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", prelude + script] + arguments
        var env = ProcessInfo.processInfo.environment
        env["TF_CPP_MIN_LOG_LEVEL"] = "3"
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch {
            Issue.record("cannot run \(python): \(error)", sourceLocation: sourceLocation)
            return nil
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let json = try? JSONSerialization.jsonObject(with: data) else {
            let tail = String(decoding: errData.suffix(2000), as: UTF8.self)
            Issue.record("reference python failed (status \(process.terminationStatus)): \(tail)", sourceLocation: sourceLocation)
            return nil
        }
        return json
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
