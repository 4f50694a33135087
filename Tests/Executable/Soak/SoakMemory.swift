import Foundation
import TensorBridge

/// Resident memory of this process from `/proc/self/status` (Linux): `VmRSS` now and
/// `VmHWM`, the peak. Sampled about once a second during the soak.
struct SoakRSS: Sendable {
    /// Bytes resident now.
    let current: Int
    /// The high-water mark of resident bytes since the process started.
    let peak: Int

    /// Reads `/proc/self/status`; zero where it cannot be read (not Linux).
    static func read() -> SoakRSS {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else {
            return SoakRSS(current: 0, peak: 0)
        }
        func kib(_ key: String) -> Int {
            for line in text.split(separator: "\n") where line.hasPrefix(key + ":") {
                let digits = line.dropFirst(key.count + 1).filter(\.isNumber)
                return (Int(digits) ?? 0) * 1024
            }
            return 0
        }
        return SoakRSS(current: kib("VmRSS"), peak: kib("VmHWM"))
    }

    static func mib(_ bytes: Int) -> String { String(format: "%.1f MiB", Double(bytes) / 1_048_576) }
}

/// The RSS samples of a run, with the times they were taken (seconds since the start) and
/// the host allocator's cached bytes at that moment (memory kept on purpose for reuse).
final class SoakRSSLog: Sendable {
    struct Sample: Sendable {
        let t: Double
        let rss: Int
        let cached: Int
    }

    private let samples = Locked<[Sample]>([])

    func add(t: Double, rss: Int, cached: Int) { samples.withLock { $0.append(Sample(t: t, rss: rss, cached: cached)) } }

    var all: [Sample] { samples.withLock { $0 } }

    /// The median of `value` over the samples taken in `range` (seconds), or nil if none fall
    /// in it. A median over a window, not one sample, so that a momentary large tensor does
    /// not decide the drift.
    func median(in range: ClosedRange<Double>, _ value: (Sample) -> Int = \.rss) -> Int? {
        let values = all.filter { range.contains($0.t) }.map(value).sorted()
        return values.isEmpty ? nil : values[values.count / 2]
    }
}
