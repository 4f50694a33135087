// libFuzzer target: safetensors decoding (scripts/fuzz safetensors SECONDS).
import Foundation
import TensorBridgeFormats

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafetensors(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: bytes, count: count)
    if let file = try? Safetensors.decode(data) {
        _ = try? Safetensors.encode(file.tensors, metadata: file.metadata)
    }
    return 0
}
