import ArgumentParser
import Foundation
import TensorBridgeFormats
#if canImport(Glibc)
import Glibc
#endif

/// `tensorbridge convert IN OUT [--name N]`: converts between tensor file formats by extension.
struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert between .npy, .npz, .safetensors, .pb and .pbtxt (chosen by extension).",
        discussion: """
        A file of many tensors converts to a one-tensor format (.npy, .pb, .pbtxt) only with \
        --name; without it the command refuses and lists the names. With --name, a \
        many-tensor output holds just that tensor; a one-tensor input is given that name.
        """)

    @Argument(help: "The input file.")
    var input: String

    @Argument(help: "The output file (replaced atomically).")
    var output: String

    @Option(help: "The tensor to take (many → one), or the name to give (one → many).")
    var name: String?

    func run() throws {
        try CLIErrors.oneLine {
            if try ConvertTensorFlow.run(input, to: output, name: name) { return }  // TF checkpoints, SavedModel, TFRecord (Convert+TensorFlow.swift)
            let inURL = URL(fileURLWithPath: input), outURL = URL(fileURLWithPath: output)
            let inFormat = try TensorFileFormat(url: inURL), outFormat = try TensorFileFormat(url: outURL)
            let size = (try? FileManager.default.attributesOfItem(atPath: inURL.path)[.size] as? Int) ?? 0
            let progress = ProgressBar(enabled: size > 64 << 20 && isatty(STDERR_FILENO) != 0)
            progress.update(0, "reading")
            var tensors = try TensorFileFormat.load(inURL)
            progress.update(0.5, "writing")
            if inFormat.holdsOneTensor, let name, let only = tensors.first {
                tensors = [NamedTensor(name: name, tensor: only.tensor)]
            } else if let name {
                guard let match = tensors.first(where: { $0.name == name }) else {
                    throw ValidationError("no tensor named '\(name)' in \(inURL.lastPathComponent); names: \(tensors.map(\.name).joined(separator: ", "))")
                }
                tensors = [match]
            } else if outFormat.holdsOneTensor, tensors.count != 1 {
                throw ValidationError("\(inURL.lastPathComponent) holds \(tensors.count) tensors; pick one with --name (names: \(tensors.map(\.name).joined(separator: ", ")))")
            }
            try TensorFileFormat.save(tensors, to: outURL)
            progress.update(1, "done")
            progress.finish()
        }
    }
}

/// A one-line progress bar on stderr, drawn only when enabled (a terminal and a big file).
struct ProgressBar {
    let enabled: Bool

    func update(_ fraction: Double, _ label: String) {
        guard enabled else { return }
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        FileHandle.standardError.write(Data("\r[\(bar)] \(Int(fraction * 100))% \(label)    ".utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
