import Foundation
import _CTensorBridgeSignals
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A whole file mapped read-only into memory. Tensors that share its pages hold a strong
/// reference to it (through ``TensorBuffer/Release/retain(_:)``), so the mapping stays valid
/// until the last such tensor dies; `deinit` unmaps it.
///
/// If another process truncates the file while it is mapped, reading the lost pages raises
/// SIGBUS, as for every mapped file (NumPy's `mmap_mode` and safetensors alike). That cannot be
/// turned into a Swift error; instead each mapping is registered so that the signal first
/// prints which file shrank and why, then ends the process as before.
// Unchecked Sendable: immutable after init (`faultSlot` is set there); the mapping is read-only.
final class MappedFile: @unchecked Sendable {
    /// The mapped bytes (empty for an empty file, which cannot be mapped).
    let bytes: UnsafeRawBufferPointer
    private let mapped: Bool
    /// The SIGBUS diagnostics slot (-1: none).
    private var faultSlot: Int32 = -1

    init(url: URL) throws {
        let fd = try FileDescriptor.open(url.path, flags: O_RDONLY)
        defer { close(fd) }
        let size = try FileDescriptor.size(of: fd, path: url.path)
        guard size > 0 else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            mapped = false
            return
        }
        guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else {
            throw TensorBridgeError.io("cannot map \(url.path): \(String(cString: strerror(errno)))")
        }
        bytes = UnsafeRawBufferPointer(start: p, count: size)
        mapped = true
        faultSlot = tb_mapped_faults_register(p, size, url.path)
    }

    /// A tensor buffer sharing `count` bytes at `offset` (already checked to lie in the file).
    /// The buffer keeps this mapping alive. Its memory is read-only: tensors never write.
    func sharedBuffer(offset: Int, count: Int) -> TensorBuffer? {
        guard let base = bytes.baseAddress else { return nil }
        return TensorBuffer(baseAddress: UnsafeMutableRawPointer(mutating: base + offset),
                            byteCount: count, device: .cpu, release: .retain(self))
    }

    deinit {
        if mapped, let base = bytes.baseAddress {
            tb_mapped_faults_unregister(faultSlot)
            munmap(UnsafeMutableRawPointer(mutating: base), bytes.count)
        }
    }
}

/// Thin wrappers over POSIX file descriptors that turn failures into `TensorBridgeError` (`.io`).
enum FileDescriptor {
    static func open(_ path: String, flags: Int32, mode: mode_t = 0o644) throws -> Int32 {
        let fd = Glibc.open(path, flags | O_CLOEXEC, mode)
        guard fd >= 0 else { throw TensorBridgeError.io("cannot open \(path): \(String(cString: strerror(errno)))") }
        return fd
    }

    static func size(of fd: Int32, path: String) throws -> Int {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw TensorBridgeError.io("cannot stat \(path): \(String(cString: strerror(errno)))") }
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw TensorBridgeError.io("\(path) is not a regular file") }
        return Int(st.st_size)
    }

    /// Reads exactly `count` bytes at `offset`, looping over short reads.
    static func read(_ fd: Int32, into destination: UnsafeMutableRawPointer, count: Int, offset: Int, path: String) throws {
        var done = 0
        while done < count {
            let n = pread(fd, destination + done, count - done, off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw TensorBridgeError.io("cannot read \(path): \(String(cString: strerror(errno)))")
            }
            if n == 0 { throw TensorBridgeError.truncated("\(path) ended while reading \(count) bytes at offset \(offset)") }
            done += n
        }
    }

    /// Writes all `count` bytes at `offset`, looping over short writes.
    static func write(_ fd: Int32, from source: UnsafeRawPointer, count: Int, offset: Int, path: String) throws {
        var done = 0
        while done < count {
            let n = pwrite(fd, source + done, count - done, off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw TensorBridgeError.io("cannot write \(path): \(String(cString: strerror(errno)))")
            }
            done += n
        }
    }
}
