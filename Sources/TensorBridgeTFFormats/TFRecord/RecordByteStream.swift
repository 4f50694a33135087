import TensorBridge
import Foundation
import _CTensorBridgeTFFormats
#if canImport(Glibc)
import Glibc
#endif

/// The uncompressed bytes of a TFRecord file, read forward with look-ahead. A plain file is
/// memory-mapped and viewed in place; a compressed one is inflated chunk by chunk into a
/// buffer that grows only as decompressed data actually arrives, never to a size a header claims.
final class RecordByteStream {
    private let mapped: MappedRegion?
    private var fd: Int32 = -1
    private var inflater: OpaquePointer? = nil
    private var fileOffset = 0
    private var inputEnded = false
    private var streamEnded = false
    private let path: String
    private var input: UnsafeMutableRawPointer
    private let inputCapacity = 1 << 18
    private var inputStart = 0, inputEnd = 0
    private var buffer: UnsafeMutableRawPointer
    private var capacity: Int
    private var start = 0, end = 0
    /// Offset of the next unread byte in the uncompressed stream.
    private(set) var position = 0

    init(path: String, compression: TFRecordCompression) throws {
        self.path = path
        input = UnsafeMutableRawPointer.allocate(byteCount: 1 << 18, alignment: 16)
        capacity = 1 << 20
        buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        if compression == .none {
            mapped = try MappedRegion(path: path)
            return
        }
        mapped = nil
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            throw TensorBridgeError(errno == ENOENT ? .notFound : .io, "cannot open \(path): \(reason)")
        }
        guard let z = tb_inflate_new(compression.windowBits) else {
            throw TensorBridgeError.io("cannot start zlib for \(path)")
        }
        inflater = z
    }

    deinit {
        if fd >= 0 { close(fd) }
        if let inflater { tb_zstream_free(inflater) }
        input.deallocate()
        buffer.deallocate()
    }

    /// Whether the bytes are viewed in place (a plain file), so that no record needs a buffer.
    var isMapped: Bool { mapped != nil }

    /// Up to `count` bytes from the current position without consuming them; fewer only at
    /// the end of the stream. Valid until the next call.
    func peek(_ count: Int) throws -> UnsafeRawBufferPointer {
        if let mapped {
            let n = min(count, mapped.count - position)
            guard n > 0, let base = mapped.bytes.baseAddress else { return UnsafeRawBufferPointer(start: nil, count: 0) }
            return UnsafeRawBufferPointer(start: base + position, count: n)
        }
        while end - start < count, !streamEnded {
            try inflateMore(wanting: count)
        }
        return UnsafeRawBufferPointer(start: buffer + start, count: min(count, end - start))
    }

    /// Consumes `count` bytes (at most what the last `peek` returned).
    func advance(_ count: Int) {
        position += count
        if mapped == nil { start += count }
    }

    private func inflateMore(wanting count: Int) throws {
        guard let inflater else { streamEnded = true; return }
        // Make room: move unread bytes to the front, grow (doubling) only when they fill it.
        if start > 0 && (capacity - end < 1 << 16 || end == start) {
            if end > start { buffer.copyMemory(from: buffer + start, byteCount: end - start) }
            end -= start
            start = 0
        }
        if capacity - end < 1 << 16 {
            // Double only when the unread bytes fill the buffer, so its size follows the data
            // that actually arrived, not a length a record header claims.
            let grown = capacity * 2
            let next = UnsafeMutableRawPointer.allocate(byteCount: grown, alignment: 16)
            next.copyMemory(from: buffer + start, byteCount: end - start)
            buffer.deallocate()
            buffer = next
            capacity = grown
            end -= start
            start = 0
        }
        if inputStart == inputEnd && !inputEnded {
            let n = pread(fd, input, inputCapacity, off_t(fileOffset))
            if n < 0 {
                if errno == EINTR { return }
                throw TensorBridgeError.io("cannot read \(path): \(String(cString: strerror(errno)))")
            }
            if n == 0 { inputEnded = true } else { fileOffset += n; inputStart = 0; inputEnd = n }
        }
        var consumed = 0, produced = 0
        let r = tb_zstream_run(inflater, input + inputStart, inputEnd - inputStart, &consumed,
                               buffer + end, capacity - end, &produced, 0)
        inputStart += consumed
        end += produced
        if r < 0 {
            throw TensorBridgeError(.dataLoss, "\(path): the compressed stream is corrupt (zlib: \(String(cString: tb_zstream_message(inflater))))", byteOffset: position + (end - start))
        }
        if r == 1 {
            // End of one gzip member; another may follow.
            if inputStart == inputEnd && !inputEnded {
                let n = pread(fd, input, inputCapacity, off_t(fileOffset))
                if n > 0 { fileOffset += n; inputStart = 0; inputEnd = n } else { inputEnded = true }
            }
            if inputStart < inputEnd { _ = tb_inflate_reset(inflater) } else { streamEnded = true }
            return
        }
        if consumed == 0 && produced == 0 && inputEnded {
            throw TensorBridgeError(.truncated, "\(path): the compressed stream ends before its end marker (truncated file)", byteOffset: position + (end - start))
        }
    }
}
