import Foundation

/// The end-of-run table and the pass/fail verdict.
struct SoakReport {
    let seconds: Double
    let workSeconds: Double
    let tasks: Int
    let seed: UInt64
    let counts: [SoakKind: SoakStats.Counts]
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

    var drift: Double? {
        guard let warm = warmRSS, let final = finalRSS, warm > 0 else { return nil }
        return Double(final - warm) / Double(warm) * 100
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
        memory.append(["host block cache at end", mib(cachedAtEnd)])
        memory.append(["RSS after drop + HostMemory.trim()", mib(rssAfterTrim)])
        memory.append(["live tensor buffers before work", "\(liveBefore)"])
        memory.append(["live tensor buffers after work dropped", "\(liveAfter) (must be 0)"])
        lines += Self.table(memory, rightAligned: [])

        lines.append("")
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
