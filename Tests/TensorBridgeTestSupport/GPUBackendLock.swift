import Foundation

/// The `GPU` backend is registered process-wide, and every test target runs in one process.
/// Tests that register a (fake) GPU backend, and tests that rely on there being none, run
/// inside this lock, so that one never sees the other's backend.
public enum GPUBackendLock {
    private static let lock = NSLock()

    /// Runs `body` while no other test registers or expects a `GPU` backend.
    public static func withLock<R>(_ body: () throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}
