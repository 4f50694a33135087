import Foundation
import Testing
import TensorBridgeTestSupport

/// `tensorbridge-soak` on machines that lack part of the Python stack: it says first what it
/// skips and why, runs the rest, and passes when the rest is clean.
@Suite struct SoakPrerequisiteTests {
    static let arguments = ["--seconds", "2", "--tasks", "2", "--report-interval", "10"]
    static let numpyKinds = ["numpy() + back", "Tensor(numpy:)", "np.from_dlpack(ours)", "Tensor(dlpack: ndarray)", "string tensors <-> NumPy"]
    static let swiftKinds = ["make tensor", "sparse toDense", ".npy save/load", ".npz save/load",
                             "safetensors save/load", "TensorProto save/load", "parallel kernels"]

    /// The report's row for `kind`: its columns after the name ("skipped", or ops and errors).
    static func row(_ kind: String, in report: String) -> [Substring]? {
        report.split(separator: "\n").first { $0.hasPrefix(kind + "  ") }
            .map { $0.dropFirst(kind.count).split(separator: " ") }
    }

    /// The environment of this process without any way to find Python: PATH is `folder`,
    /// which holds only llvm-symbolizer when this process can see one (so that a sanitizer
    /// run of the child still names functions, which its suppressions match).
    static func environmentWithoutPython(folder: URL) throws -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        let path = env["PATH"] ?? ""
        for dir in path.split(separator: ":") {
            let symbolizer = URL(fileURLWithPath: String(dir)).appendingPathComponent("llvm-symbolizer")
            if FileManager.default.isExecutableFile(atPath: symbolizer.path) {
                try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("llvm-symbolizer"),
                                                           withDestinationURL: symbolizer)
                break
            }
        }
        for key in ["TENSORBRIDGE_PYTHON", "VIRTUAL_ENV", "PYTHON_LIBRARY", "PYTHONHOME", "PYTHONPATH"] { env[key] = nil }
        env["PATH"] = folder.path
        return env
    }

    @Test func withoutPythonItRunsThePartsThatNeedNone() throws {
        let soak = try builtExecutable("tensorbridge-soak")
        let result = try withTemporaryDirectory { folder in
            try Child.run(soak, Self.arguments, environment: Self.environmentWithoutPython(folder: folder))
        }
        #expect(result.status == 0, "stderr: \(result.stderr)\nstdout: \(result.stdout)")
        let lines = result.stdout.split(separator: "\n")
        let skipped = try #require(lines.first { $0.hasPrefix("skipped: ") }, "no 'skipped:' line in \(result.stdout)")
        #expect(skipped.contains("no Python could be loaded"))
        for kind in Self.numpyKinds {
            #expect(skipped.contains(kind))
            #expect(Self.row(kind, in: result.stdout) == ["skipped"], "\(kind)")
        }
        for kind in Self.swiftKinds {
            let row = try #require(Self.row(kind, in: result.stdout), "no row for \(kind)")
            // Run (not "skipped"), without errors. Every kind also ran once in the warm-up,
            // whose errors would fail the run.
            #expect(row.count >= 2 && Int(row[0]) != nil && row[1] == "0", "\(kind): \(row)")
        }
        #expect(lines.last == "PASS")
    }

    @Test func withoutMLDtypesItLeavesThoseDTypesOutOfNumPyWork() throws {
        guard let python = ProcessInfo.processInfo.environment["TENSORBRIDGE_PYTHON"] else {
            Issue.record("TENSORBRIDGE_PYTHON is not set: scripts/test sets it to the pinned venv's Python")
            return
        }
        let soak = try builtExecutable("tensorbridge-soak")
        let result = try withTemporaryDirectory { shadow in
            // A package named ml_dtypes first on sys.path that refuses to import, as on a
            // Python that lacks it.
            let package = shadow.appendingPathComponent("ml_dtypes")
            try FileManager.default.createDirectory(at: package, withIntermediateDirectories: true)
            try Data("raise ImportError('ml_dtypes is hidden by SoakPrerequisiteTests')\n".utf8)
                .write(to: package.appendingPathComponent("__init__.py"))
            var env = ProcessInfo.processInfo.environment
            env["TENSORBRIDGE_PYTHON"] = python
            env["PYTHONPATH"] = shadow.path
            return try Child.run(soak, Self.arguments, environment: env)
        }
        #expect(result.status == 0, "stderr: \(result.stderr)\nstdout: \(result.stdout)")
        let lines = result.stdout.split(separator: "\n")
        let skipped = try #require(lines.first { $0.hasPrefix("skipped: ") }, "no 'skipped:' line in \(result.stdout)")
        #expect(skipped.contains("bfloat16") && skipped.contains("no ml_dtypes"))
        for kind in Self.numpyKinds + Self.swiftKinds {
            let row = try #require(Self.row(kind, in: result.stdout), "no row for \(kind)")
            #expect(row.count >= 2 && row[1] == "0", "\(kind): \(row)")
        }
        #expect(lines.last == "PASS")
    }
}
