import Foundation
import Testing

/// Runs a script in the project venv's Python (`TENSORBRIDGE_PYTHON`, set by scripts/test) and
/// returns its stdout parsed as JSON. Without the interpreter, or when the script fails, the
/// calling test **fails** with a message saying so: interop tests never pass silently without
/// the reference libraries.
public enum ReferenceInterpreter {
    /// The interpreter named by `TENSORBRIDGE_PYTHON`, or nil when it is unset or empty.
    public static var executable: String? {
        guard let python = ProcessInfo.processInfo.environment["TENSORBRIDGE_PYTHON"], !python.isEmpty else { return nil }
        return python
    }

    /// Runs `python -c script arguments…` and returns its stdout parsed as JSON, or records an
    /// issue at `sourceLocation` and returns nil. `needs` names what the test needs from the
    /// venv, for the message when no interpreter is set.
    public static func json(_ script: String, _ arguments: [String] = [], needs: String = "the project venv's python",
                            sourceLocation: SourceLocation = #_sourceLocation) -> Any? {
        guard let python = executable else {
            Issue.record("TENSORBRIDGE_PYTHON is not set: this interop test needs \(needs) (run scripts/test, or export TENSORBRIDGE_PYTHON=$PWD/.venv/bin/python)", sourceLocation: sourceLocation)
            return nil
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script] + arguments
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
}
