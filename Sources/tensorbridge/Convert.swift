import ArgumentParser
import Foundation
import TensorBridge
import TensorBridgeFormats

/// `tensorbridge convert IN OUT`: converts between tensor file formats, losing nothing or
/// refusing before anything is written.
struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert between .npy, .npz, safetensors (or a sharded index), .pb and .pbtxt.",
        discussion: """
        The input format is read from the file's content, the output format from OUT's \
        extension. The output is replaced atomically (temporary file, then rename); \
        --durable also syncs it to disk.
        Nothing is lost silently. A file of many tensors converts to a one-tensor format \
        (.npy, .pb, .pbtxt) only with --name. safetensors __metadata__ is kept by a \
        safetensors output, and a conversion that would drop it is refused unless \
        --drop-metadata. A TensorProto over protobuf's 2 GiB limit is refused. bfloat16 and \
        float8 written to .npy/.npz become NumPy raw void items ('<V2'/'|V1'), with a \
        warning: read them back with --void-as.
        An .npz output is deflated with --compress (as np.savez_compressed); by default it is \
        deflated exactly when the input is a deflated .npz.
        """)

    @Argument(help: "The input file (or a directory holding model.safetensors.index.json).")
    var input: String

    @Argument(help: "The output file; its extension names the format.")
    var output: String

    @Option(help: "The tensor to take (many → one), or the name to give (one → many).")
    var name: String?

    @Flag(inversion: .prefixedNo, help: "Deflate .npz members (default: as the input .npz was).")
    var compress: Bool?

    @Flag(help: "Convert even though the output cannot hold the input's metadata.")
    var dropMetadata = false

    @Flag(help: "Sync the output file and its directory before finishing (survives a power loss).")
    var durable = false

    @Option(help: ArgumentHelp("The dtype of .npy raw void items in the input ('<V2' is NumPy's bfloat16).",
                               valueName: "bfloat16|float8_e4m3fn|float8_e5m2|..."))
    var voidAs: String?

    func run() throws {
        try CLIErrors.oneLine {
            if try ConvertTensorFlow.run(input, to: output, name: name) { return }  // TF checkpoints, SavedModel, TFRecord (Convert+TensorFlow.swift)
            let inURL = URL(fileURLWithPath: input), outURL = URL(fileURLWithPath: output)
            let outFormat = try TensorFileFormat(url: outURL)
            // Inputs are mapped: tensors share the file's pages, and the writer streams from them.
            let contents = try TensorFileFormat.open(inURL, mmap: true, voidAs: try CLIErrors.dtype(voidAs))
            let tensors = try select(contents.tensors, input: inURL, inputHoldsOne: contents.format.holdsOneTensor, output: outFormat)
            var metadata = contents.metadata
            let keepsMetadata = outFormat == .safetensors || outFormat == .safetensorsIndex
            if !metadata.isEmpty, !keepsMetadata {
                guard dropMetadata else {
                    throw ValidationError("\(inURL.lastPathComponent) has metadata (\(metadata.keys.sorted().joined(separator: ", "))) that \(outFormat.fileExtension) cannot hold; pass --drop-metadata to convert without it")
                }
                metadata = [:]
            }
            if outFormat == .npy || outFormat == .npz {
                for t in tensors where [.bfloat16, .float8_e4m3fn, .float8_e5m2].contains(t.tensor.dtype) || t.tensor.dtype.isStorageOnly {
                    CLIErrors.warn("\(outFormat.fileExtension) cannot name \(t.tensor.dtype.name): '\(t.name)' is written as NumPy raw void items ('\(t.tensor.dtype == .bfloat16 ? "<V2" : "|V1")'); read it back with --void-as \(t.tensor.dtype.name) (NumPy: .view(ml_dtypes.\(t.tensor.dtype.name)))")
                }
            }
            let compressed = try compress ?? (contents.format == .npz && NPZ.isCompressed(inURL))
            let total = tensors.reduce(0) { $0 + $1.tensor.byteCount }
            let counter = WriteProgress()
            let progress = ProgressLine(total: total, label: "converting", read: { counter.bytesWritten })
            defer { progress.finish() }
            try WriteProgress.$current.withValue(counter) {
                try TensorFileFormat.save(tensors, metadata: metadata, to: outURL,
                                          options: SaveOptions(compressed: compressed, durable: durable))
            }
        }
    }

    /// The tensors to write: `--name` picks one (or renames a single tensor); a one-tensor
    /// output needs exactly one.
    private func select(_ tensors: [NamedTensor], input: URL, inputHoldsOne: Bool, output: TensorFileFormat) throws -> [NamedTensor] {
        let names = tensors.map(\.name).joined(separator: ", ")
        if inputHoldsOne, let name, let only = tensors.first {
            return [NamedTensor(name: name, tensor: only.tensor)]
        }
        if let name {
            guard let match = tensors.first(where: { $0.name == name }) else {
                throw ValidationError("no tensor named '\(name)' in \(input.lastPathComponent); names: \(names)")
            }
            return [match]
        }
        if output.holdsOneTensor, tensors.count != 1 {
            throw ValidationError("\(input.lastPathComponent) holds \(tensors.count) tensors; pick one with --name (names: \(names))")
        }
        return tensors
    }
}
