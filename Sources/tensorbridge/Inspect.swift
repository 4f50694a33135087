import ArgumentParser
import Foundation
import TensorBridgeFormats

/// `tensorbridge inspect FILE [--json]`: lists the tensors in a tensor file.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the tensors in a .npy, .npz, .safetensors, .pb or .pbtxt file.",
        discussion: """
        Prints name, TensorFlow dtype, shape, byte size, and min/max/mean for numeric tensors.
        With --json, prints one line: {"version":1,"file":...,"format":...,"tensors":[{"name",
        "dtype","shape","bytes","min","max","mean"}]} (see TensorSummary.json in TensorBridgeFormats).
        """)

    @Argument(help: "The tensor file.")
    var file: String

    @Flag(help: "Print the stable JSON document instead of text.")
    var json = false

    func run() throws {
        try CLIErrors.oneLine {
            if try InspectTensorFlow.run(file, json: json) { return }  // TF checkpoints, SavedModel, TFRecord (Inspect+TensorFlow.swift)
            let url = URL(fileURLWithPath: file)
            let format = try TensorFileFormat(url: url)
            let summaries = try TensorFileFormat.load(url).map(TensorSummary.init)
            if json {
                print(TensorSummary.json(file: url.lastPathComponent, format: format, summaries: summaries))
            } else {
                print("\(url.lastPathComponent) (\(format.rawValue), \(summaries.count) tensor\(summaries.count == 1 ? "" : "s"))")
                for s in summaries { print("  " + s.text) }
            }
        }
    }
}

/// Bad input ends the command with one line on stderr and a non-zero status.
enum CLIErrors {
    static func oneLine(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as ExitCode {
            throw error
        } catch {
            let message = "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
            FileHandle.standardError.write(Data("tensorbridge: error: \(message)\n".utf8))
            throw ExitCode.failure
        }
    }
}
