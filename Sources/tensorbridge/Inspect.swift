import ArgumentParser
import Foundation
import TensorBridge
import TensorBridgeFormats

/// `tensorbridge inspect FILE [--stats] [--json]`: lists the tensors in a tensor file.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the tensors in a .npy, .npz, safetensors (or sharded index), .pb or .pbtxt file.",
        discussion: """
        The format is read from the file's first bytes; the extension is only a hint. By default \
        only headers are read, so this takes milliseconds for any file size: name, TensorFlow \
        dtype, shape and byte size of each tensor, and safetensors __metadata__. With --stats, \
        the data is read through a memory mapping (with progress on a terminal) for min, max \
        and mean of numeric tensors.
        With --json, prints one line: {"version":1,"file":...,"format":...,"tensors":[{"name", \
        "dtype","shape","bytes","min","max","mean"}],"metadata":{...}}. Integer min/max are \
        exact; NaN and infinities are the strings "nan", "inf", "-inf"; a float tensor holding \
        NaN has "nan" for all three (as NumPy); statistics are null without --stats.
        """)

    @Argument(help: "The tensor file (or a directory holding model.safetensors.index.json).")
    var file: String

    @Flag(help: "Also read the data for min, max and mean (through mmap, with progress).")
    var stats = false

    @Flag(help: "Print the stable JSON document instead of text.")
    var json = false

    @Option(help: ArgumentHelp("The dtype of .npy raw void items: '<V2' is how NumPy saves bfloat16, '|V1' float8.",
                               valueName: "bfloat16|float8_e4m3fn|float8_e5m2|..."))
    var voidAs: String?

    func run() throws {
        try CLIErrors.oneLine {
            if try InspectTensorFlow.run(file, json: json) { return }  // TF checkpoints, SavedModel, TFRecord (Inspect+TensorFlow.swift)
            let url = URL(fileURLWithPath: file)
            let voidDType = try CLIErrors.dtype(voidAs)
            let header = try TensorFileFormat.readHeader(url, voidAs: voidDType)
            var summaries = header.tensors.map { TensorSummary($0) }
            if stats {
                summaries = try Self.statistics(url, voidAs: voidDType, total: header.tensors.reduce(0) { $0 + $1.byteCount })
            }
            if json {
                print(TensorSummary.json(file: url.lastPathComponent, format: header.format, summaries: summaries, metadata: header.metadata))
                return
            }
            print("\(url.lastPathComponent) (\(header.format.rawValue), \(summaries.count) tensor\(summaries.count == 1 ? "" : "s"))")
            for s in summaries { print("  " + s.text) }
            if !header.metadata.isEmpty {
                print("metadata:")
                for key in header.metadata.keys.sorted() { print("  \(key): \(header.metadata[key] ?? "")") }
            }
            for note in header.notes { print("note: \(note)") }
        }
    }

    /// Every tensor with statistics, read through a mapping, with a progress line.
    static func statistics(_ url: URL, voidAs: DType?, total: Int) throws -> [TensorSummary] {
        let contents = try TensorFileFormat.open(url, mmap: true, voidAs: voidAs)
        let done = ByteCount()
        let progress = ProgressLine(total: total, label: "scanning", read: { done.count })
        defer { progress.finish() }
        var before = 0
        return try contents.tensors.map { named in
            let base = before
            let summary = try TensorSummary(named) { done.set(base + $0) }
            before += named.tensor.byteCount
            done.set(before)
            return summary
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

    /// A TensorFlow dtype name from the command line (`bfloat16`), or nil when not given.
    static func dtype(_ name: String?) throws -> DType? {
        guard let name else { return nil }
        guard let dtype = DType(name: name) else {
            throw ValidationError("unknown dtype '\(name)' (TensorFlow names, for example bfloat16, float8_e4m3fn)")
        }
        return dtype
    }

    /// A warning on stderr.
    static func warn(_ message: String) {
        FileHandle.standardError.write(Data("tensorbridge: warning: \(message)\n".utf8))
    }
}
