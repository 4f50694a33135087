import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An open file read with `pread`: small structures into Swift arrays, tensor data straight
/// into a fresh ``TensorBuffer`` (no intermediate `Data`). The size is taken once from
/// `fstat`, and every claimed size is checked against it before anything is allocated.
final class RandomAccessFile {
    let path: String
    let size: Int
    private let fd: Int32

    init(url: URL) throws {
        path = url.path
        fd = try FileDescriptor.open(path, flags: O_RDONLY)
        do { size = try FileDescriptor.size(of: fd, path: path) } catch { close(fd); throw error }
    }

    deinit { close(fd) }

    /// `count` bytes at `offset`, after checking they lie inside the file.
    func bytes(at offset: Int, count: Int) throws -> [UInt8] {
        try checkRange(offset: offset, count: count)
        var out = [UInt8](repeating: 0, count: count)
        try out.withUnsafeMutableBytes { raw in
            if let base = raw.baseAddress, count > 0 {
                try FileDescriptor.read(fd, into: base, count: count, offset: offset, path: path)
            }
        }
        return out
    }

    /// A new host buffer holding `count` bytes at `offset`, read in parallel chunks so that
    /// both the copy out of the page cache and the first touch of new pages use every core.
    func buffer(at offset: Int, count: Int) throws -> TensorBuffer {
        try checkRange(offset: offset, count: count)
        let buffer = try TensorBuffer.allocateHost(byteCount: count)
        try read(into: buffer.baseAddress, offset: offset, count: count)
        return buffer
    }

    /// Reads `count` bytes at `offset` into `destination` (range already checked or checked here).
    func read(into destination: UnsafeMutableRawPointer, offset: Int, count: Int) throws {
        try checkRange(offset: offset, count: count)
        let failure = Locked<TensorBridgeError?>(nil)
        let dst = UnsafeSendable(destination)
        let fd = self.fd, path = self.path
        Parallel.forEachChunk(count: count, grain: 8 << 20) { range in
            do {
                try FileDescriptor.read(fd, into: dst.value + range.lowerBound, count: range.count,
                                        offset: offset + range.lowerBound, path: path)
            } catch let error as TensorBridgeError {
                failure.withLock { $0 = $0 ?? error }
            } catch {
                failure.withLock { $0 = $0 ?? .io("\(error)") }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
    }

    func checkRange(offset: Int, count: Int) throws {
        let (end, overflow) = offset.addingReportingOverflow(count)
        guard offset >= 0, count >= 0, !overflow, end <= size else {
            throw TensorBridgeError.truncated("\(path) has \(size) bytes, but \(count) bytes are needed at offset \(offset)")
        }
    }
}
