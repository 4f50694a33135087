// libFuzzer target: a checkpoint's .index table and the protos in it (scripts/fuzz-tf index SECONDS).
import Foundation
@testable import TensorBridgeTFFormats

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTFIndex(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let raw = UnsafeRawBufferPointer(start: bytes, count: count)
    guard let table = try? TableReader(file: raw, what: "fuzz") else { return 0 }
    for (key, value) in table.entries {
        if key.isEmpty {
            _ = try? Tensorflow_BundleHeaderProto(serializedBytes: value)
        } else if let entry = try? CheckpointReader.parseEntry(value, key: "k", file: "fuzz") {
            _ = try? CheckpointReader.shape(of: entry, key: "k")
        }
    }
    return 0
}
