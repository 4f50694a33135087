import Foundation

/// The backend registry is process-wide, and every test target runs in one process. Tests that
/// register a backend (a fake GPU, a test accelerator), and tests whose result depends on which
/// backends exist (soft placement, TensorFlow's "All available devices" message), run inside
/// this lock, so that none sees another's backend.
public enum BackendRegistryLock {
    private static let lock = NSLock()

    /// Runs `body` while no other test registers a backend or depends on the registered set.
    public static func withLock<R>(_ body: () throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}
