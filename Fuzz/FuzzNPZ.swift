// libFuzzer target: .npz decoding with small limits (scripts/fuzz npz SECONDS).
import Foundation
import TensorBridgeFormats

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNPZ(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: bytes, count: count)
    _ = try? NPZ.decode(data, voidAs: .bfloat16, limits: .init(maxTotalBytes: 64 << 20, maxCompressionRatio: 1100))
    return 0
}
