import Foundation
import Testing
import TensorBridgePython

/// Loads the interpreter named by `TENSORBRIDGE_PYTHON` (scripts/test sets it to the venv).
/// Missing Python is a loud test failure, never a silent pass.
@discardableResult
func requirePython(sourceLocation: SourceLocation = #_sourceLocation) throws -> PythonRuntime {
    do {
        return try Python.load()
    } catch {
        let hint = ProcessInfo.processInfo.environment["TENSORBRIDGE_PYTHON"] == nil
            ? " (TENSORBRIDGE_PYTHON is not set: run scripts/test, or export TENSORBRIDGE_PYTHON=$PWD/.venv/bin/python)" : ""
        Issue.record("PYTHON MISSING: these tests need Python with NumPy\(hint): \(error)", sourceLocation: sourceLocation)
        throw error
    }
}
