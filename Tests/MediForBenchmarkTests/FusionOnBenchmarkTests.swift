import Foundation
import MediForAnalytics
import MediForBenchmark
import MediForEval
import Testing

/// The trained fusion measured the way the README reports it: the small seeded benchmark generated from the
/// sample photos, every built-in analytic run over it, `logreg` fitted on some host photos and scored on the
/// others. On the held-out hosts it must beat `mean` and the best single analytic.
@Suite struct FusionOnBenchmarkTests {
    /// scikit-image's natural photographs (the hosts `scripts/sample-hosts.sh` collects from it).
    static let hosts = [
        "astronaut.png", "brick.png", "camera.png", "chelsea.png", "coffee.png", "coins.png", "grass.png",
        "gravel.png", "hubble_deep_field.jpg", "ihc.png", "moon.png", "motorcycle_left.png", "retina.jpg",
        "rocket.jpg",
    ]

    @Test func logregBeatsMeanAndTheBestSingleAnalyticOnHeldOutHosts() async throws {
        let hostFolder = try SampleHosts.folder(Self.hosts)
        let output = TemporaryFolder.unusedPath("fusion")
        var configuration = BenchmarkConfiguration(seed: 21, size: .small)
        configuration.targetsPerOperation = 8
        _ = try BenchmarkGenerator(configuration: configuration).generate(hosts: hostFolder, output: output)
        let reference = try ReferenceFile(contentsOf: output.appendingPathComponent("reference.csv"))
        let index = try IndexFile(contentsOf: output.appendingPathComponent("index.csv"))
        let hostOf = Dictionary(uniqueKeysWithValues: reference.rows.map { ($0.probeFileID, $0) })

        let analytics = BuiltinAnalytics.all
        let probes = index.rows.map { (id: $0.probeFileID, path: output.appendingPathComponent($0.probeFileName)) }
        let scores = try await withThrowingTaskGroup(of: (String, [String: Double]).self) { group in
            var pending = probes[...]
            var collected: [String: [String: Double]] = [:]
            func start() {
                guard let probe = pending.popFirst() else { return }
                group.addTask {
                    let input = AnalysisInput(data: [UInt8](try Data(contentsOf: probe.path)))
                    var scores: [String: Double] = [:]
                    for analytic in analytics {
                        if case .success(let result) = AnalysisRunner.run(analytic, on: input, maskPath: nil).result,
                            !result.isOptOut
                        {
                            scores[analytic.descriptor.id] = result.score
                        }
                    }
                    return (probe.id, scores)
                }
            }
            for _ in 0..<max(ProcessInfo.processInfo.activeProcessorCount, 1) { start() }
            while let (id, scores) = try await group.next() {
                collected[id] = scores
                start()
            }
            return collected
        }

        let samples = try probes.map { probe in
            let row = try #require(hostOf[probe.id])
            let host = try #require(row.factors["HostID"])
            return FusionSample(probeID: probe.id, hostID: host, isTarget: row.isTarget, scores: scores[probe.id] ?? [:])
        }
        #expect(samples.filter(\.isTarget).count * 2 == samples.count)
        let set = FusionTrainingSet(
            dataset: output.path, analytics: analytics.map(\.descriptor.id), samples: samples)
        let report = try FusionTrainer().train(set, holdout: 0.3, seed: 7)
        #expect(Set(report.split.trainHosts).isDisjoint(with: report.split.testHosts))
        let auc = Dictionary(uniqueKeysWithValues: report.heldOut.map { ($0.system, $0.auc ?? 0) })
        let single = report.heldOut.filter { !$0.isFuser }.map { $0.auc ?? 0 }
        let logreg = try #require(auc["logreg"])
        let mean = try #require(auc["mean"])
        let best = try #require(single.max())
        let table = report.heldOut.map { "\($0.system) \(String(format: "%.3f", $0.auc ?? 0))" }.joined(separator: ", ")
        print("held-out AUC (\(report.testProbes) probes on \(report.split.testHosts.count) hosts): \(table)")
        #expect(logreg > mean, "held-out AUC: \(table)")
        #expect(logreg > best, "held-out AUC: \(table)")
    }
}
