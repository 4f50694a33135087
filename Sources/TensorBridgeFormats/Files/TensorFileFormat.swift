import Foundation

/// The tensor file formats. An input file's format is read from its first bytes (its magic)
/// by ``detect(_:)``, with the extension only a hint; an output file's format comes from the
/// extension it is given (``init(url:)``), since it has no content yet.
public enum TensorFileFormat: String, Sendable, CaseIterable {
    case npy, npz, safetensors, pb, pbtxt
    /// A sharded safetensors checkpoint: `model.safetensors.index.json` and its shards.
    case safetensorsIndex = "safetensors-index"

    /// The format an output file's extension names (`model.safetensors.index.json` names a
    /// sharded checkpoint).
    /// - Throws: `TensorBridgeError` (`.invalidArgument`) for an unknown or missing extension,
    ///   naming the known ones.
    public init(url: URL) throws {
        if url.lastPathComponent.lowercased().hasSuffix(".safetensors.index.json") {
            self = .safetensorsIndex
            return
        }
        let ext = url.pathExtension.lowercased()
        guard let format = TensorFileFormat(rawValue: ext), format != .safetensorsIndex else {
            let what = ext.isEmpty ? "'\(url.lastPathComponent)' has no file extension" : "unknown tensor file extension '.\(url.pathExtension)'"
            throw TensorBridgeError.invalidArgument("\(what); the output format comes from it (known: .npy .npz .safetensors .pb .pbtxt .safetensors.index.json)")
        }
        self = format
    }

    /// Whether the format holds one unnamed tensor (`.npy`, `.pb`, `.pbtxt`).
    public var holdsOneTensor: Bool { self == .npy || self == .pb || self == .pbtxt }

    /// The usual extension, for messages (`.npy`, `.safetensors.index.json`).
    public var fileExtension: String { self == .safetensorsIndex ? ".safetensors.index.json" : "." + rawValue }

    /// The format of an existing file or directory, from its content.
    ///
    /// - `\x93NUMPY` is `.npy`; a ZIP signature (`PK\x03\x04`, or `PK\x05\x06` for an empty
    ///   archive) is `.npz`; an 8-byte little-endian length that fits the file followed by
    ///   `{` (after optional whitespace, as safetensors 0.8 accepts) is safetensors; a JSON
    ///   object with `"weight_map"` is a sharded index. A directory holding
    ///   `model.safetensors.index.json` is that index.
    /// - TensorProto has no magic: a `.pb`/`.pbtxt` extension is trusted, and a file without
    ///   one is taken as text format when it starts with a field name, binary when it starts
    ///   with field 1 or 2's tag.
    /// - Throws: `TensorBridgeError` (`.invalidFormat`) naming what the file is not, or
    ///   `TensorBridgeError` (`.io`) when it cannot be read.
    public static func detect(_ url: URL) throws -> TensorFileFormat {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw TensorBridgeError.io("cannot open \(url.path): No such file or directory")
        }
        if isDirectory.boolValue {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("model.safetensors.index.json").path) {
                return .safetensorsIndex
            }
            throw TensorBridgeError.invalidFormat("\(url.path) is a directory without model.safetensors.index.json; name a tensor file")
        }
        let file = try RandomAccessFile(url: url)
        let head = try file.bytes(at: 0, count: min(file.size, 64))
        if head.starts(with: NPYHeader.magic) { return .npy }
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: [0x50, 0x4B, 0x05, 0x06]) { return .npz }
        if head.count >= 9 {
            var n: UInt64 = 0
            for i in (0..<8).reversed() { n = n << 8 | UInt64(head[i]) }
            if n >= 2, n <= UInt64(file.size - 8), head[8...].first(where: { !isJSONSpace($0) }) == UInt8(ascii: "{") {
                return .safetensors
            }
        }
        let hint = try? TensorFileFormat(url: url)
        if let first = head.first(where: { !isJSONSpace($0) }), first == UInt8(ascii: "{") {
            let text = try file.bytes(at: 0, count: min(file.size, 1 << 16))
            if String(decoding: text, as: UTF8.self).contains("\"weight_map\"") { return .safetensorsIndex }
        }
        if hint == .pb || hint == .pbtxt { return hint ?? .pb }
        if let first = head.first {
            if first == 0x08 || first == 0x12 { return .pb }
            if first.isASCIILetter { return .pbtxt }
        }
        let known = ".npy (\\x93NUMPY), .npz (a ZIP archive), safetensors (a u64 length and a JSON header) or a TensorProto"
        throw TensorBridgeError.invalidFormat("cannot tell the format of \(url.lastPathComponent) from its content: it is not \(known)")
    }

    private static func isJSONSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
}

private extension UInt8 {
    var isASCIILetter: Bool { (0x41...0x5A).contains(self) || (0x61...0x7A).contains(self) }
}
