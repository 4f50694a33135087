import ArgumentParser
import Foundation
import TensorBridge

/// `tensorbridge bench`: our cases and the matching TensorFlow/NumPy code, timed on the same
/// machine in one run, printed side by side with the ratio (theirs ÷ ours: above 1 is faster).
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmark TensorBridge against TensorFlow and NumPy, side by side.")

    @Option(help: "Run only cases whose name contains this text.")
    var filter: String?

    @Option(help: "Timed repetitions per case (the median is reported).")
    var repeats = 5

    @Option(help: "Python with TensorFlow and NumPy for the reference side (default: .venv/bin/python, then python3).")
    var python: String?

    @Option(help: "The reference runner script.")
    var referenceScript = "scripts/bench_reference.py"

    @Option(help: "Also write the table as Markdown to this file.")
    var markdown: String?

    func run() async throws {
        let cases = BenchSuite.all.filter { c in filter.map { c.id.contains($0) } ?? true }
        guard !cases.isEmpty else { throw ValidationError("no benchmark case matches '\(filter ?? "")'") }

        var ours: [String: Double] = [:]
        for (i, c) in cases.enumerated() {
            FileHandle.standardError.write(Data("[\(i + 1)/\(cases.count)] \(c.name) \(c.size)…\n".utf8))
            ours[c.id] = try c.measure(repeats: repeats)
        }
        FileHandle.standardError.write(Data("Running the TensorFlow/NumPy side…\n".utf8))
        let theirs = try ReferenceRunner(python: python, script: referenceScript).run(cases, repeats: repeats)

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
    let python: String?
    let script: String

    func run(_ cases: [BenchCase], repeats: Int) throws -> [String: Double] {
        let request = cases.map { ["id": $0.id, "setup": $0.referenceSetup, "stmt": $0.referenceStatement] }
        let input = try JSONSerialization.data(withJSONObject: ["repeats": repeats, "cases": request])
        let process = Process()
        process.executableURL = URL(fileURLWithPath: resolvedPython())
        process.arguments = [script]
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let json = try JSONSerialization.jsonObject(with: output) as? [String: Double] else {
            throw ValidationError("the reference runner (\(script)) failed with status \(process.terminationStatus); run scripts/setup-venv first")
        }
        return json
    }

    private func resolvedPython() -> String {
        if let python { return python }
        if let env = ProcessInfo.processInfo.environment["TENSORBRIDGE_PYTHON"] { return env }
        if FileManager.default.isExecutableFile(atPath: ".venv/bin/python") { return ".venv/bin/python" }
        return "/usr/bin/env"
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
