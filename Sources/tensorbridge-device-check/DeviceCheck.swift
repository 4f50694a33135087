import Glibc
import TensorBridge
import TensorBridgeCUDA

/// The GPU checks: every CUDA kernel against its CPU kernel on the same inputs, copy bandwidth
/// pinned and pageable, grayscale against device-to-device copy bandwidth. Every GPU result is
/// made with soft placement off, so a missing kernel is an error, never a silent CPU run.
struct DeviceCheck {
    let gpu: Device
    /// Divides the tensor sizes (1 on a GPU; the tests shrink everything over the fake driver).
    let scale: Int
    var lines: [String] = []
    var failures = 0
    var echo = true

    init(gpu: Device, scale: Int = 1) {
        self.gpu = gpu
        self.scale = max(1, scale)
    }

    mutating func log(_ line: String) {
        if echo { print(line) }
        lines.append(line)
    }

    mutating func check(_ name: String, _ ok: Bool, _ detail: String) {
        if !ok { failures += 1 }
        log("\(ok ? "AGREE" : "DIFFER") \(name): \(detail)")
    }

    /// Runs `body` for one named case; an error counts as a failure of that case.
    mutating func run(_ name: String, _ body: (inout DeviceCheck) throws -> Void) {
        do { try body(&self) } catch {
            failures += 1
            log("DIFFER \(name): \(error)")
        }
    }

    /// `make` on the GPU (its kernel, no fallback), read back as bytes.
    func onGPU(_ make: () throws -> Tensor) throws -> (bytes: [UInt8], device: Device) {
        let t = try withSoftPlacement(false) { try withDevice(gpu) { try make() } }
        return (try t.copy(to: .cpu).withUnsafeBytes { Array($0) }, t.device)
    }

    /// `make` on the CPU, as bytes.
    func onCPU(_ make: () throws -> Tensor) throws -> [UInt8] {
        try withDevice(Device.cpu) { try make() }.withUnsafeBytes { Array($0) }
    }

    /// Compares a GPU op with the CPU op bit for bit.
    mutating func bitExact(_ name: String, _ make: () throws -> Tensor) {
        run(name) { check in
            let cpu = try check.onCPU(make)
            let (gpuBytes, device) = try check.onGPU(make)
            check.check(name, cpu == gpuBytes && device == check.gpu, "\(cpu.count) bytes bit-exact, ran on \(device)")
        }
    }

    /// Compares float results within `ulps` units in the last place (`bits`-wide floats).
    mutating func withinULP(_ name: String, bits: Int, ulps limit: Int, _ make: () throws -> Tensor) {
        run(name) { check in
            let cpu = try check.onCPU(make)
            let (gpuBytes, device) = try check.onGPU(make)
            let worst = ULP.maxDistance(cpu, gpuBytes, bits: bits)
            check.check(name, worst.map { $0 <= limit } == true && device == check.gpu,
                        "max \(worst.map(String.init) ?? "size mismatch") ULP (≤ \(limit) allowed), ran on \(device)")
        }
    }
}

/// Units in the last place between IEEE floats given as little-endian bytes.
enum ULP {
    /// The largest distance over all elements; `nil` when the sizes differ.
    static func maxDistance(_ a: [UInt8], _ b: [UInt8], bits: Int) -> Int? {
        let size = bits / 8
        guard a.count == b.count, size > 0, a.count % size == 0 else { return nil }
        var worst = 0
        for i in stride(from: 0, to: a.count, by: size) {
            worst = max(worst, distance(word(a, i, size), word(b, i, size), bits: bits))
        }
        return worst
    }

    static func word(_ bytes: [UInt8], _ offset: Int, _ size: Int) -> UInt64 {
        (0..<size).reduce(UInt64(0)) { $0 | UInt64(bytes[offset + $1]) << (8 * UInt64($1)) }
    }

    /// Distance on the ordered integer line of the float bit patterns (+0 and -0 are 0 apart).
    static func distance(_ x: UInt64, _ y: UInt64, bits: Int) -> Int {
        let sign = UInt64(1) << UInt64(bits - 1)
        func key(_ v: UInt64) -> Int64 {
            let magnitude = Int64(bitPattern: v & (sign - 1))
            return v & sign != 0 ? -magnitude : magnitude
        }
        let (d, overflow) = key(x).subtractingReportingOverflow(key(y))
        return overflow || d == Int64.min ? Int.max : Int(d.magnitude)
    }
}
