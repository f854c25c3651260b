import Foundation
import MediForAnalytics
import MediForEval

extension DatasetRunner {
    /// What a run did.
    struct Outcome: Sendable {
        /// The analytic system ids, in order.
        var analytics: [String]
        /// The fuser system ids, in order.
        var fusers: [String]
        /// Probes processed.
        var probes: Int
        /// Wall time, in seconds.
        var seconds: Double
        /// `NonProcessed` rows per system, for systems that have any.
        var failures: [String: Int]
        /// Problems that did not fail a probe, in probe order.
        var warnings: [String]
    }

    /// Runs every probe, writes every system output and `run.json`, and returns what happened.
    ///
    /// - Parameters:
    ///   - probes: the index's probes, in index order (the order of every CSV).
    ///   - analytics: the analytic system ids, matching `source`.
    ///   - datasetPath: recorded in `run.json`.
    ///   - progress: called after each probe with (done, total, elapsed seconds), on the calling task.
    /// - Throws: what the source throws for the whole run (an unreachable server), or file-system errors.
    func run(
        probes: [Probe], analytics: [String], source: AnalyticSource, datasetPath: String,
        progress: (Int, Int, Double) -> Void
    ) async throws -> Outcome {
        let fuserIDs = fusers.map(\.id)
        try layout.prepare(systems: analytics + fuserIDs)
        let clock = ContinuousClock()
        let start = clock.now
        func elapsed() -> Double {
            let duration = start.duration(to: clock.now)
            return Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }
        var table = [String: [SystemRow?]]()
        for id in analytics + fuserIDs { table[id] = [SystemRow?](repeating: nil, count: probes.count) }
        var warnings = [(Int, String)]()
        try await withThrowingTaskGroup(of: (Int, [String: SystemRow], [String]).self) { group in
            var next = 0
            func startNext() {
                guard next < probes.count else { return }
                let index = next
                next += 1
                group.addTask {
                    let answers: [AnalyticAnswer]
                    switch source {
                    case .offline(let analytics): answers = analyzeOffline(probes[index], analytics: analytics)
                    case .pipeline(let pipeline): answers = try await pipeline.analyze(probes[index], layout: layout)
                    }
                    return (index, rows(for: probes[index], answers: answers), answers.compactMap(\.warning))
                }
            }
            for _ in 0..<max(concurrency, 1) { startNext() }
            var done = 0
            while let finished = try await group.next() {
                let (index, rows, notes) = finished
                for (id, row) in rows where table[id] != nil { table[id]?[index] = row }
                warnings += notes.map { (index, $0) }
                done += 1
                progress(done, probes.count, elapsed())
                startNext()
            }
        }
        try? FileManager.default.removeItem(at: layout.scratch)
        var failures: [String: Int] = [:]
        for id in analytics + fuserIDs {
            let rows = (table[id] ?? []).enumerated().map { index, row in
                row ?? SystemRow(probeID: probes[index].id, score: nil, status: .nonProcessed, hasMask: false)
            }
            let failed = rows.count { $0.status == .nonProcessed }
            if failed > 0 { failures[id] = failed }
            try layout.writeSystem(id, rows: rows)
        }
        let seconds = elapsed()
        try layout.writeRunSummary(
            dataset: datasetPath, analytics: analytics, fusers: fuserIDs, probes: probes.count, seconds: seconds)
        return Outcome(
            analytics: analytics, fusers: fuserIDs, probes: probes.count, seconds: seconds, failures: failures,
            warnings: warnings.sorted { $0.0 < $1.0 }.map(\.1))
    }
}
