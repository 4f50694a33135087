import Foundation
import Testing
import TensorBridge
@testable import TensorBridgeFormats
import TensorBridgeTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Files over 4 GiB holding more than 2^32 elements: proves no 32-bit count, size or offset
/// truncates anywhere in `.npy` and safetensors, written and read back (copied and mapped).
///
/// Each 1 GiB chunk holds a different byte, and markers sit on both sides of 2^31 and 2^32,
/// so an offset cut to 32 bits reads the wrong value; the whole tensor is compared with
/// `memcmp`. Needs 5 GiB of memory (10 GiB while a copied load is alive) and 5 GiB of disk.
@Suite(.serialized) struct HugeTensorTests {
    static let count = 5 << 30

    @Test func npyOver4GiBRoundTripsCopiedAndMapped() throws {
        try HugeTensorLock.withLock {
            let original = try hugePatternTensor(shape: [Self.count])
            try withTemporaryDirectory { dir in
                let url = dir.appendingPathComponent("huge.npy")
                try NPY.save(original, to: url)
                let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
                #expect((attributes[.size] as? Int ?? 0) == 128 + Self.count, "header + every byte")
                for mmap in [false, true] {
                    let loaded = try NPY.load(url, mmap: mmap)
                    #expect(loaded.shape.dimensions == [Self.count])
                    try expectSameBytes(loaded, original)
                }
            }
        }
    }

    @Test func safetensorsOver4GiBRoundTripsCopiedAndMapped() throws {
        try HugeTensorLock.withLock {
            let original = try hugePatternTensor(shape: [5, 1 << 30])
            let small = try Tensor([1, 2, 3] as [Int16])  // after the huge one: data offset > 2^32
            try withTemporaryDirectory { dir in
                let url = dir.appendingPathComponent("huge.safetensors")
                try Safetensors.save([NamedTensor(name: "a", tensor: original), NamedTensor(name: "b", tensor: small)], to: url)
                for mmap in [false, true] {
                    let file = try Safetensors.load(url, mmap: mmap)
                    let loaded = try #require(file["a"])
                    #expect(loaded.shape.dimensions == [5, 1 << 30])
                    try expectSameBytes(loaded, original)
                    #expect(try file["b"]?.scalars(as: Int16.self) == [1, 2, 3])
                }
            }
        }
    }

    private func expectSameBytes(_ a: Tensor, _ b: Tensor) throws {
        try a.withUnsafeBytes { x in
            try b.withUnsafeBytes { y in
                #expect(x.count == y.count)
                #expect(x.count == Self.count)
                for offset in hugeProbeOffsets(count: Self.count) {
                    #expect(x[offset] == y[offset], "byte \(offset)")
                }
                #expect(memcmp(x.baseAddress!, y.baseAddress!, min(x.count, y.count)) == 0)
            }
        }
    }
}

/// A uint8 tensor of `shape` (over 2^32 elements): 1 GiB chunks of 1, 2, 3, …, with markers
/// at the ``hugeProbeOffsets(count:)`` that differ from both neighbouring chunks.
func hugePatternTensor(shape: [Int]) throws -> Tensor {
    let count = shape.reduce(1, *)
    let buffer = try TensorBuffer.allocateHost(byteCount: count)
    let chunk = 1 << 30
    for start in stride(from: 0, to: count, by: chunk) {
        memset(buffer.baseAddress + start, Int32(start / chunk + 1), min(chunk, count - start))
    }
    for (i, offset) in hugeProbeOffsets(count: count).enumerated() {
        buffer.baseAddress.storeBytes(of: UInt8(0x80 + i), toByteOffset: offset, as: UInt8.self)
    }
    return try Tensor(dtype: .uint8, shape: Shape(shape), buffer: buffer)
}

/// Offsets around every 32-bit boundary, and the last byte.
func hugeProbeOffsets(count: Int) -> [Int] {
    [(1 << 31) - 1, 1 << 31, (1 << 32) - 1, 1 << 32, (1 << 32) + 1, count - 1]
}
