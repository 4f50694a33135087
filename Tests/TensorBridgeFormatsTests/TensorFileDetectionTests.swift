import Foundation
import Testing
import TensorBridgeTestSupport
@testable import TensorBridgeFormats
#if canImport(Glibc)
import Glibc
#endif

/// Formats found by content, header-only reading, and the conversions refused before writing.
@Suite struct TensorFileDetectionTests {
    @Test func formatIsReadFromTheContent() throws {
        try withTemporaryDirectory { dir in
            let t = try Tensor([1, 2] as [Float], shape: [2])
            let cases: [(String, TensorFileFormat, (URL) throws -> Void)] = [
                ("npy-named.safetensors", .npy, { try NPY.save(t, to: $0) }),
                ("st-without-extension", .safetensors, { try Safetensors.save([NamedTensor(name: "a", tensor: t)], to: $0) }),
                ("zip.bin", .npz, { try NPZ.save([NamedTensor(name: "a", tensor: t)], to: $0) }),
                ("proto.data", .pb, { try Data(TensorProtoFile.encode(t)).write(to: $0) }),
                ("text", .pbtxt, { try Data(TensorProtoFile.encodeText(t).utf8).write(to: $0) }),
            ]
            for (name, format, write) in cases {
                let url = dir.appendingPathComponent(name)
                try write(url)
                #expect(try TensorFileFormat.detect(url) == format, "\(name)")
                #expect(try TensorFileFormat.open(url).tensors.first?.tensor.scalars(as: Float.self) == [1, 2], "\(name)")
            }
            #expect(try TensorFileFormat.readHeader(dir.appendingPathComponent("npy-named.safetensors")).notes
                == ["the content is .npy although the extension says .safetensors"])
            #expect(throws: TensorBridgeError.self) { try TensorFileFormat.detect(dir) }
            let junk = dir.appendingPathComponent("junk.bin")
            try Data([0xFF, 0xFE, 0x00]).write(to: junk)
            #expect(throws: TensorBridgeError.self) { try TensorFileFormat.detect(junk) }
        }
    }

    /// A 3 GiB .npy (a sparse file: no disk, no memory) is described from its header alone,
    /// and refused as a TensorProto before anything is written.
    @Test func headersAloneDescribeHugeFiles() throws {
        try withTemporaryDirectory { dir in
            let url = dir.appendingPathComponent("huge.npy")
            let count = 3 << 28  // 768 Mi float32 = 3 GiB
            let header = NPYHeader(descr: NPYDescr(order: .little, kind: "f", itemSize: 4), fortranOrder: false, shape: [count]).encoded()
            try Data(header).write(to: url)
            #expect(truncate(url.path, off_t(header.count + count * 4)) == 0)
            let info = try TensorFileFormat.readHeader(url)
            #expect(info.tensors == [TensorInfo(name: "huge", dtype: .float32, shape: [count], byteCount: count * 4)])
            let mapped = try NPY.load(url, mmap: true)
            let pb = dir.appendingPathComponent("huge.pb")
            #expect(throws: TensorBridgeError.limitExceeded("a TensorProto of \(count * 4) bytes is over protobuf's 2 GiB limit (2147483647 bytes), which TensorFlow cannot parse; save it as .npy or safetensors instead")) {
                try TensorFileFormat.save([NamedTensor(name: "huge", tensor: mapped)], to: pb)
            }
            #expect(!FileManager.default.fileExists(atPath: pb.path))
        }
    }

    @Test func npzHeadersAndMembersReadAsNumPyDoes() throws {
        let infos = try NPZ.readInfo(Fixtures.url("npz/deflated.npz"))
        #expect(infos.map(\.name) == ["weights", "bias", "mask", "big"])
        #expect(infos.first == TensorInfo(name: "weights", dtype: .float32, shape: [3, 4], byteCount: 48))
        #expect(try NPZ.isCompressed(Fixtures.url("npz/deflated.npz")))
        #expect(try !NPZ.isCompressed(Fixtures.url("npz/stored.npz")))
    }

    @Test func metadataIsKeptOrRefused() throws {
        try withTemporaryDirectory { dir in
            let tensors = [NamedTensor(name: "w", tensor: try Tensor([1] as [Float], shape: [1]))]
            let a = dir.appendingPathComponent("a.safetensors"), b = dir.appendingPathComponent("b.safetensors")
            try Safetensors.save(tensors, metadata: ["format": "pt"], to: a)
            let contents = try TensorFileFormat.open(a)
            try TensorFileFormat.save(contents.tensors, metadata: contents.metadata, to: b)
            #expect(try Safetensors.load(b).metadata == ["format": "pt"])
            #expect(throws: TensorBridgeError.self) {
                try TensorFileFormat.save(contents.tensors, metadata: contents.metadata, to: dir.appendingPathComponent("w.npy"))
            }
            #expect(try TensorFileFormat.readHeader(a).metadata == ["format": "pt"])
        }
    }

    @Test func durableAndDefaultSavesBothReplaceAtomically() throws {
        try withTemporaryDirectory { dir in
            let url = dir.appendingPathComponent("a.npy")
            for durable in [false, true] {
                try NPY.save(try Tensor([durable ? 2 : 1] as [Int32], shape: [1]), to: url, durable: durable)
                #expect(try NPY.load(url).scalars(as: Int32.self) == [durable ? 2 : 1])
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["a.npy"], "no temporary file left")
        }
    }

    /// The narrow TensorFlow 2.21 dtypes go through .npy as raw void bytes (as ml_dtypes arrays
    /// do) and come back with voidAs.
    @Test func narrowDTypesRoundTripThroughNPY() throws {
        for dtype in DType.allCases where dtype.isStorageOnly {
            let buffer = try TensorBuffer.allocateHost(byteCount: 3)
            buffer.baseAddress.storeBytes(of: 0x01, toByteOffset: 0, as: UInt8.self)
            buffer.baseAddress.storeBytes(of: 0x00, toByteOffset: 1, as: UInt8.self)
            buffer.baseAddress.storeBytes(of: 0x02, toByteOffset: 2, as: UInt8.self)
            let t = try Tensor(dtype: dtype, shape: Shape([3]), buffer: buffer)
            let back = try NPY.decode(NPY.encode(t), voidAs: dtype)
            #expect(back.dtype == dtype)
            #expect(try back.withUnsafeBytes { Array($0) } == [1, 0, 2])
            #expect(throws: TensorBridgeError.self) { try t.cast(to: .float32) }
        }
    }

    /// Errors name a dtype, not its number.
    @Test func unsupportedTensorProtoDTypesAreNamed() {
        func message(_ bytes: [UInt8]) -> String {
            do { _ = try TensorProtoFile.decode(Data(bytes)); return "accepted" } catch { return "\(error)" }
        }
        #expect(message([0x08, 20]) == "unsupported TensorProto dtype resource")
        #expect(message([0x08, 101]) == "unsupported TensorProto dtype float32_ref (a reference dtype, code 101)")
        #expect(message([0x08, 34]) == "unsupported TensorProto dtype code 34 (unknown to this version)")
    }
}
