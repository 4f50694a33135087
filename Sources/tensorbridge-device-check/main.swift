// GPU checks for a machine with a CUDA GPU: GPU vs CPU agreement for every kernel, copy
// bandwidth through the pinned path, grayscale against device-to-device copy bandwidth.
// Usage: tensorbridge-device-check [results-file]. Exit 0: all agree; 1: a mismatch; 2: no GPU.
import Glibc
import TensorBridge
import TensorBridgeCUDA

var report: [String] = []
var failures = 0
@MainActor func log(_ line: String) { print(line); report.append(line) }
func now() -> Double { var t = timespec(); clock_gettime(CLOCK_MONOTONIC, &t); return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9 }
@MainActor func check(_ name: String, _ ok: Bool, _ detail: String) {
    if !ok { failures += 1 }
    log("\(ok ? "AGREE" : "DIFFER") \(name): \(detail)")
}
/// `x` with `digits` decimals (no Foundation in a static binary).
func f(_ x: Double, _ digits: Int = 1) -> String {
    guard x.isFinite else { return "\(x)" }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let v = (x * scale).rounded() / scale
    return "\(v)"
}
func ulps(_ a: Float, _ b: Float) -> Int {
    func key(_ x: Float) -> Int { let b = Int(Int32(bitPattern: x.bitPattern)); return b < 0 ? Int(Int32.min) - b : b }
    return abs(key(a) - key(b))
}

let out = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "device-check-results.txt"
let backend: CUDABackend
do { backend = try CUDA.register() } catch { log("NO DRIVER: \(error)"); exit(2) }
guard let gpuInfo = backend.physicalDevices().first else {
    log("NO GPU: \(backend.initializationError.map { "\($0)" } ?? "driver lists none")"); exit(2)
}
let gpu = gpuInfo.device
log("device \(gpuInfo.model), \(gpuInfo.memoryBytes ?? 0) bytes")

do {
    // Agreement. Inputs come from the CPU's own stateless ops so both sides see identical bits.
    let images = try Random.statelessUniform(shape: [64, 128, 128, 3], seed: (7, 9))
    let cpuGray = try Image.rgbToGrayscale(images).scalars(as: Float.self)
    let gpuGray = try backend.rgbToGrayscale(images).pinnedHostCopy().scalars(as: Float.self)
    check("rgbToGrayscale float32", cpuGray == gpuGray, "\(cpuGray.count) pixels, bit-exact required")

    var bytes: [UInt8] = []
    for r in stride(from: 0, through: 255, by: 5) { for g in 0...255 { for b in stride(from: 0, through: 255, by: 3) { bytes += [UInt8(r), UInt8(g), UInt8(b)] } } }
    let u8 = try Tensor(bytes, shape: [bytes.count / 3, 3])
    let cpuU8 = try Image.rgbToGrayscale(u8).scalars(as: UInt8.self)
    let gpuU8 = try backend.rgbToGrayscale(u8).pinnedHostCopy().scalars(as: UInt8.self)
    check("rgbToGrayscale uint8", cpuU8 == gpuU8, "\(cpuU8.count) pixels")

    let specials: [Float] = [0, -0.0, 1.5, -1.5, -1, 300, 2.5e9, -2.5e9, .nan, -.nan, .infinity, -.infinity,
                             1.0000001, 3.3895314e38, Float(bitPattern: 0x0001_1234)] + (try Random.statelessNormal(shape: [4096], seed: (3, 4)).scalars(as: Float.self).map { $0 * 1e3 })
    let castIn = try Tensor(specials, shape: [specials.count])
    for dtype in [DType.int32, .uint8, .bfloat16] {
        let cpu = try castIn.cast(to: dtype).withUnsafeBytes { Array($0) }
        let g = try backend.cast(castIn, to: dtype).pinnedHostCopy().withUnsafeBytes { Array($0) }
        check("cast float32→\(dtype.name)", cpu == g, "\(specials.count) values incl. NaN/inf/out of range")
    }

    for shape in [[2, 3], [10], [1_000_003]] {
        let cpu = try Random.statelessUniform(shape: shape, seed: (1, 2)).scalars(as: Float.self)
        let g = try backend.statelessUniform(shape: shape, seed: (1, 2), on: gpu).pinnedHostCopy().scalars(as: Float.self)
        check("statelessUniform \(shape)", cpu == g, "bit-exact required")
        let cpuN = try Random.statelessNormal(shape: shape, seed: (1, 2), mean: 0.5, stddev: 2).scalars(as: Float.self)
        let gN = try backend.statelessNormal(shape: shape, seed: (1, 2), mean: 0.5, stddev: 2, on: gpu).pinnedHostCopy().scalars(as: Float.self)
        let worst = zip(cpuN, gN).map { ulps($0, $1) }.max() ?? 0
        check("statelessNormal \(shape)", cpuN.count == gN.count && worst <= 4, "max \(worst) ULP (≤ 4 allowed)")
    }

    let filled = try backend.fill(shape: [1 << 20], dtype: .float32, bitPattern: UInt64(Float(3.25).bitPattern), on: gpu)
    check("fill float32", try filled.pinnedHostCopy().scalars(as: Float.self).allSatisfy { $0 == 3.25 }, "1 Mi elements")

    // Bandwidth: 1 GiB through the pinned path, each the best of 3.
    let gib = 1 << 30
    let pinnedSource = try backend.pinnedHostBuffer(byteCount: gib, for: gpu)
    memset(pinnedSource.baseAddress, 1, gib)
    let device = try backend.allocate(byteCount: gib, on: gpu)
    func best(_ body: () throws -> Void) rethrows -> Double {
        var t = Double.infinity
        for _ in 0..<3 { let s = now(); try body(); t = min(t, now() - s) }
        return t
    }
    let h2d = try best { try Transfer.copy(pinnedSource, to: device) }
    log("H2D 1 GiB pinned: \(f(Double(gib) / h2d / 1e9)) GB/s")
    let d2h = try best { _ = try backend.copyToPinnedHost(device) }
    log("D2H 1 GiB into pinned (numpy path): \(f(Double(gib) / d2h / 1e9)) GB/s")
    let pageable = try TensorBuffer.allocateHost(byteCount: gib)
    memset(pageable.baseAddress, 2, gib)
    let h2dPageable = try best { try Transfer.copy(pageable, to: device) }
    log("H2D 1 GiB pageable (staged): \(f(Double(gib) / h2dPageable / 1e9)) GB/s")
    let d2hPageable = try best { try Transfer.copy(device, to: pageable) }
    log("D2H 1 GiB pageable (staged): \(f(Double(gib) / d2hPageable / 1e9)) GB/s")

    // Grayscale on (256,512,512,3) float32 against a D2D copy of the same input bytes.
    let big = try backend.fill(shape: [256, 512, 512, 3], dtype: .float32, bitPattern: UInt64(Float(0.25).bitPattern), on: gpu)
    let context = try backend.context(for: gpu)
    _ = try backend.rgbToGrayscale(big); try context.synchronize()
    let grayTime = try best { _ = try backend.rgbToGrayscale(big); try context.synchronize() }
    let copyTarget = try backend.allocate(byteCount: big.byteCount, on: gpu)
    let bigBuffer = try big.buffer ?? backend.allocate(byteCount: 0, on: gpu)
    let d2dTime = try best { try Transfer.copy(bigBuffer, to: copyTarget); try context.synchronize() }
    let grayBytes: Double = Double(big.byteCount) * 4 / 3
    let copyBytes: Double = Double(big.byteCount) * 2
    let grayRate: Double = grayBytes / grayTime
    log("grayscale (256,512,512,3) f32: \(f(grayTime * 1e3, 3)) ms, \(f(grayRate / 1e9, 0)) GB/s moved")
    let copyRate: Double = copyBytes / d2dTime
    log("D2D copy of the same \(big.byteCount) bytes: \(f(d2dTime * 1e3, 3)) ms, \(f(copyRate / 1e9, 0)) GB/s moved (read+write)")
    log("grayscale / D2D bandwidth ratio: \(f(grayRate / copyRate, 2)) (target ≥ 0.7)")
    log("transfer stats: \(TransferStats.current)")
} catch {
    failures += 1
    log("ERROR: \(error)")
}
log(failures == 0 ? "RESULT: all kernels agree" : "RESULT: \(failures) check(s) failed")
let text = report.joined(separator: "\n") + "\n"
if let file = fopen(out, "w") { fputs(text, file); fclose(file) }
exit(failures == 0 ? 0 : 1)
