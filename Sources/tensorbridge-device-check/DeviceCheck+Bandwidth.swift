import Glibc
import TensorBridge
import TensorBridgeCUDA

/// Copy bandwidth (pinned and pageable, both directions) and grayscale against a
/// device-to-device copy of the same bytes. Each figure is the best of three runs.
extension DeviceCheck {
    mutating func bandwidth(backend: CUDABackend, bytes: Int) throws {
        let gib = Double(bytes)
        let label = bytes >= 1 << 30 ? "\(bytes >> 30) GiB" : "\(bytes >> 20) MiB"
        let pinned = try backend.pinnedHostBuffer(byteCount: bytes, for: gpu)
        memset(pinned.baseAddress, 1, bytes)
        let device = try backend.allocate(byteCount: bytes, on: gpu)
        let h2d = try Self.best { try Transfer.copy(pinned, to: device) }
        log("H2D \(label) pinned: \(Self.rate(gib, h2d)) GB/s")
        let d2h = try Self.best { try Transfer.copy(device, to: pinned) }
        log("D2H \(label) pinned: \(Self.rate(gib, d2h)) GB/s")
        let pageable = try TensorBuffer.allocateHost(byteCount: bytes)
        memset(pageable.baseAddress, 2, bytes)
        let h2dPageable = try Self.best { try Transfer.copy(pageable, to: device) }
        log("H2D \(label) pageable (chunked pinned staging): \(Self.rate(gib, h2dPageable)) GB/s")
        let d2hPageable = try Self.best { try Transfer.copy(device, to: pageable) }
        log("D2H \(label) pageable (chunked pinned staging, the numpy() path): \(Self.rate(gib, d2hPageable)) GB/s")

        // Grayscale over `bytes` of float32 pixels against a D2D copy of the same input.
        let pixels = max(1, bytes / 12)
        let images = try withDevice(gpu) { try Tensor.fill(shape: [pixels, 3], value: Float(0.25)) }
        let context = try backend.context(for: gpu)
        _ = try Image.rgbToGrayscale(images)
        try context.synchronize()
        let grayTime = try Self.best { _ = try Image.rgbToGrayscale(images); try context.synchronize() }
        guard let input = images.buffer else { return }
        let target = try backend.allocate(byteCount: input.byteCount, on: gpu)
        let copyTime = try Self.best { try Transfer.copy(input, to: target); try context.synchronize() }
        let grayRate = Double(input.byteCount) * 4 / 3 / grayTime   // reads 12 B, writes 4 B per pixel
        let copyRate = Double(input.byteCount) * 2 / copyTime       // reads and writes every byte
        log("grayscale [\(pixels), 3] float32: \(Self.format(grayTime * 1e3, 3)) ms, \(Self.format(grayRate / 1e9, 0)) GB/s moved")
        log("D2D copy of the same \(input.byteCount) bytes: \(Self.format(copyTime * 1e3, 3)) ms, \(Self.format(copyRate / 1e9, 0)) GB/s moved")
        log("grayscale / D2D bandwidth ratio: \(Self.format(grayRate / copyRate, 2)) (target ≥ 0.7)")
        try mathSpeed(backend: backend, bytes: bytes, copyRate: copyRate)
    }

    static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    static func best(_ body: () throws -> Void) rethrows -> Double {
        var t = Double.infinity
        for _ in 0..<3 { let s = now(); try body(); t = min(t, now() - s) }
        return max(t, 1e-9)
    }

    static func rate(_ bytes: Double, _ seconds: Double) -> String { format(bytes / seconds / 1e9, 1) }

    /// `x` with `digits` decimals (no Foundation in a static binary).
    static func format(_ x: Double, _ digits: Int) -> String {
        guard x.isFinite else { return "\(x)" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let v = (x * scale).rounded() / scale
        return digits == 0 ? "\(Int(v))" : "\(v)"
    }
}
