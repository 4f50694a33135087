import Foundation
import ZIPFoundation

/// NumPy's `.npz`: a ZIP archive of `.npy` members, written by `np.savez` (stored) and
/// `np.savez_compressed` (deflated), with the ZIP64 headers NumPy writes.
///
/// Member `NAME.npy` becomes the tensor named `NAME` (and back). Members that are not `.npy`
/// files are skipped. Stored members are read without inflating.
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
    /// - Throws: ``FormatError`` for a damaged archive, a member larger than it claims, a
    ///   claimed size beyond the limits (zip bombs), or any `.npy` error.
    public static func load(_ url: URL, voidAs: DType? = nil, limits: Limits = .default) throws -> [NamedTensor] {
        let fileSize = try RandomAccessFile(url: url).size
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw FormatError.invalidHeader("\(url.lastPathComponent) is not a readable ZIP archive: \(error)")
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
            throw FormatError.io("cannot stage the archive in \(url.path): \(error)")
        }
        return try load(url, voidAs: voidAs, limits: limits)
    }

    private static func read(_ archive: Archive, fileSize: Int, label: String, voidAs: DType?, limits: Limits) throws -> [NamedTensor] {
        var tensors: [NamedTensor] = []
        var total = 0
        for entry in archive where entry.type == .file && entry.path.hasSuffix(".npy") {
            let claimed = try checkedSize(entry, fileSize: fileSize, limits: limits)
            total += claimed
            guard total <= limits.maxTotalBytes else {
                throw FormatError.limitExceeded("\(label) expands to more than \(limits.maxTotalBytes) bytes")
            }
            var data = Data()
            data.reserveCapacity(claimed)
            do {
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    guard data.count + chunk.count <= claimed else {
                        throw FormatError.limitExceeded("member \(entry.path) expands beyond the \(claimed) bytes it claims")
                    }
                    data.append(chunk)
                }
            } catch let error as FormatError {
                throw error
            } catch {
                throw FormatError.invalidHeader("member \(entry.path) cannot be read: \(error)")
            }
            guard data.count == claimed else {
                throw FormatError.truncated("member \(entry.path) holds \(data.count) bytes but claims \(claimed)")
            }
            let name = String(entry.path.dropLast(4))
            tensors.append(NamedTensor(name: name, tensor: try NPY.decode(data, voidAs: voidAs)))
        }
        return tensors
    }

    /// The member's claimed uncompressed size, checked against the archive's real size:
    /// a stored member cannot be larger than its compressed bytes, and a deflated one
    /// cannot claim more than `maxCompressionRatio` times them.
    private static func checkedSize(_ entry: Entry, fileSize: Int, limits: Limits) throws -> Int {
        let compressed = entry.compressedSize, uncompressed = entry.uncompressedSize
        guard compressed <= UInt64(fileSize) else {
            throw FormatError.truncated("member \(entry.path) claims \(compressed) compressed bytes in a \(fileSize)-byte file")
        }
        if entry.isCompressed {
            let (ceiling, overflow) = Int(compressed).multipliedReportingOverflow(by: limits.maxCompressionRatio)
            guard overflow || uncompressed <= UInt64(ceiling) + 1024 else {
                throw FormatError.limitExceeded("member \(entry.path) claims \(uncompressed) bytes from \(compressed): a zip bomb or a lie")
            }
        } else {
            guard uncompressed == compressed else {
                throw FormatError.invalidHeader("stored member \(entry.path) claims \(uncompressed) bytes but stores \(compressed)")
            }
        }
        guard uncompressed <= UInt64(limits.maxTotalBytes) else {
            throw FormatError.limitExceeded("member \(entry.path) claims \(uncompressed) bytes, over the limit")
        }
        return Int(uncompressed)
    }

    /// Saves `tensors` as `NAME.npy` members, deflated when `compressed` (like
    /// `np.savez_compressed`) or stored (like `np.savez`), atomically (temporary file, fsync,
    /// rename). Each member's bytes are those `np.save` writes.
    /// - Throws: ``FormatError`` for duplicate names, unwritable dtypes or I/O failures.
    public static func save(_ tensors: [NamedTensor], to url: URL, compressed: Bool = false) throws {
        var seen = Set<String>()
        for t in tensors where !seen.insert(t.name).inserted {
            throw FormatError.invalidHeader("tensor name '\(t.name)' appears twice")
        }
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(UUID().uuidString)")
        do {
            let archive: Archive
            do {
                archive = try Archive(url: temporary, accessMode: .create)
            } catch {
                throw FormatError.io("cannot create \(temporary.path): \(error)")
            }
            for t in tensors {
                let bytes = try NPYWriter.encode(t.tensor)
                do {
                    try archive.addEntry(with: t.name + ".npy", type: .file, uncompressedSize: Int64(bytes.count),
                                         compressionMethod: compressed ? .deflate : .none) { position, size in
                        let start = Int(position)
                        return Data(bytes[start..<min(bytes.count, start + size)])
                    }
                } catch {
                    throw FormatError.io("cannot write member \(t.name).npy: \(error)")
                }
            }
            try AtomicFile.commit(temporary: temporary, to: url)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}
