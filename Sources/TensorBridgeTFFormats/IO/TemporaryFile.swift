#if canImport(Glibc)
import TensorBridge
import Glibc
#endif

/// A file written under a temporary name next to its destination and renamed into place only
/// once complete, so that readers never see a partial file. Dropped without being renamed,
/// it removes itself.
final class TemporaryFile {
    /// The temporary name.
    let path: String
    private let fd: Int32
    private var renamed = false

    /// Creates `destination` plus a unique suffix.
    init(next destination: String) throws {
        let path = destination + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw TensorBridgeError.io("cannot create \(path): \(String(cString: strerror(errno)))") }
        self.path = path
        self.fd = fd
    }

    /// Writes all of `raw`, retrying short and interrupted writes.
    func write(_ raw: UnsafeRawBufferPointer) throws {
        guard let base = raw.baseAddress else { return }
        var done = 0
        while done < raw.count {
            let n = Glibc.write(fd, base + done, raw.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw TensorBridgeError.io("cannot write \(path): \(String(cString: strerror(errno)))")
            }
            done += n
        }
    }

    func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Flushes the file to disk (before the rename, so that a crash cannot leave a renamed
    /// file whose data never reached the disk).
    func sync() throws {
        guard fsync(fd) == 0 else { throw TensorBridgeError.io("cannot sync \(path): \(String(cString: strerror(errno)))") }
    }

    /// Renames the file to `destination`; from then on it stays.
    func rename(to destination: String) throws {
        guard Glibc.rename(path, destination) == 0 else {
            throw TensorBridgeError.io("cannot rename \(path) to \(destination): \(String(cString: strerror(errno)))")
        }
        renamed = true
    }

    deinit {
        close(fd)
        if !renamed { unlink(path) }
    }
}
