import Foundation
import Testing

@Suite("tensorbridge bench")
struct BenchCommandTests {
    /// A missing Python is a clear error (status 1), never a SIGPIPE death (status 141).
    @Test func missingPythonIsReportedClearly() throws {
        let r = try CLI.run(["bench", "--python", "/nonexistent/python", "--filter", ".npy save"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("/nonexistent/python"))
        let noNumPy = try CLI.run(["bench", "--python", "/bin/false", "--filter", ".npy save"])
        #expect(noNumPy.status == 1)
        #expect(noNumPy.stderr.contains("needs NumPy and TensorFlow"))
    }

    /// The reference runner is built in, so bench works outside a clone; it is the same text
    /// as scripts/bench_reference.py.
    @Test func referenceScriptIsBuiltIn() throws {
        let r = try CLI.run(["bench", "--print-reference-script"])
        #expect(r.status == 0)
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let script = try String(contentsOf: repo.appendingPathComponent("scripts/bench_reference.py"), encoding: .utf8)
        #expect(r.stdout == script)
    }
}
