import Foundation

/// Where a reader gets its bytes: a file read with `pread`, a read-only mapping, or memory.
/// Every accessor checks the range against the real size first, so a claimed offset or
/// length can never cause an allocation or read beyond what exists.
protocol ByteSource {
    var size: Int { get }
    /// Whether ``buffer(at:count:)`` shares the source's memory (a mapping) rather than copying.
    var sharesMemory: Bool { get }
    func bytes(at offset: Int, count: Int) throws -> [UInt8]
    func buffer(at offset: Int, count: Int) throws -> TensorBuffer
}

extension ByteSource {
    func checkRange(offset: Int, count: Int, what: String) throws {
        let (end, overflow) = offset.addingReportingOverflow(count)
        guard offset >= 0, count >= 0, !overflow, end <= size else {
            throw TensorBridgeError.truncated("\(what): \(count) bytes at offset \(offset) run past the end of the \(size)-byte input")
        }
    }
}

extension RandomAccessFile: ByteSource {
    var sharesMemory: Bool { false }
}

/// A mapping whose tensor buffers share its pages (O(1), read-only).
struct MappedSource: ByteSource {
    let file: MappedFile
    var size: Int { file.bytes.count }
    var sharesMemory: Bool { true }

    func bytes(at offset: Int, count: Int) throws -> [UInt8] {
        try checkRange(offset: offset, count: count, what: "mapped file")
        return Array(UnsafeRawBufferPointer(rebasing: file.bytes[offset..<(offset + count)]))
    }

    func buffer(at offset: Int, count: Int) throws -> TensorBuffer {
        try checkRange(offset: offset, count: count, what: "mapped file")
        if count == 0 { return try TensorBuffer.allocateHost(byteCount: 0) }
        guard let shared = file.sharedBuffer(offset: offset, count: count) else {
            throw TensorBridgeError.truncated("mapped file is empty")
        }
        return shared
    }
}

/// Bytes in memory (a `Data`, a decompressed zip member); buffers are copies.
struct MemorySource: ByteSource {
    let data: UnsafeRawBufferPointer
    var size: Int { data.count }
    var sharesMemory: Bool { false }

    func bytes(at offset: Int, count: Int) throws -> [UInt8] {
        try checkRange(offset: offset, count: count, what: "input")
        return Array(UnsafeRawBufferPointer(rebasing: data[offset..<(offset + count)]))
    }

    func buffer(at offset: Int, count: Int) throws -> TensorBuffer {
        try checkRange(offset: offset, count: count, what: "input")
        let buffer = try TensorBuffer.allocateHost(byteCount: count)
        if count > 0, let base = data.baseAddress {
            FastCopy.copy(from: base + offset, to: buffer.baseAddress, count: count)
        }
        return buffer
    }
}

/// Bytes in a buffer this reader owns (an inflated `.npz` member): tensor buffers are windows
/// into it that keep it alive, so the data is not copied again.
struct BufferSource: ByteSource {
    let buffer: TensorBuffer
    let count: Int
    var size: Int { count }
    var sharesMemory: Bool { true }

    func bytes(at offset: Int, count: Int) throws -> [UInt8] {
        try checkRange(offset: offset, count: count, what: "member")
        return Array(UnsafeRawBufferPointer(start: buffer.baseAddress + offset, count: count))
    }

    func buffer(at offset: Int, count: Int) throws -> TensorBuffer {
        try checkRange(offset: offset, count: count, what: "member")
        return TensorBuffer(baseAddress: buffer.baseAddress + offset, byteCount: count, device: .cpu, release: .retain(buffer))
    }
}

/// memcpy split over the cores for large copies (one core cannot fill memory bandwidth).
enum FastCopy {
    static func copy(from source: UnsafeRawPointer, to destination: UnsafeMutableRawPointer, count: Int) {
        let src = UnsafeSendable(UnsafeMutableRawPointer(mutating: source)), dst = UnsafeSendable(destination)
        Parallel.forEachChunk(count: count, grain: 4 << 20) { range in
            (dst.value + range.lowerBound).copyMemory(from: src.value + range.lowerBound, byteCount: range.count)
        }
    }

    /// A new owned buffer with the same bytes.
    static func ownedCopy(of buffer: TensorBuffer, count: Int) throws -> TensorBuffer {
        let out = try TensorBuffer.allocateHost(byteCount: count)
        if count > 0 { copy(from: buffer.baseAddress, to: out.baseAddress, count: count) }
        return out
    }
}
