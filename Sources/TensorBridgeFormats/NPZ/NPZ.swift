import Foundation
import ZIPFoundation

/// NumPy's `.npz`: a ZIP archive of `.npy` members, written by `np.savez` (stored) and
/// `np.savez_compressed` (deflated), with the ZIP64 headers NumPy writes.
///
/// Members are read as `np.load` reads them: `NAME.npy` becomes the tensor named `NAME` (and
/// back); a member named otherwise that holds `.npy` data (it starts with `\x93NUMPY`) is read
/// as an array under its full name; any other member becomes a rank-0 string tensor holding its
/// bytes, as `np.load` returns `bytes` for it. Nothing is skipped.
public enum NPZ {
    /// Safety limits for reading untrusted archives.
    public struct Limits: Sendable {
        /// The most bytes all members may expand to together.
        public var maxTotalBytes: Int
        /// The largest expansion ratio a deflated member may claim (deflate's own ceiling is
        /// about 1032:1; anything above is a lie or a bomb).
        public var maxCompressionRatio: Int

        /// 64 GiB in all, ratio 1100.
        public static let `default` = Limits(maxTotalBytes: 64 << 30, maxCompressionRatio: 1100)

        /// Sets both limits.
        public init(maxTotalBytes: Int, maxCompressionRatio: Int) {
            self.maxTotalBytes = maxTotalBytes
            self.maxCompressionRatio = maxCompressionRatio
        }
    }

    /// Loads every `.npy` member, in archive order. Each tensor owns its data (a copy).
    /// - Parameters:
    ///   - url: The `.npz` file.
    ///   - voidAs: As in ``NPY/load(_:mmap:voidAs:)``.
    ///   - limits: The most bytes the members may expand to, and the largest compression ratio
    ///     a member may claim (zip-bomb protection).
    /// - Throws: `TensorBridgeError` for a damaged archive, a member larger than it claims, a
    ///   claimed size beyond the limits (zip bombs), or any `.npy` error.
    public static func load(_ url: URL, voidAs: DType? = nil, limits: Limits = .default) throws -> [NamedTensor] {
        let fileSize = try RandomAccessFile(url: url).size
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw TensorBridgeError.invalidFormat("\(url.lastPathComponent) is not a readable ZIP archive: \(error)")
        }
        return try read(archive, fileSize: fileSize, label: url.lastPathComponent, voidAs: voidAs, limits: limits)
    }

    /// Decodes an `.npz` archive held in memory, with the same checks as ``load(_:voidAs:limits:)``.
    /// The bytes go through a private temporary file: ZIPFoundation's in-memory archive traps
    /// on some damaged inputs (found by fuzzing), while its file-backed reader reports errors.
    public static func decode(_ data: Data, voidAs: DType? = nil, limits: Limits = .default) throws -> [NamedTensor] {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("tensorbridge-npz-\(UUID().uuidString).npz")
        defer { try? FileManager.default.removeItem(at: url) }
        do {
            try data.write(to: url)
        } catch {
            throw TensorBridgeError.io("cannot stage the archive in \(url.path): \(error)")
        }
        return try load(url, voidAs: voidAs, limits: limits)
    }

    private static func read(_ archive: Archive, fileSize: Int, label: String, voidAs: DType?, limits: Limits) throws -> [NamedTensor] {
        var tensors: [NamedTensor] = []
        var total = 0
        for entry in archive where entry.type == .file {
            let claimed = try checkedSize(entry, fileSize: fileSize, limits: limits)
            total += claimed
            guard total <= limits.maxTotalBytes else {
                throw TensorBridgeError.limitExceeded("\(label) expands to more than \(limits.maxTotalBytes) bytes")
            }
            // The member is inflated straight into one buffer, and the tensor is a window into
            // it: one copy, whatever the member's size.
            let member = try TensorBuffer.allocateHost(byteCount: claimed)
            var filled = 0
            do {
                _ = try archive.extract(entry, bufferSize: 4 << 20, skipCRC32: false) { chunk in
                    guard filled + chunk.count <= claimed else {
                        throw TensorBridgeError.limitExceeded("member \(entry.path) expands beyond the \(claimed) bytes it claims")
                    }
                    chunk.withUnsafeBytes { raw in
                        if let base = raw.baseAddress { (member.baseAddress + filled).copyMemory(from: base, byteCount: raw.count) }
                    }
                    filled += chunk.count
                }
            } catch let error as TensorBridgeError {
                throw error
            } catch {
                throw TensorBridgeError.invalidFormat("member \(entry.path) cannot be read: \(error)")
            }
            guard filled == claimed else {
                throw TensorBridgeError.truncated("member \(entry.path) holds \(filled) bytes but claims \(claimed)")
            }
            let name = memberName(entry.path)
            let bytes = UnsafeRawBufferPointer(start: member.baseAddress, count: claimed)
            if bytes.starts(with: NPYHeader.magic) {
                tensors.append(NamedTensor(name: name, tensor: try NPYReader.read(BufferSource(buffer: member, count: claimed), voidAs: voidAs)))
            } else {
                tensors.append(NamedTensor(name: name, tensor: try Tensor(strings: [Array(bytes)], shape: [])))
            }
        }
        return tensors
    }

    /// Whether any member of the archive at `url` is deflated (`np.savez_compressed` wrote it).
    public static func isCompressed(_ url: URL) throws -> Bool {
        do {
            return try Archive(url: url, accessMode: .read).contains { $0.isCompressed }
        } catch {
            throw TensorBridgeError.invalidFormat("\(url.lastPathComponent) is not a readable ZIP archive: \(error)")
        }
    }

    /// `NAME.npy` → `NAME`; any other member keeps its full name (NumPy's `NpzFile.files`).
    static func memberName(_ path: String) -> String {
        path.hasSuffix(".npy") ? String(path.dropLast(4)) : path
    }

    /// Reads each member's `.npy` header only (deflated members are inflated just far enough).
    /// - Throws: `TensorBridgeError` for a damaged archive or header.
    public static func readInfo(_ url: URL, voidAs: DType? = nil, limits: Limits = .default) throws -> [TensorInfo] {
        let fileSize = try RandomAccessFile(url: url).size
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw TensorBridgeError.invalidFormat("\(url.lastPathComponent) is not a readable ZIP archive: \(error)")
        }
        struct Enough: Error {}
        var infos: [TensorInfo] = []
        for entry in archive where entry.type == .file {
            let claimed = try checkedSize(entry, fileSize: fileSize, limits: limits)
            let want = min(claimed, 12 + NPYHeader.maxHeaderLength)
            var prefix = [UInt8]()
            do {
                _ = try archive.extract(entry, bufferSize: 16 << 10, skipCRC32: true) { chunk in
                    prefix += chunk.prefix(want - prefix.count)
                    if prefix.count >= want { throw Enough() }
                }
            } catch is Enough {
            } catch {
                throw TensorBridgeError.invalidFormat("member \(entry.path) cannot be read: \(error)")
            }
            let name = memberName(entry.path)
            guard prefix.starts(with: NPYHeader.magic) else {
                infos.append(TensorInfo(name: name, dtype: .string, shape: [], byteCount: claimed))
                continue
            }
            let (header, dataOffset) = try NPYHeader.parse(fileSize: claimed) { offset, count in
                guard offset + count <= prefix.count else { throw TensorBridgeError.truncated("member \(entry.path) ends inside its .npy header") }
                return Array(prefix[offset..<(offset + count)])
            }
            let dtype = try header.descr.dtype(voidAs: voidAs)
            let shape = try Shape.fromFile(header.shape, what: "member \(entry.path) shape")
            let item = header.descr.kind == "U" ? header.descr.itemSize * 4 : header.descr.itemSize
            let (bytes, overflow) = shape.elementCount.multipliedReportingOverflow(by: item)
            guard !overflow, bytes <= claimed - dataOffset else {
                throw TensorBridgeError.truncated("member \(entry.path): .npy header promises more data than the member holds")
            }
            infos.append(TensorInfo(name: name, dtype: dtype, shape: shape.dimensions, byteCount: bytes))
        }
        return infos
    }

    /// The member's claimed uncompressed size, checked against the archive's real size:
    /// a stored member cannot be larger than its compressed bytes, and a deflated one
    /// cannot claim more than `maxCompressionRatio` times them.
    private static func checkedSize(_ entry: Entry, fileSize: Int, limits: Limits) throws -> Int {
        let compressed = entry.compressedSize, uncompressed = entry.uncompressedSize
        guard compressed <= UInt64(fileSize) else {
            throw TensorBridgeError.truncated("member \(entry.path) claims \(compressed) compressed bytes in a \(fileSize)-byte file")
        }
        if entry.isCompressed {
            let (ceiling, overflow) = Int(compressed).multipliedReportingOverflow(by: limits.maxCompressionRatio)
            guard overflow || uncompressed <= UInt64(ceiling) + 1024 else {
                throw TensorBridgeError.limitExceeded("member \(entry.path) claims \(uncompressed) bytes from \(compressed): a zip bomb or a lie")
            }
        } else {
            guard uncompressed == compressed else {
                throw TensorBridgeError.invalidFormat("stored member \(entry.path) claims \(uncompressed) bytes but stores \(compressed)")
            }
        }
        guard uncompressed <= UInt64(limits.maxTotalBytes) else {
            throw TensorBridgeError.limitExceeded("member \(entry.path) claims \(uncompressed) bytes, over the limit")
        }
        return Int(uncompressed)
    }

    /// Saves `tensors` as `NAME.npy` members, deflated when `compressed` (like
    /// `np.savez_compressed`) or stored (like `np.savez`), atomically (temporary file, then
    /// rename; with `durable`, synced as ``NPY/save(_:to:durable:)`` explains). Each member's
    /// bytes are those `np.save` writes, streamed from the tensor's memory (no copy of it is made).
    /// - Throws: `TensorBridgeError` for duplicate names, unwritable dtypes or I/O failures.
    public static func save(_ tensors: [NamedTensor], to url: URL, compressed: Bool = false, durable: Bool = false) throws {
        var seen = Set<String>()
        for t in tensors where !seen.insert(t.name).inserted {
            throw TensorBridgeError.invalidFormat("tensor name '\(t.name)' appears twice")
        }
        if !compressed {
            // Stored members are written by hand, streamed from the tensors' memory.
            try AtomicFile.replace(url, durable: durable) { file in
                var zip = StoredZipWriter(file: file)
                for t in tensors {
                    let (header, strings) = try NPYWriter.header(for: t.tensor)
                    try header.withUnsafeBytes { head in
                        try withMemberBytes(t.tensor, strings: strings) { body in
                            try zip.add(name: t.name + ".npy", parts: [head, body])
                        }
                    }
                }
                try zip.finish()
            }
            return
        }
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(UUID().uuidString)")
        do {
            let archive: Archive
            do {
                archive = try Archive(url: temporary, accessMode: .create)
            } catch {
                throw TensorBridgeError.io("cannot create \(temporary.path): \(error)")
            }
            let progress = WriteProgress.current
            for t in tensors {
                let (header, strings) = try NPYWriter.header(for: t.tensor)
                try withMemberBytes(t.tensor, strings: strings) { body in
                    let total = header.count + body.count
                    do {
                        try archive.addEntry(with: t.name + ".npy", type: .file, uncompressedSize: Int64(total),
                                             compressionMethod: compressed ? .deflate : .none, bufferSize: 4 << 20) { position, size in
                            // The member is the header followed by the tensor's bytes.
                            var start = Int(position)
                            let end = min(total, start + size)
                            var chunk = Data(capacity: end - start)
                            if start < header.count {
                                chunk.append(contentsOf: header[start..<min(header.count, end)])
                                start = min(header.count, end)
                            }
                            if start < end, let base = body.baseAddress {
                                chunk.append(contentsOf: UnsafeRawBufferPointer(start: base + (start - header.count), count: end - start))
                            }
                            progress?.add(chunk.count)
                            return chunk
                        }
                    } catch {
                        throw TensorBridgeError.io("cannot write member \(t.name).npy: \(error)")
                    }
                }
            }
            try AtomicFile.commit(temporary: temporary, to: url, durable: durable)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    /// Runs `body` over the member's data bytes: string tensors' encoded items, or the
    /// tensor's own memory.
    private static func withMemberBytes(_ tensor: Tensor, strings: [UInt8]?, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        if let strings { return try strings.withUnsafeBytes(body) }
        try tensor.withUnsafeBytes(body)
    }
}
