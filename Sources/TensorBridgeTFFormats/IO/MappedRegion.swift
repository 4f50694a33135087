import TensorBridge
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A whole file mapped read-only. Tensors that share its pages keep it alive through
/// `TensorBuffer.Release.retain`; `deinit` unmaps it. Mapping reads nothing: only the pages a
/// caller touches are read from disk, so loading one tensor of a checkpoint reads that tensor.
// Unchecked Sendable: immutable after init; the mapping is read-only and unmapped in deinit.
final class MappedRegion: @unchecked Sendable {
    /// The mapped bytes (empty for an empty file, which cannot be mapped).
    let bytes: UnsafeRawBufferPointer
    let path: String

    init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            throw TensorBridgeError(errno == ENOENT ? .notFound : .io, "cannot open \(path): \(reason)")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw TensorBridgeError.io("cannot stat \(path): \(String(cString: strerror(errno)))") }
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw TensorBridgeError.io("\(path) is not a regular file") }
        let size = Int(st.st_size)
        guard size > 0 else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else {
            throw TensorBridgeError.io("cannot map \(path): \(String(cString: strerror(errno)))")
        }
        bytes = UnsafeRawBufferPointer(start: p, count: size)
    }

    var count: Int { bytes.count }

    /// The bytes `[offset, offset + count)`, or a truncation error naming `what`.
    func slice(_ offset: Int, _ count: Int, what: @autoclosure () -> String) throws -> UnsafeRawBufferPointer {
        guard offset >= 0, count >= 0, offset <= bytes.count, count <= bytes.count - offset else {
            throw TensorBridgeError.truncated("\(path): \(what()) needs bytes [\(offset), \(offset &+ count)) but the file has \(bytes.count)")
        }
        guard let base = bytes.baseAddress else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: base + offset, count: count)
    }

    deinit {
        if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
    }
}
