#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A value that is only reached under a `pthread_mutex_t`.
///
/// The package's shared state uses this rather than `Synchronization.Mutex`. On Linux, a
/// contended `Mutex` is handed from thread to thread inside the kernel (`FUTEX_LOCK_PI`),
/// where ThreadSanitizer cannot see it, so every contended `Mutex` reads as a data race in
/// the sanitizer run. ThreadSanitizer intercepts the pthread calls and understands this lock.
///
/// Unchecked `Sendable`: `value` is only read or written inside `withLock`, between
/// `pthread_mutex_lock` and `pthread_mutex_unlock`; `sending` makes the caller give up a
/// non-`Sendable` value it hands in or takes out, as `Mutex` does.
package final class Locked<Value: ~Copyable>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    package init(_ initialValue: consuming sending Value) {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        value = initialValue
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with the value, holding the lock.
    package func withLock<Result, Failure: Error>(
        _ body: (inout sending Value) throws(Failure) -> sending Result
    ) throws(Failure) -> sending Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
