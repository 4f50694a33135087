import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs `body` with a fresh temporary directory, removed afterwards (some tests write GiBs).
public func withTemporaryDirectory<R>(_ body: (URL) throws -> R) throws -> R {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tensorbridge-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    return try body(dir)
}

/// Serialises the 5 GiB tests across suites and test targets of one process (a file lock), so
/// no two huge tensors are alive at once.
public enum HugeTensorLock {
    public static func withLock<R>(_ body: () throws -> R) rethrows -> R {
        let fd = open("/tmp/tensorbridge-huge-tests.lock", O_CREAT | O_RDWR, 0o666)
        guard fd >= 0 else { return try body() }
        defer { close(fd) }
        flock(fd, LOCK_EX)
        defer { flock(fd, LOCK_UN) }
        return try body()
    }
}
