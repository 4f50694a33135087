import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Atomic file replacement: everything is written to a temporary file in the target's
/// directory, then renamed over the target. A failed or interrupted save never leaves a
/// partial file under the target name; the temporary file is removed on failure.
///
/// Durability is separate: only a `durable` commit syncs the file before the rename and the
/// directory after it, so the new file also survives a power loss. Without it (the default,
/// as fast as `np.save`), a machine crash may leave the old file or, on some file systems, an
/// empty new one; a process crash never does.
struct AtomicFile {
    let url: URL
    private let fd: Int32
    private let temporaryPath: String
    private var committed = false

    /// Creates the temporary file next to `url`.
    init(url: URL) throws {
        self.url = url
        let directory = url.deletingLastPathComponent().path
        var template = ((directory.isEmpty ? "." : directory) + "/.\(url.lastPathComponent).tmp-XXXXXX").utf8CString
        let fd = template.withUnsafeMutableBufferPointer { p in p.baseAddress.map { mkstemp($0) } ?? -1 }
        guard fd >= 0 else {
            throw FormatError.io("cannot create a temporary file next to \(url.path): \(String(cString: strerror(errno)))")
        }
        self.fd = fd
        self.temporaryPath = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        fchmod(fd, 0o644)
    }

    /// Writes `count` bytes at `offset`, in order, 64 MiB at a time. One writer is as fast as
    /// several here: buffered writes to one file are serialised by the kernel's inode lock, and
    /// sequential writes let the kernel read a mapped source ahead.
    func write(_ source: UnsafeRawPointer, count: Int, at offset: Int) throws {
        let progress = WriteProgress.current
        var done = 0
        while done < count {
            let n = min(count - done, 64 << 20)
            try FileDescriptor.write(fd, from: source + done, count: n, offset: offset + done, path: temporaryPath)
            progress?.add(n)
            done += n
        }
    }

    func write(_ bytes: [UInt8], at offset: Int) throws {
        try bytes.withUnsafeBytes { raw in
            if let base = raw.baseAddress, raw.count > 0 { try write(base, count: raw.count, at: offset) }
        }
    }

    /// Renames into place; when `durable`, syncs the file first and the directory after.
    mutating func commit(durable: Bool) throws {
        if durable {
            guard fsync(fd) == 0 else { throw FormatError.io("cannot sync \(temporaryPath): \(String(cString: strerror(errno)))") }
        }
        guard rename(temporaryPath, url.path) == 0 else {
            throw FormatError.io("cannot rename \(temporaryPath) to \(url.path): \(String(cString: strerror(errno)))")
        }
        committed = true
        // close can report a delayed write error (NFS, quota): the file is in place but bad.
        guard close(fd) == 0 else { throw FormatError.io("cannot write \(url.path): \(String(cString: strerror(errno)))") }
        if durable { AtomicFile.syncDirectory(of: url) }
    }

    /// Makes a rename in `url`'s directory durable.
    static func syncDirectory(of url: URL) {
        let directory = url.deletingLastPathComponent().path
        let dfd = Glibc.open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY)
        if dfd >= 0 { fsync(dfd); close(dfd) }
    }

    /// Removes the temporary file unless ``commit(durable:)`` succeeded.
    func discard() {
        guard !committed else { return }
        close(fd)
        unlink(temporaryPath)
    }

    /// Runs `body` against a fresh temporary file and commits it, or removes it on any error.
    static func replace(_ url: URL, durable: Bool = false, _ body: (AtomicFile) throws -> Void) throws {
        var file = try AtomicFile(url: url)
        do {
            try body(file)
            try file.commit(durable: durable)
        } catch {
            file.discard()
            throw error
        }
    }

    /// Atomically writes `data` to `url`.
    static func write(_ data: [UInt8], to url: URL, durable: Bool = false) throws {
        try replace(url, durable: durable) { try $0.write(data, at: 0) }
    }
}

extension AtomicFile {
    /// Renames a temporary file another library wrote completely over `url`; when `durable`,
    /// syncs it first and the directory after.
    static func commit(temporary: URL, to url: URL, durable: Bool = false) throws {
        if durable {
            let fd = try FileDescriptor.open(temporary.path, flags: O_RDONLY)
            let synced = fsync(fd) == 0
            close(fd)
            guard synced else { throw FormatError.io("cannot sync \(temporary.path)") }
        }
        guard rename(temporary.path, url.path) == 0 else {
            throw FormatError.io("cannot rename \(temporary.path) to \(url.path): \(String(cString: strerror(errno)))")
        }
        if durable { syncDirectory(of: url) }
    }
}
