import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A one-line progress display on standard error: bytes done of the total, rate and ETA,
/// redrawn four times a second from a background thread. Drawn only when standard error is
/// a terminal, and only once the work has taken half a second (quick runs print nothing).
final class ProgressLine: Sendable {
    private let total: Int
    private let label: String
    private let read: @Sendable () -> Int
    private let stopped = Atomic<Bool>(false)
    private let drawn = Atomic<Bool>(false)
    private let start = ContinuousClock.now

    /// - Parameter read: Returns the bytes done so far; called from the drawing thread.
    init(total: Int, label: String, read: @escaping @Sendable () -> Int) {
        self.total = total
        self.label = label
        self.read = read
        guard isatty(STDERR_FILENO) != 0, total > 0 else { stopped.store(true, ordering: .relaxed); return }
        let thread = Thread { [self] in
            while !stopped.load(ordering: .acquiring) {
                Thread.sleep(forTimeInterval: 0.25)
                if !stopped.load(ordering: .acquiring) { draw() }
            }
        }
        thread.start()
    }

    private var elapsed: Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    private func draw() {
        let seconds = elapsed
        guard seconds >= 0.5 else { return }
        let done = min(read(), total)
        let rate = Double(done) / seconds
        let eta = rate > 0 ? Double(total - done) / rate : .infinity
        let width = 24
        let filled = Int(Double(width) * Double(done) / Double(total))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let etaText = eta.isFinite ? "ETA \(Int(eta.rounded(.up)))s" : "ETA ?"
        let line = "\r\(label) [\(bar)] \(Self.bytes(done)) / \(Self.bytes(total))  \(Self.bytes(Int(rate)))/s  \(etaText)   "
        FileHandle.standardError.write(Data(line.utf8))
        drawn.store(true, ordering: .releasing)
    }

    /// Stops drawing and ends the line if one was drawn.
    func finish() {
        guard !stopped.exchange(true, ordering: .acquiringAndReleasing) else { return }
        if drawn.load(ordering: .acquiring) { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    /// `1.5 GiB`, `12.0 MiB`, `512 B`.
    static func bytes(_ n: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(n), unit = 0
        while value >= 1024, unit < units.count - 1 { value /= 1024; unit += 1 }
        return unit == 0 ? "\(n) B" : String(format: "%.1f %@", value, units[unit])
    }
}

/// Bytes done, shared between the work and the drawing thread.
final class ByteCount: Sendable {
    private let value = Atomic<Int>(0)
    var count: Int { value.load(ordering: .relaxed) }
    func set(_ n: Int) { value.store(n, ordering: .relaxed) }
}
