import Synchronization

/// Counts the bytes the file writers have written, for a progress display. Bind one with
/// `WriteProgress.$current.withValue(progress) { ... }` around a save, and read
/// ``bytesWritten`` from any thread while it runs.
public final class WriteProgress: Sendable {
    /// The counter the writers in this task add to (none by default).
    @TaskLocal public static var current: WriteProgress?

    private let bytes = Atomic<Int>(0)

    /// A counter at zero.
    public init() {}

    /// Bytes written so far (safe to read from another thread).
    public var bytesWritten: Int { bytes.load(ordering: .relaxed) }

    func add(_ count: Int) { bytes.add(count, ordering: .relaxed) }
}
