import Foundation
import Testing

/// Runs a script in the project venv's Python (`TENSORBRIDGE_PYTHON`, set by scripts/test) and
/// returns its stdout parsed as JSON. Without the interpreter the calling test **fails**, saying
/// so: interop tests never pass silently without TensorFlow.
enum ReferenceTensorFlow {
    static func json(_ script: String, _ arguments: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) -> Any? {
        guard let python = ProcessInfo.processInfo.environment["TENSORBRIDGE_PYTHON"], !python.isEmpty else {
            Issue.record("TENSORBRIDGE_PYTHON is not set: this interop test needs the project venv's python with TensorFlow (run scripts/test, or export TENSORBRIDGE_PYTHON=$PWD/.venv/bin/python)", sourceLocation: sourceLocation)
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
            let tail = String(decoding: errData.suffix(1500), as: UTF8.self)
            Issue.record("reference python failed (status \(process.terminationStatus)): \(tail)", sourceLocation: sourceLocation)
            return nil
        }
        return json
    }
}
