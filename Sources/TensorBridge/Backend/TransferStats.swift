
/// Counts of every copy between host memory and device memory, made through the one
/// function that performs such copies (`Transfer`).
///
/// Read ``current`` for the process-wide totals, or ``measure(_:)`` to count only the copies
/// one piece of code makes, unaffected by other tasks.
public struct TransferStats: Sendable, Equatable, CustomStringConvertible {
    public var hostToDeviceCopies = 0
    public var hostToDeviceBytes = 0
    public var deviceToHostCopies = 0
    public var deviceToHostBytes = 0
    public var deviceToDeviceCopies = 0
    public var deviceToDeviceBytes = 0

    public init() {}

    /// All copies so far in this process.
    public static var current: TransferStats { Counter.global.snapshot }

    /// Runs `body` and returns the copies it (and the tasks it awaits inline) made.
    public static func measure<R>(_ body: () throws -> R) rethrows -> (result: R, stats: TransferStats) {
        let counter = Counter()
        let result = try Counter.$scoped.withValue(counter) { try body() }
        return (result, counter.snapshot)
    }

    /// Async form of ``measure(_:)``.
    public static func measure<R>(
        isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> R
    ) async rethrows -> (result: R, stats: TransferStats) {
        let counter = Counter()
        let result = try await Counter.$scoped.withValue(counter, operation: { try await body() }, isolation: isolation)
        return (result, counter.snapshot)
    }

    public var description: String {
        "host→device \(hostToDeviceCopies) copies / \(hostToDeviceBytes) B, "
            + "device→host \(deviceToHostCopies) copies / \(deviceToHostBytes) B, "
            + "device→device \(deviceToDeviceCopies) copies / \(deviceToDeviceBytes) B"
    }

    public static func - (lhs: TransferStats, rhs: TransferStats) -> TransferStats {
        var d = TransferStats()
        d.hostToDeviceCopies = lhs.hostToDeviceCopies - rhs.hostToDeviceCopies
        d.hostToDeviceBytes = lhs.hostToDeviceBytes - rhs.hostToDeviceBytes
        d.deviceToHostCopies = lhs.deviceToHostCopies - rhs.deviceToHostCopies
        d.deviceToHostBytes = lhs.deviceToHostBytes - rhs.deviceToHostBytes
        d.deviceToDeviceCopies = lhs.deviceToDeviceCopies - rhs.deviceToDeviceCopies
        d.deviceToDeviceBytes = lhs.deviceToDeviceBytes - rhs.deviceToDeviceBytes
        return d
    }

    enum Direction { case hostToDevice, deviceToHost, deviceToDevice }

    static func record(_ direction: Direction, bytes: Int) {
        Counter.global.add(direction, bytes: bytes)
        Counter.scoped?.add(direction, bytes: bytes)
    }

    final class Counter: Sendable {
        static let global = Counter()
        @TaskLocal static var scoped: Counter?
        private let stats = Locked(TransferStats())

        var snapshot: TransferStats { stats.withLock { $0 } }

        func add(_ direction: Direction, bytes: Int) {
            stats.withLock { s in
                switch direction {
                case .hostToDevice: s.hostToDeviceCopies += 1; s.hostToDeviceBytes += bytes
                case .deviceToHost: s.deviceToHostCopies += 1; s.deviceToHostBytes += bytes
                case .deviceToDevice: s.deviceToDeviceCopies += 1; s.deviceToDeviceBytes += bytes
                }
            }
        }
    }
}
