import TensorBridge
import TensorBridgeFormats
#if canImport(Glibc)
import Glibc
#endif

extension CheckpointReader {
    /// Reads a whole (not sliced) tensor entry from its data shard and checks its CRC32C.
    func read(_ entry: Tensorflow_BundleEntryProto, key: String) throws -> Tensor {
        let dtype = try DType(tensorFlow: entry.dtype.rawValue, what: "tensor '\(key)'")
        let dims = try Self.shape(of: entry, key: key)
        let shape = try Shape(dims)
        guard entry.offset >= 0, entry.size >= 0 else {
            throw TensorBridgeError.dataLoss("\(prefix): tensor '\(key)' has a negative offset or size")
        }
        let region = try shard(Int(entry.shardID))
        let bytes = try region.slice(Int(entry.offset), Int(entry.size), what: "tensor '\(key)'")
        if dtype == .string {
            return try Self.decodeStrings(bytes, count: shape.elementCount, dims: dims, storedCRC: entry.crc32C, key: key)
        }
        let expected = try shape.byteCount(for: dtype)
        guard bytes.count == expected else {
            throw TensorBridgeError.dataLoss("Invalid size in bundle entry: key \(key); stored size \(bytes.count); expected size \(expected)")
        }
        Self.prefault(bytes)
        let actual = CRC32C.checksum(bytes)
        guard actual == CRC32C.unmask(entry.crc32C) else {
            throw TensorBridgeError.dataLoss("Checksum does not match: stored \(CRC32C.unmask(entry.crc32C)) vs. calculated on the restored bytes \(actual) (tensor '\(key)' in \(region.path))")
        }
        guard let base = bytes.baseAddress, expected > 0 else { return try Tensor.zeros(shape: dims, dtype: dtype) }
        let needsCanonicalBools = dtype == .bool && bytes.contains(where: { $0 > 1 })
        if Int(bitPattern: base) % dtype.elementAlignment == 0 && !needsCanonicalBools {
            let buffer = TensorBuffer(baseAddress: UnsafeMutableRawPointer(mutating: base), byteCount: expected,
                                      device: .cpu, release: .retain(region))
            return try Tensor(dtype: dtype, shape: shape, buffer: buffer)
        }
        // Unaligned (TensorFlow pads entries to 1 byte by default) or non-canonical bools: copy.
        let buffer = try TensorBuffer.allocateHost(byteCount: expected)
        buffer.baseAddress.copyMemory(from: base, byteCount: expected)
        if needsCanonicalBools {
            let p = buffer.baseAddress.assumingMemoryBound(to: UInt8.self)
            for i in 0..<expected where p[i] > 1 { p[i] = 1 }
        }
        return try Tensor(dtype: dtype, shape: shape, buffer: buffer)
    }

    /// A string tensor: varint64 lengths, a masked CRC32C of the lengths (each as a uint32, or
    /// uint64 when above 4 GiB), then the bytes (tensor_bundle.cc `WriteStringTensor`).
    static func decodeStrings(_ bytes: UnsafeRawBufferPointer, count: Int, dims: [Int], storedCRC: UInt32, key: String) throws -> Tensor {
        if count == 0 { return try Tensor(strings: [[UInt8]](), shape: dims) }
        // Each length takes at least one byte, and the length checksum four.
        guard count <= bytes.count - min(bytes.count, 4) else {
            throw TensorBridgeError.dataLoss("tensor '\(key)': \(count) strings cannot fit in \(bytes.count) bytes")
        }
        var cursor = ByteCursor(bytes, what: "string tensor '\(key)'")
        var lengths = [Int]()
        lengths.reserveCapacity(count)
        var crc: UInt32 = 0
        var total = 0
        for _ in 0..<count {
            let length = try cursor.varint64()
            if length <= UInt64(UInt32.max) {
                crc = withUnsafeBytes(of: UInt32(length).littleEndian) { CRC32C.checksum($0, extending: crc) }
            } else {
                crc = withUnsafeBytes(of: length.littleEndian) { CRC32C.checksum($0, extending: crc) }
            }
            guard length <= UInt64(bytes.count) else {
                throw TensorBridgeError.dataLoss("tensor '\(key)': a string of \(length) bytes is longer than the entry's \(bytes.count)")
            }
            lengths.append(Int(length))
            total += Int(length)
        }
        let rawLengthCRC = try cursor.fixed32()
        guard CRC32C.unmask(rawLengthCRC) == crc else {
            throw TensorBridgeError.dataLoss("tensor '\(key)': The length checksum does not match: expected \(CRC32C.unmask(rawLengthCRC)) but actual is \(crc)")
        }
        crc = withUnsafeBytes(of: rawLengthCRC.littleEndian) { CRC32C.checksum($0, extending: crc) }
        guard total == cursor.remaining else {
            throw TensorBridgeError.dataLoss("tensor '\(key)': the string lengths add up to \(total) bytes but the entry holds \(cursor.remaining)")
        }
        var strings = [[UInt8]]()
        strings.reserveCapacity(count)
        for length in lengths {
            let s = try cursor.take(length)
            crc = CRC32C.checksum(s, extending: crc)
            strings.append(Array(s))
        }
        guard crc == CRC32C.unmask(storedCRC) else {
            throw TensorBridgeError.dataLoss("Checksum does not match: stored \(CRC32C.unmask(storedCRC)) vs. calculated on the restored bytes \(crc) (tensor '\(key)')")
        }
        return try Tensor(strings: strings, shape: dims)
    }

    /// Asks the kernel to map a large tensor's pages in one call (MADV_POPULATE_READ, Linux
    /// 5.14+) before the checksum reads them, instead of one page fault per 4 KiB. Only this
    /// tensor's range is touched; on older kernels the advice is ignored.
    static func prefault(_ bytes: UnsafeRawBufferPointer) {
        #if os(Linux)
        guard bytes.count >= 1 << 20, let base = bytes.baseAddress else { return }
        let page = Int(getpagesize())
        let start = Int(bitPattern: base) & ~(page - 1)
        let length = Int(bitPattern: base) + bytes.count - start
        _ = madvise(UnsafeMutableRawPointer(bitPattern: start), length, 22 /* MADV_POPULATE_READ */)
        #endif
    }
}
