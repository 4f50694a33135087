// libFuzzer target: TFRecord framing, plain and GZIP/ZLIB (scripts/fuzz-tf tfrecord SECONDS).
// The first byte picks the compression; the rest is the file.
import Foundation
import TensorBridgeTFFormats

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTFRecord(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let compression: TFRecordCompression = [.none, .gzip, .zlib][Int(bytes[0]) % 3]
    let path = "/dev/shm/tb-fuzz-tfrecord-\(getpid())"
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes: bytes + 1, count: count - 1)) else { return 0 }
    defer { unlink(path) }
    for skip in [false, true] {
        guard let reader = try? TFRecordReader(path: path, compression: compression, skipCorruptRecords: skip) else { continue }
        _ = try? reader.forEachRecord { _ in }
    }
    return 0
}
