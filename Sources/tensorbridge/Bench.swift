import ArgumentParser
import Foundation
import TensorBridge
#if canImport(Glibc)
import Glibc
#endif

/// `tensorbridge bench`: our cases and the matching TensorFlow/NumPy code, timed on the same
/// machine in one run, printed side by side with the ratio (theirs ÷ ours: above 1 is faster).
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmark TensorBridge against TensorFlow and NumPy, side by side.")

    @Option(help: "Run only cases whose name contains this text.")
    var filter: String?

    @Option(help: "Timed repetitions per case (the median is reported).")
    var repeats = 5

    @Option(help: "Python with TensorFlow and NumPy for the reference side (default: TENSORBRIDGE_PYTHON, then .venv/bin/python, then python3 on PATH).")
    var python: String?

    @Option(help: "A reference runner script to use instead of the built-in copy of scripts/bench_reference.py.")
    var referenceScript: String?

    @Flag(help: "Print the built-in reference runner (Python) and exit.")
    var printReferenceScript = false

    @Option(help: "Also write the table as Markdown to this file.")
    var markdown: String?

    func run() async throws {
        if printReferenceScript {
            print(BenchReferenceScript.text, terminator: "")
            return
        }
        let cases = BenchSuite.all.filter { c in filter.map { c.id.contains($0) } ?? true }
        guard !cases.isEmpty else { throw ValidationError("no benchmark case matches '\(filter ?? "")'") }
        // Check the reference side first, so a missing Python is reported before minutes of work.
        var checked: ReferenceRunner?
        try CLIErrors.oneLine {
            let runner = try ReferenceRunner(python: python, script: referenceScript)
            try runner.checkModules()
            checked = runner
        }
        guard let runner = checked else { throw ExitCode.failure }

        var ours: [String: Double] = [:]
        for (i, c) in cases.enumerated() {
            FileHandle.standardError.write(Data("[\(i + 1)/\(cases.count)] \(c.name) \(c.size)…\n".utf8))
            ours[c.id] = try c.measure(repeats: repeats)
        }
        FileHandle.standardError.write(Data("Running the TensorFlow/NumPy side…\n".utf8))
        let theirs = try runner.run(cases, repeats: repeats)

        let table = BenchTable(cases: cases, ours: ours, theirs: theirs)
        print(table.text)
        if let markdown {
            try table.markdown.write(toFile: markdown, atomically: true, encoding: .utf8)
        }
    }
}

/// One benchmark: our closure and the reference Python statement for the same work.
struct BenchCase: Sendable {
    let name: String
    let size: String
    /// Which library the reference uses ("TF", "NumPy").
    let library: String
    /// Python run once before timing (`np`, `tf` are imported).
    let referenceSetup: String
    /// The Python statement timed.
    let referenceStatement: String
    /// Prepares inputs once and returns the timed work.
    let prepare: @Sendable () throws -> (@Sendable () throws -> Void)

    var id: String { "\(name) \(size)" }

    func measure(repeats: Int) throws -> Double {
        let work = try prepare()
        try work()  // warm-up: page faults, lazy loading
        var times: [Double] = []
        for _ in 0..<max(1, repeats) {
            let start = ContinuousClock.now
            try work()
            let elapsed = ContinuousClock.now - start
            times.append(Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) * 1e-15)
        }
        return times.sorted()[times.count / 2]
    }
}

/// Runs the reference side in Python and reads back median milliseconds per case.
struct ReferenceRunner {
    /// The interpreter and the arguments that run the reference script.
    let executable: String
    let arguments: [String]
    let pythonLabel: String

    init(python: String?, script: String?) throws {
        let environment = ProcessInfo.processInfo.environment
        var interpreter: [String]
        if let python {
            interpreter = [python]
            pythonLabel = "--python \(python)"
        } else if let env = environment["TENSORBRIDGE_PYTHON"], !env.isEmpty {
            interpreter = [env]
            pythonLabel = "TENSORBRIDGE_PYTHON=\(env)"
        } else if FileManager.default.isExecutableFile(atPath: ".venv/bin/python") {
            interpreter = [".venv/bin/python"]
            pythonLabel = ".venv/bin/python"
        } else {
            interpreter = ["/usr/bin/env", "python3"]
            pythonLabel = "python3 on PATH"
        }
        if let first = interpreter.first, first != "/usr/bin/env", !FileManager.default.isExecutableFile(atPath: first) {
            throw ValidationError("bench needs Python with NumPy and TensorFlow for the reference side, but \(pythonLabel) is not an executable file; pass --python PATH or set TENSORBRIDGE_PYTHON")
        }
        if let script {
            guard FileManager.default.fileExists(atPath: script) else {
                throw ValidationError("the reference script \(script) does not exist (omit --reference-script to use the built-in one)")
            }
            interpreter.append(script)
        } else {
            interpreter += ["-c", BenchReferenceScript.text]
        }
        executable = interpreter[0]
        arguments = Array(interpreter.dropFirst())
    }

    /// Fails with what to install when the interpreter lacks NumPy or TensorFlow.
    func checkModules() throws {
        let python = Array(arguments.prefix { $0 != "-c" && !$0.hasSuffix(".py") })
        let result = try Self.execute(executable, python + ["-c", "import numpy, tensorflow"], input: nil)
        guard result.status == 0 else {
            let reason = result.stderr.split(separator: "\n").last.map(String.init) ?? "exit status \(result.status)"
            throw ValidationError("bench needs NumPy and TensorFlow in the reference Python (\(pythonLabel)): \(reason). Install them (python3 -m pip install numpy tensorflow-cpu safetensors) or pass --python PATH")
        }
    }

    func run(_ cases: [BenchCase], repeats: Int) throws -> [String: Double] {
        let request = cases.map { ["id": $0.id, "setup": $0.referenceSetup, "stmt": $0.referenceStatement] }
        let input = try JSONSerialization.data(withJSONObject: ["repeats": repeats, "cases": request])
        let result = try Self.execute(executable, arguments, input: input, passStderr: true)
        guard result.status == 0,
              let json = try? JSONSerialization.jsonObject(with: result.stdout) as? [String: Double] else {
            throw ValidationError("the reference runner (\(pythonLabel)) failed with status \(result.status)")
        }
        return json
    }

    /// Runs a child process, feeding `input` on stdin. A child that exits without reading
    /// its input cannot kill us with SIGPIPE: the signal is ignored and the write error dropped.
    static func execute(_ executable: String, _ arguments: [String], input: Data?,
                        passStderr: Bool = false) throws -> (status: Int32, stdout: Data, stderr: String) {
        signal(SIGPIPE, SIG_IGN)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        if !passStderr { process.standardError = stderr }
        do {
            try process.run()
        } catch {
            throw ValidationError("cannot run \(executable): \(error.localizedDescription)")
        }
        if let input { try? stdin.fileHandleForWriting.write(contentsOf: input) }
        try? stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = passStderr ? Data() : stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, output, String(decoding: errors, as: UTF8.self))
    }
}

/// The side-by-side table.
struct BenchTable {
    let cases: [BenchCase]
    let ours: [String: Double]
    let theirs: [String: Double]

    private var rows: [[String]] {
        cases.map { c in
            let o = ours[c.id] ?? .nan
            let t = theirs[c.id] ?? .nan
            return [c.name, c.size, Self.ms(o), "\(Self.ms(t)) (\(c.library))", String(format: "%.2f×", t / o)]
        }
    }

    static let header = ["case", "size", "ours", "theirs", "ratio"]

    static func ms(_ v: Double) -> String {
        v.isNaN ? "n/a" : v < 0.1 ? String(format: "%.4f ms", v) : String(format: "%.2f ms", v)
    }

    var text: String {
        let all = [Self.header] + rows
        let widths = (0..<Self.header.count).map { col in all.map { $0[col].count }.max() ?? 0 }
        func line(_ r: [String]) -> String {
            zip(r, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
        }
        return ([line(Self.header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
            + rows.map(line)).joined(separator: "\n") + "\n(ratio = theirs ÷ ours; above 1 means TensorBridge is faster)"
    }

    var markdown: String {
        (["| " + Self.header.joined(separator: " | ") + " |", "|---|---|---|---|---|"]
            + rows.map { "| " + $0.joined(separator: " | ") + " |" }).joined(separator: "\n") + "\n"
    }
}
