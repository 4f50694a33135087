import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A program built next to the test bundle (`swift build --build-tests` builds every product
/// into the same folder), such as `tensorbridge` or `tensorbridge-fault-probe`.
func builtExecutable(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> URL {
    let bundle = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    let url = bundle.deletingLastPathComponent().appendingPathComponent(name)
    guard FileManager.default.isExecutableFile(atPath: url.path) else {
        Issue.record("\(url.path) is missing: build every product first (swift build --build-tests)", sourceLocation: sourceLocation)
        throw CocoaError(.fileNoSuchFile)
    }
    return url
}

/// A finished child process: how it ended and what it printed.
struct ChildResult {
    let status: Int32
    let reason: Process.TerminationReason
    let stdout: String
    let stderr: String

    var exitedNormally: Bool { reason == .exit }
}

/// A child process with piped standard streams.
final class Child {
    let process = Process()
    private let input = Pipe(), output = Pipe()
    /// stderr goes to a file, so a long report (a crash backtrace) can never fill a pipe and
    /// block the child while the test reads stdout.
    private let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("tbfaults-stderr-\(UUID().uuidString)")
    private var pending = Data()

    /// - Parameter environment: the child's whole environment; nil inherits this process's.
    init(_ executable: URL, _ arguments: [String], environment: [String: String]? = nil) throws {
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardInput = input
        process.standardOutput = output
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errorFile)
        try process.run()
    }

    /// The next line on stdout (nil at end of file).
    func readLine() -> String? {
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                pending = Data(pending[(newline + 1)...])
                return line
            }
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { return nil }
            pending.append(chunk)
        }
    }

    func writeLine(_ line: String) {
        input.fileHandleForWriting.write(Data((line + "\n").utf8))
    }

    /// Waits for the end, collecting the rest of both streams.
    func finish() -> ChildResult {
        try? input.fileHandleForWriting.close()
        let rest = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let err = (try? Data(contentsOf: errorFile)) ?? Data()
        try? FileManager.default.removeItem(at: errorFile)
        return ChildResult(status: process.terminationStatus, reason: process.terminationReason,
                           stdout: String(decoding: pending + rest, as: UTF8.self),
                           stderr: String(decoding: err, as: UTF8.self))
    }

    /// Runs to the end with no input.
    static func run(_ executable: URL, _ arguments: [String], environment: [String: String]? = nil) throws -> ChildResult {
        try Child(executable, arguments, environment: environment).finish()
    }
}
