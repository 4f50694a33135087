import Testing
import TensorBridgeTestSupport

/// Runs a script in the project venv's Python with TensorFlow and returns its stdout parsed as
/// JSON. Without the interpreter the calling test **fails**, saying so: interop tests never pass
/// silently without TensorFlow.
enum ReferenceTensorFlow {
    static func json(_ script: String, _ arguments: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) -> Any? {
        ReferenceInterpreter.json(script, arguments, needs: "the project venv's python with TensorFlow", sourceLocation: sourceLocation)
    }
}
