// libFuzzer target: .npy decoding (scripts/fuzz npy SECONDS).
import Foundation
import TensorBridgeFormats

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNPY(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: bytes, count: count)
    if let t = try? NPY.decode(data, voidAs: .bfloat16) {
        _ = try? NPY.encode(t)
        _ = try? TensorSummary(NamedTensor(name: "x", tensor: t))
    }
    return 0
}
