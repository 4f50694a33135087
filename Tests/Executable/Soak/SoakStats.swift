import Foundation
import TensorBridge

/// Operation and error counts per workload kind, shared by the worker tasks.
final class SoakStats: Sendable {
    struct Counts: Sendable {
        var ops = 0
        var errors = 0
        var seconds = 0.0
    }

    private struct State {
        var counts: [SoakKind: Counts] = [:]
        var printedErrors = 0
    }

    /// A pthread-based lock, not `Synchronization.Mutex`: Swift 6.3's `Mutex` hands a
    /// contended lock over inside the kernel (FUTEX_LOCK_PI), where ThreadSanitizer sees no
    /// ordering, so every task recording at once was reported as a race under TSan.
    private let state = Locked(State())
    /// How many errors are printed in full as they happen (all are counted).
    let printLimit: Int

    init(printLimit: Int) { self.printLimit = printLimit }

    func recordSuccess(_ kind: SoakKind, seconds: Double) {
        state.withLock {
            $0.counts[kind, default: Counts()].ops += 1
            $0.counts[kind, default: Counts()].seconds += seconds
        }
    }

    func recordError(_ kind: SoakKind, seconds: Double, worker: Int, detail: String) {
        let shouldPrint = state.withLock { s -> Bool in
            s.counts[kind, default: Counts()].ops += 1
            s.counts[kind, default: Counts()].errors += 1
            s.counts[kind, default: Counts()].seconds += seconds
            s.printedErrors += 1
            return s.printedErrors <= printLimit
        }
        if shouldPrint {
            SoakOutput.say("ERROR [\(kind.rawValue), worker \(worker)]: \(detail)")
        }
    }

    var snapshot: [SoakKind: Counts] { state.withLock { $0.counts } }

    var totalOps: Int { snapshot.values.reduce(0) { $0 + $1.ops } }
    var totalErrors: Int { snapshot.values.reduce(0) { $0 + $1.errors } }
}

/// Line output that reaches a file or pipe at once (stdout is block-buffered there).
enum SoakOutput {
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
