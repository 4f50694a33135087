import Foundation

/// The end-of-run table and the pass/fail verdict.
struct SoakReport {
    let seconds: Double
    let workSeconds: Double
    let tasks: Int
    let seed: UInt64
    let counts: [SoakKind: SoakStats.Counts]
    /// The kinds this machine ran (``SoakPlan``); the others are listed as skipped.
    let kindsRun: [SoakKind]
    let warmUpErrors: Int
    let rssLog: SoakRSSLog
    let peakRSS: Int
    let cachedAtEnd: Int
    let rssAfterTrim: Int
    let liveBefore: Int
    let liveAfter: Int
    let refcountsBefore: [(String, Int)]
    let refcountsAfter: [(String, Int)]
    let totalRefcountBefore: Int?
    let totalRefcountAfter: Int?
    let driftLimit: Double

    /// Runs this long or longer fail on drift; shorter ones only report it.
    static let driftEnforcedFrom = 120.0

    var errors: Int { counts.values.reduce(0) { $0 + $1.errors } + warmUpErrors }

    /// Warm-up ends after the first minute, or the first 10% of a run shorter than 10 minutes.
    var warmUpEnd: Double { min(60, seconds * 0.1) }
    /// RSS values are medians of the 1 s samples over windows this long.
    var window: Double { max(1, min(10, warmUpEnd / 2)) }

    var warmRSS: Int? { rssLog.median(in: max(0, warmUpEnd - window)...warmUpEnd) }
    var finalRSS: Int? { rssLog.median(in: max(0, workSeconds - window)...workSeconds) }

    var drift: Double? { Self.percent(from: warmRSS, to: finalRSS) }

    /// RSS less the host allocator's block cache (``HostMemory/cachedBytes``, memory kept on
    /// purpose and bounded by ``HostMemory/cacheLimit``): growth here is not the cache's.
    var warmUncached: Int? { rssLog.median(in: max(0, warmUpEnd - window)...warmUpEnd) { $0.rss - $0.cached } }
    var finalUncached: Int? { rssLog.median(in: max(0, workSeconds - window)...workSeconds) { $0.rss - $0.cached } }
    var uncachedDrift: Double? { Self.percent(from: warmUncached, to: finalUncached) }

    static func percent(from a: Int?, to b: Int?) -> Double? {
        guard let a, let b, a > 0 else { return nil }
        return Double(b - a) / Double(a) * 100
    }

    var driftEnforced: Bool { seconds >= Self.driftEnforcedFrom }

    var failures: [String] {
        var out: [String] = []
        if errors > 0 { out.append("\(errors) error(s)") }
        if liveAfter != 0 { out.append("\(liveAfter) tensor buffer(s) still alive after the work was dropped") }
        if driftEnforced, let drift, drift > driftLimit {
            out.append(String(format: "RSS grew %.1f%% after warm-up (limit %.1f%%)", drift, driftLimit))
        }
        return out
    }

    var passed: Bool { failures.isEmpty }

    var text: String {
        var lines: [String] = ["", "Soak report: \(String(format: "%.1f", workSeconds)) s of work, \(tasks) tasks, seed \(seed)", ""]

        var rows: [[String]] = [["operation", "ops", "errors", "ops/s", "mean ms"]]
        for kind in SoakKind.allCases {
            guard kindsRun.contains(kind) else {
                rows.append([kind.rawValue, "skipped", "", "", ""])
                continue
            }
            let c = counts[kind] ?? SoakStats.Counts()
            rows.append([kind.rawValue, "\(c.ops)", "\(c.errors)", String(format: "%.1f", Double(c.ops) / max(workSeconds, 1e-9)),
                         c.ops == 0 ? "-" : String(format: "%.3f", c.seconds / Double(c.ops) * 1000)])
        }
        let total = counts.values.reduce(SoakStats.Counts()) { SoakStats.Counts(ops: $0.ops + $1.ops, errors: $0.errors + $1.errors, seconds: $0.seconds + $1.seconds) }
        rows.append(["total", "\(total.ops)", "\(total.errors)", String(format: "%.1f", Double(total.ops) / max(workSeconds, 1e-9)), ""])
        lines += Self.table(rows, rightAligned: [1, 2, 3, 4])
        if warmUpErrors > 0 { lines.append("(plus \(warmUpErrors) error(s) in the warm-up pass of one operation per kind)") }

        lines.append("")
        let mib = SoakRSS.mib
        let warmLabel = String(format: "RSS after warm-up (median %.0f–%.0f s)", max(0, warmUpEnd - window), warmUpEnd)
        let finalLabel = String(format: "final RSS (median %.0f–%.0f s)", max(0, workSeconds - window), workSeconds)
        var memory: [[String]] = [["memory", "value"]]
        memory.append(["peak RSS (VmHWM)", mib(peakRSS)])
        memory.append([warmLabel, warmRSS.map(mib) ?? "n/a"])
        memory.append([finalLabel, finalRSS.map(mib) ?? "n/a"])
        let driftText = drift.map { String(format: "%+.2f%%", $0) } ?? "n/a"
        memory.append(["RSS drift after warm-up", driftText + (driftEnforced
            ? String(format: " (limit %.1f%%, enforced)", driftLimit)
            : String(format: " (not enforced: runs under %.0f s only report it)", Self.driftEnforcedFrom))])
        memory.append(["host block cache at end (HostMemory.cachedBytes)", mib(cachedAtEnd)])
        memory.append(["RSS less host block cache: after warm-up / final",
                       "\(warmUncached.map(mib) ?? "n/a") / \(finalUncached.map(mib) ?? "n/a")"])
        memory.append(["RSS less host block cache: drift (reported only)",
                       uncachedDrift.map { String(format: "%+.2f%%", $0) } ?? "n/a"])
        memory.append(["RSS after drop + HostMemory.trim()", mib(rssAfterTrim)])
        memory.append(["live tensor buffers before work", "\(liveBefore)"])
        memory.append(["live tensor buffers after work dropped", "\(liveAfter) (must be 0)"])
        lines += Self.table(memory, rightAligned: [])

        lines.append("")
        lines += Self.table(timeline, rightAligned: [1, 2, 3, 4, 5])

        lines.append("")
        if refcountsBefore.isEmpty {
            lines.append("Python refcounts: not tracked (no Python with NumPy)")
            lines.append("")
            lines.append(passed ? "PASS" : "FAIL: " + failures.joined(separator: "; "))
            return lines.joined(separator: "\n")
        }
        var refs: [[String]] = [["Python object (sys.getrefcount, after gc.collect)", "before", "after", "delta"]]
        let after = Dictionary(refcountsAfter, uniquingKeysWith: { a, _ in a })
        for (name, before) in refcountsBefore {
            let a = after[name] ?? -1
            refs.append([name, "\(before)", "\(a)", String(format: "%+d", a - before)])
        }
        lines += Self.table(refs, rightAligned: [1, 2, 3])
        if let b = totalRefcountBefore, let a = totalRefcountAfter {
            lines.append("sys.gettotalrefcount(): \(b) before, \(a) after (\(String(format: "%+d", a - b)))")
        } else {
            lines.append("sys.gettotalrefcount(): not available (this Python is a release build; only debug builds have it)")
        }

        lines.append("")
        lines.append(passed ? "PASS" : "FAIL: " + failures.joined(separator: "; "))
        return lines.joined(separator: "\n")
    }

    /// RSS over time: the 1 s samples in about ten equal periods, as min, median and max.
    var timeline: [[String]] {
        let samples = rssLog.all
        let step = max(1, (workSeconds / 10).rounded(.up))
        var rows: [[String]] = [["RSS samples (1 s)", "n", "min", "median", "max", "host cache (median)"]]
        var from = 0.0
        while from < workSeconds {
            let to = min(workSeconds, from + step)
            let period = samples.filter { $0.t >= from && ($0.t < to || to == workSeconds) }
            let values = period.map(\.rss).sorted()
            let cached = period.map(\.cached).sorted()
            if let lo = values.first, let hi = values.last {
                rows.append([String(format: "%.0f–%.0f s", from, to), "\(values.count)", SoakRSS.mib(lo),
                             SoakRSS.mib(values[values.count / 2]), SoakRSS.mib(hi), SoakRSS.mib(cached[cached.count / 2])])
            }
            from = to
        }
        return rows
    }

    /// Rows padded to columns, with a rule under the header.
    static func table(_ rows: [[String]], rightAligned: Set<Int>) -> [String] {
        let widths = rows[0].indices.map { col in rows.map { $0[col].count }.max() ?? 0 }
        func line(_ r: [String]) -> String {
            r.enumerated().map { col, cell in
                let pad = String(repeating: " ", count: widths[col] - cell.count)
                return rightAligned.contains(col) ? pad + cell : cell + pad
            }.joined(separator: "  ")
        }
        return [line(rows[0]), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
            + rows.dropFirst().map(line)
    }
}
