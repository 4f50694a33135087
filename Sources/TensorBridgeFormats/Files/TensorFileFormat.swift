import Foundation

/// The tensor file formats, chosen by file extension, with one load and save entry point
/// for all of them (used by `tensorbridge inspect` and `convert`).
public enum TensorFileFormat: String, Sendable, CaseIterable {
    case npy, npz, safetensors, pb, pbtxt

    /// The format for `url`'s extension.
    /// - Throws: ``FormatError/unsupportedDType(_:)`` never; ``FormatError/invalidHeader(_:)``
    ///   for an unknown extension, naming the known ones.
    public init(url: URL) throws {
        guard let format = TensorFileFormat(rawValue: url.pathExtension.lowercased()) else {
            throw FormatError.invalidHeader("unknown tensor file extension '.\(url.pathExtension)' (known: .npy .npz .safetensors .pb .pbtxt)")
        }
        self = format
    }

    /// Whether the format holds one unnamed tensor (`.npy`, `.pb`, `.pbtxt`).
    public var holdsOneTensor: Bool { self == .npy || self == .pb || self == .pbtxt }

    /// Loads every tensor in `url`. Single-tensor formats name it after the file (without
    /// extension). Tensors own their data (nothing stays mapped).
    public static func load(_ url: URL) throws -> [NamedTensor] {
        let stem = url.deletingPathExtension().lastPathComponent
        switch try TensorFileFormat(url: url) {
        case .npy: return [NamedTensor(name: stem, tensor: try NPY.load(url))]
        case .npz: return try NPZ.load(url)
        case .safetensors: return try Safetensors.load(url).tensors
        case .pb, .pbtxt: return [NamedTensor(name: stem, tensor: try TensorProtoFile.load(url))]
        }
    }

    /// Saves `tensors` to `url` in the format its extension names. Single-tensor formats
    /// need exactly one tensor.
    public static func save(_ tensors: [NamedTensor], to url: URL) throws {
        let format = try TensorFileFormat(url: url)
        if format.holdsOneTensor {
            guard tensors.count == 1, let only = tensors.first else {
                throw FormatError.invalidHeader(".\(format.rawValue) holds exactly one tensor, but \(tensors.count) were given")
            }
            switch format {
            case .npy: try NPY.save(only.tensor, to: url)
            default: try TensorProtoFile.save(only.tensor, to: url)
            }
            return
        }
        switch format {
        case .npz: try NPZ.save(tensors, to: url, compressed: false)
        default: try Safetensors.save(tensors, to: url)
        }
    }
}
