import Foundation

/// The tensors and metadata of a safetensors file, in data-offset order.
public struct SafetensorsFile: Sendable {
    /// The tensors, in the order their data appears in the file.
    public var tensors: [NamedTensor]
    /// The `__metadata__` string map (empty when absent).
    public var metadata: [String: String]

    /// Collects tensors and metadata (nothing is copied).
    public init(tensors: [NamedTensor], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }

    /// The tensor called `name`, if any.
    public subscript(name: String) -> Tensor? { tensors.first { $0.name == name }?.tensor }

    /// The tensor names in file order.
    public var names: [String] { tensors.map(\.name) }
}

/// Hugging Face's safetensors format: a u64 header length, a JSON header, raw data.
///
/// The reader is as strict as the reference (huggingface/safetensors, safetensors/src/tensor.rs): header over 100 MB, header past the end, bad JSON,
/// unknown dtypes, size mismatches, gaps, overlaps and trailing bytes are all refused with a
/// `TensorBridgeError`. The writer lays files out byte for byte like `safetensors.numpy.save`
/// (metadata keys sorted, since the reference does not fix their order).
public enum Safetensors {
    /// Loads every tensor in `url`.
    ///
    /// - Parameters:
    ///   - url: The `.safetensors` file.
    ///   - mmap: When `true`, the file is mapped read-only and every tensor **shares** its
    ///     pages (O(1)); the mapping stays open while any tensor uses it. When `false`, the
    ///     data region is read once into one new host allocation that the tensors share (it
    ///     is freed when the last of them dies).
    /// - Throws: `TensorBridgeError` for any malformed file.
    public static func load(_ url: URL, mmap: Bool = false) throws -> SafetensorsFile {
        if mmap { return try SafetensorsReader.read(MappedSource(file: try MappedFile(url: url))) }
        return try SafetensorsReader.read(try RandomAccessFile(url: url))
    }

    /// Decodes a safetensors file held in memory (the tensors own a copy of the data).
    public static func decode(_ data: Data) throws -> SafetensorsFile {
        try data.withUnsafeBytes { try SafetensorsReader.read(MemorySource(data: $0)) }
    }

    /// Saves `tensors` atomically (temporary file, then rename), laid out like the reference.
    /// With `durable`, the file and its directory are synced too, as ``NPY/save(_:to:durable:)``
    /// explains.
    /// - Throws: `TensorBridgeError` (`.unsupportedDType`) for complex128 and string tensors,
    ///   `TensorBridgeError` (`.invalidFormat`) for duplicate names.
    public static func save(_ tensors: [NamedTensor], metadata: [String: String] = [:], to url: URL, durable: Bool = false) throws {
        let layout = try SafetensorsLayout(tensors, metadata: metadata)
        try AtomicFile.replace(url, durable: durable) { file in
            try file.write(layout.header, at: 0)
            for item in layout.items where item.count > 0 {
                try item.tensor.withUnsafeBytes { raw in
                    if let base = raw.baseAddress { try file.write(base, count: raw.count, at: layout.header.count + item.begin) }
                }
            }
        }
    }

    /// The bytes ``save(_:metadata:to:durable:)`` would write (a copy).
    public static func encode(_ tensors: [NamedTensor], metadata: [String: String] = [:]) throws -> Data {
        let layout = try SafetensorsLayout(tensors, metadata: metadata)
        var out = Data(layout.header)
        for item in layout.items { try item.tensor.withUnsafeBytes { out.append(contentsOf: $0) } }
        return out
    }
}
