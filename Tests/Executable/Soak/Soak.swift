import ArgumentParser
import Foundation
import TensorBridge
import TensorBridgePython

/// `tensorbridge soak`: a mixed, checked workload on concurrent tasks for a fixed time, then
/// a report of operations, errors, memory drift, live tensor buffers and Python refcounts.
@main
struct Soak: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tensorbridge-soak",
        abstract: "Run a mixed, self-checking workload on concurrent tasks; report errors, memory drift and leaks.",
        discussion: """
            Each task makes tensors of random dtypes and sizes and converts them to and from \
            NumPy, through DLPack both ways, densifies sparse tensors, and writes and reads \
            .npy, .npz, safetensors and TensorProto files in a temporary directory. Every \
            result is checked against an independent computation (NumPy's, or a plain loop). \
            Exits non-zero on any error, on live tensor buffers left after the work is dropped, \
            or (for runs of 120 s or more) on resident memory growing more than --drift-limit \
            percent after warm-up. Uses the Python that TENSORBRIDGE_PYTHON (else the active \
            VIRTUAL_ENV, else python3) names. It says first what it skips and why: without \
            NumPy, the NumPy and DLPack kinds; without ml_dtypes, bfloat16 and float8 in \
            NumPy-facing work; without safetensors, that reader's cross-check.
            """)

    @Option(help: "How long to run, in seconds.")
    var seconds: Double = 60

    @Option(help: "Seed for every random choice (dtypes, shapes, values, operations).")
    var seed: UInt64 = 1

    @Option(help: "Concurrent tasks.")
    var tasks = 8

    @Option(help: "Seconds between progress lines.")
    var reportInterval: Double = 10

    @Option(help: "Largest tensor, in bytes (sizes are log-uniform up to this).")
    var maxBytes = 4 << 20

    @Option(help: "How many errors to print in full (all are counted).")
    var printErrors = 10

    @Option(help: "Largest allowed RSS growth after warm-up, in percent (enforced for runs of 120 s or more).")
    var driftLimit = 5.0

    func validate() throws {
        guard seconds > 0 else { throw ValidationError("--seconds must be positive") }
        guard tasks > 0 else { throw ValidationError("--tasks must be positive") }
        guard reportInterval > 0 else { throw ValidationError("--report-interval must be positive") }
        guard maxBytes >= 64 else { throw ValidationError("--max-bytes must be at least 64") }
    }

    func run() async throws {
        let plan = SoakPlan.probe()
        let py = plan.py
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("tensorbridge-soak-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        SoakOutput.say("tensorbridge soak: \(format(seconds)) s, \(tasks) tasks, seed \(seed), tensors up to \(SoakRSS.mib(maxBytes))")
        SoakOutput.say("\(plan.pythonLine); files in \(directory.path)")
        for line in plan.skipped { SoakOutput.say("skipped: \(line)") }

        // Warm-up: each kind once, so that imports and caches exist before anything is counted.
        let warmUp = SoakStats(printLimit: printErrors)
        var first = SoakWorker(index: 0, py: py, dtypes: plan.dtypes, directory: directory, maxBytes: maxBytes,
                               rng: SoakRNG(seed: seed, stream: -1))
        for kind in plan.kinds { Self.perform(kind, &first, stats: warmUp) }
        _ = try py?.collect.call()
        let liveBefore = TensorBuffer.liveCount
        let refcountsBefore = try py?.refcountSnapshot() ?? []
        let totalBefore = try py?.totalRefcountNow()

        let stats = SoakStats(printLimit: max(0, printErrors - warmUp.totalErrors))
        let rssLog = SoakRSSLog()
        let start = ContinuousClock.now
        let deadline = start + .milliseconds(Int64(seconds * 1000))
        rssLog.add(t: 0, rss: SoakRSS.read().current, cached: HostMemory.cachedBytes)
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<tasks {
                group.addTask { [seed, maxBytes, kinds = plan.kinds, dtypes = plan.dtypes] in
                    var worker = SoakWorker(index: index, py: py, dtypes: dtypes, directory: directory, maxBytes: maxBytes,
                                            rng: SoakRNG(seed: seed, stream: index))
                    while ContinuousClock.now < deadline {
                        Self.perform(worker.rng.pick(kinds), &worker, stats: stats)
                        await Task.yield()
                    }
                }
            }
            group.addTask { [reportInterval] in
                await Self.monitor(start: start, deadline: deadline, interval: reportInterval, stats: stats, log: rssLog)
            }
        }
        let workSeconds = Self.seconds(since: start)
        rssLog.add(t: workSeconds, rss: SoakRSS.read().current, cached: HostMemory.cachedBytes)

        // Every worker's tensors died with its task; Python may hold cycles until collected.
        _ = try py?.collect.call()
        let liveAfter = TensorBuffer.liveCount
        let refcountsAfter = try py?.refcountSnapshot() ?? []
        let totalAfter = try py?.totalRefcountNow()
        let cached = HostMemory.cachedBytes
        HostMemory.trim()

        let report = SoakReport(
            seconds: seconds, workSeconds: workSeconds, tasks: tasks, seed: seed,
            counts: stats.snapshot, kindsRun: plan.kinds, warmUpErrors: warmUp.totalErrors,
            rssLog: rssLog, peakRSS: SoakRSS.read().peak, cachedAtEnd: cached, rssAfterTrim: SoakRSS.read().current,
            liveBefore: liveBefore, liveAfter: liveAfter,
            refcountsBefore: refcountsBefore, refcountsAfter: refcountsAfter,
            totalRefcountBefore: totalBefore, totalRefcountAfter: totalAfter,
            driftLimit: driftLimit)
        SoakOutput.say(report.text)
        if !report.passed { throw ExitCode(1) }
    }

    /// Runs one operation, timing it and counting it as done or failed.
    static func perform(_ kind: SoakKind, _ worker: inout SoakWorker, stats: SoakStats) {
        let began = ContinuousClock.now
        do {
            try worker.run(kind)
            stats.recordSuccess(kind, seconds: seconds(since: began))
        } catch {
            stats.recordError(kind, seconds: seconds(since: began), worker: worker.index, detail: "\(error)")
        }
    }

    /// Samples RSS about once a second and prints a progress line every `interval` seconds.
    static func monitor(start: ContinuousClock.Instant, deadline: ContinuousClock.Instant, interval: Double,
                        stats: SoakStats, log: SoakRSSLog) async {
        var nextReport = interval
        while ContinuousClock.now < deadline {
            let wake = min(deadline, ContinuousClock.now + .seconds(1))
            try? await Task.sleep(until: wake, clock: .continuous)
            let t = seconds(since: start)
            let rss = SoakRSS.read()
            log.add(t: t, rss: rss.current, cached: HostMemory.cachedBytes)
            if t + 0.05 >= nextReport {
                SoakOutput.say(String(format: "[%7.1f s]", t)
                    + " ops \(stats.totalOps)  errors \(stats.totalErrors)"
                    + "  RSS \(SoakRSS.mib(rss.current)) (peak \(SoakRSS.mib(rss.peak)))"
                    + "  host cache \(SoakRSS.mib(HostMemory.cachedBytes))  live buffers \(TensorBuffer.liveCount)")
                while nextReport <= t + 0.05 { nextReport += interval }
            }
        }
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    private func format(_ s: Double) -> String { s == s.rounded() ? String(Int(s)) : String(s) }
}
