// libFuzzer target: TensorProto binary and text decoding (scripts/fuzz tensorproto SECONDS).
import Foundation
import TensorBridgeFormats

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTensorProto(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: bytes, count: count)
    if let t = try? TensorProtoFile.decode(data, maxExpandedBytes: 1 << 20) {
        _ = try? TensorProtoFile.encode(t)
    }
    if let text = String(data: data, encoding: .utf8) {
        _ = try? TensorProtoFile.decode(text: text, maxExpandedBytes: 1 << 20)
    }
    return 0
}
