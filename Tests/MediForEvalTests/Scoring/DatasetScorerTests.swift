import Foundation
import MediForEval
import Testing

@Suite("dataset scorer")
struct DatasetScorerTests {
    static let configuration = DatasetScorer.Configuration(
        detection: DetectionScorer.Configuration(
            operatingFPRs: [0.05, 0.1], bootstrap: BootstrapConfiguration(resamples: 200)),
        concurrency: 2)

    static func scorer(_ configuration: DatasetScorer.Configuration = configuration) -> DatasetScorer {
        DatasetScorer(configuration: configuration, loadMask: ScoringFixture.loadPGM)
    }

    /// A system whose scores rank 6 of the 9 target/non-target pairs correctly (AUC 2/3) and whose masks find
    /// nothing (all white), except that t2 failed (NonProcessed, blank score: the file's minimum, 0.3).
    static func writeGuesser(_ fixture: ScoringFixture) throws -> URL {
        let white = [UInt8](repeating: 255, count: ScoringFixture.width * ScoringFixture.height)
        return try fixture.writeSystem(
            "guesser",
            rows: [
                ("t1", 0.9, "Processed", white), ("t2", nil, "NonProcessed", nil), ("t3", 0.6, "Processed", nil),
                ("n1", 0.5, "Processed", nil), ("n2", 0.3, "Processed", nil), ("n3", 0.7, "Processed", nil),
            ])
    }

    @Test("a ground-truth system scores AUC 1, EER 0, TPR 1 and MCC/F1 1 at both thresholds")
    func groundTruth() throws {
        let fixture = try ScoringFixture()
        defer { fixture.remove() }
        let truth = try fixture.writeGroundTruthSystem()
        let report = try Self.scorer().score(
            dataset: fixture.dataset(), systems: [.init(name: "truth", url: truth)], title: "fixture")
        let system = try #require(report.systems.first)
        let metrics = try #require(system.detection.metrics)
        #expect(metrics.auc == 1)
        #expect(metrics.eer == 0)
        #expect(metrics.operatingPoints.map(\.tpr) == [1, 1])
        #expect(metrics.operatingPoints.allSatisfy { $0.confidenceInterval?.lower == 1 })
        #expect(system.detection.targetCount == 3 && system.detection.nonTargetCount == 3)
        let localization = try #require(system.localization)
        // t3 is a global manipulation: detection-only, so two probes have masks.
        #expect(localization.totalProbes == 2)
        #expect(localization.scoredProbes == 2)
        #expect(localization.optimum.mcc?.mean == 1)
        #expect(localization.optimum.f1?.mean == 1)
        #expect(localization.fixed?.mcc?.mean == 1)
        #expect(localization.fixed?.threshold?.mean == 127)
        #expect(localization.optimum.bwl1?.mean == 0)
    }

    @Test("hand-checkable detection, blank scores take the minimum, failed masks score as blank")
    func guesser() throws {
        let fixture = try ScoringFixture()
        defer { fixture.remove() }
        let report = try Self.scorer().score(
            dataset: fixture.dataset(), systems: [.init(name: "guesser", url: Self.writeGuesser(fixture))])
        let system = try #require(report.systems.first)
        // Targets 0.9, 0.3 (blank → minimum), 0.6 against 0.5, 0.3, 0.7: 3 + 0.5 (tie) + 2 = 5.5 of 9 pairs.
        #expect(abs((system.detection.metrics?.auc ?? 0) - 5.5 / 9) < 1e-12)
        let localization = try #require(system.localization)
        #expect(localization.scoredProbes == 2)
        // An all-white mask (t1) and a missing one (t2) both find nothing: MCC 0.
        #expect(localization.optimum.mcc?.mean == 0)
        #expect(localization.fixed?.f1?.mean == 0)
    }

    @Test("factors: operation compares each type with all clean probes, Q splits both; HostID and constants skipped")
    func partitions() throws {
        let fixture = try ScoringFixture()
        defer { fixture.remove() }
        let dataset = try fixture.dataset()
        #expect(dataset.automaticFactors() == ["Operation", "Q"])
        let report = try Self.scorer().score(
            dataset: dataset, systems: [.init(name: "guesser", url: Self.writeGuesser(fixture))])
        let system = try #require(report.systems.first)
        let groups = system.partitionGroups
        #expect(groups.map(\.factors) == [["Operation"], ["Q"]])
        let operation = groups[0]
        #expect(operation.cells.map { $0.factors[0].value } == ["blur", "contrast", "splice"])
        #expect(operation.cells.allSatisfy { $0.comparesWithAllNonTargets })
        // splice: target 0.9 against 0.5, 0.3, 0.7 → AUC 1; blur: target 0.3 (minimum) → 0.5 / 3.
        #expect(operation.cell(["splice"])?.summary.metrics?.auc == 1)
        #expect(abs((operation.cell(["blur"])?.summary.metrics?.auc ?? 0) - 0.5 / 3) < 1e-12)
        #expect(operation.cell(["blur"])?.summary.nonTargetCount == 3)
        let quality = groups[1]
        #expect(quality.cells.map { $0.factors[0].value } == ["70", "90"])
        #expect(quality.cells.allSatisfy { !$0.comparesWithAllNonTargets })
        // Q 70: targets t1 0.9, t3 0.6 against n1 0.5 → AUC 1. Q 90: target t2 0.3 against 0.3, 0.7 → 0.25.
        let q70 = try #require(quality.cell(["70"])?.summary)
        #expect(q70.targetCount == 2 && q70.nonTargetCount == 1 && q70.metrics?.auc == 1)
        #expect(quality.cell(["90"])?.summary.metrics?.auc == 0.25)
        // The same numbers as scoring the cell's trials directly.
        let records = try TrialRecord.join(
            index: dataset.index, reference: dataset.reference,
            system: SystemOutputFile(contentsOf: fixture.directory.appendingPathComponent("guesser/guesser.csv")))
        let direct = try DetectionScorer(configuration: Self.configuration.detection).summary(
            of: records.filter { $0.factors["Q"] == "90" })
        #expect(quality.cell(["90"])?.summary == direct)
    }

    @Test("systems are ranked by AUC and the summary text lists them in that order with a legend")
    func summaryText() throws {
        let fixture = try ScoringFixture()
        defer { fixture.remove() }
        let report = try Self.scorer().score(
            dataset: fixture.dataset(),
            systems: [
                .init(name: "guesser", url: Self.writeGuesser(fixture)),
                .init(name: "truth", url: fixture.writeGroundTruthSystem()),
            ])
        #expect(report.systemsByAUC.map(\.name) == ["truth", "guesser"])
        let text = report.summaryText()
        let lines = text.split(separator: "\n").map(String.init)
        let header = try #require(lines.first { $0.hasPrefix("System") })
        for column in ["Trials (T/N)", "TRR", "AUC", "90% CI", "EER", "pAUC@0.1", "TPR@0.05", "TPR@0.1", "MCC opt",
            "F1 opt", "MCC @127", "F1 @127"]
        {
            #expect(header.contains(column), "\(column)")
        }
        let truthLine = try #require(lines.firstIndex { $0.hasPrefix("truth ") })
        let guesserLine = try #require(lines.firstIndex { $0.hasPrefix("guesser ") })
        #expect(truthLine < guesserLine)
        #expect(lines[truthLine].contains("6 (3/3)"))
        #expect(lines[truthLine].contains("2/2"))
        #expect(text.contains("AUC by Operation (vs all non-targets)"))
        #expect(lines.contains { $0.hasPrefix("guesser") && $0.contains("0.167") })
        #expect(text.contains("AUC: area under the ROC curve"))
        #expect(!lines.contains { $0.hasSuffix(" ") })
    }

    @Test("opt-out filtering leaves declined trials out and reports the TRR")
    func optOut() throws {
        let fixture = try ScoringFixture()
        defer { fixture.remove() }
        let system = try fixture.writeSystem(
            "shy",
            rows: [
                ("t1", 0.9, "Processed", nil), ("t2", nil, "OptOutAll", nil), ("t3", 0.6, "Processed", nil),
                ("n1", 0.5, "Processed", nil), ("n2", nil, "OptOutDetection", nil), ("n3", 0.7, "Processed", nil),
            ])
        var configuration = Self.configuration
        configuration.detection.appliesOptOut = true
        let report = try Self.scorer(configuration).score(
            dataset: fixture.dataset(), systems: [.init(name: "shy", url: system)])
        let detection = try #require(report.systems.first?.detection)
        #expect(detection.trialResponseRate == 4.0 / 6.0)
        #expect(detection.systemResponse == .trialResponse)
        #expect(detection.targetCount == 2 && detection.nonTargetCount == 2)
        // Targets 0.9, 0.6 against 0.5, 0.7: 3 of 4 pairs.
        #expect(detection.metrics?.auc == 0.75)
        // t2 declined everything: one of the two masked targets is scored.
        #expect(report.systems.first?.localization?.scoredProbes == 1)
        #expect(report.systems.first?.localization?.trialResponseRate == 0.5)
    }

    @Test("a system that declined every trial scores at chance, or has no trial left under opt-out filtering")
    func declinedEverything() throws {
        let fixture = try ScoringFixture()
        defer { fixture.remove() }
        let system = try fixture.writeSystem(
            "none", rows: (ScoringFixture.targets + ScoringFixture.nonTargets).map { ($0, nil, "OptOutAll", nil) })
        let all = try Self.scorer().score(dataset: fixture.dataset(), systems: [.init(name: "none", url: system)])
        #expect(all.systems[0].detection.metrics?.auc == 0.5)
        #expect(all.systems[0].localization?.optimum.mcc?.mean == 0)
        var configuration = Self.configuration
        configuration.detection.appliesOptOut = true
        let filtered = try Self.scorer(configuration).score(
            dataset: fixture.dataset(), systems: [.init(name: "none", url: system)])
        #expect(filtered.systems[0].detection.trialResponseRate == 0)
        #expect(filtered.systems[0].detection.metrics == nil)
        #expect(filtered.systems[0].localization?.scoredProbes == 0)
    }

    @Test("detection only: no masks are read")
    func detectionOnly() throws {
        let fixture = try ScoringFixture()
        defer { fixture.remove() }
        var configuration = Self.configuration
        configuration.localization = nil
        let failing = DatasetScorer(configuration: configuration) { url in
            throw EvaluationError(code: .unreadableFile, message: "must not be read: \(url.path)")
        }
        let report = try failing.score(
            dataset: fixture.dataset(), systems: [.init(name: "truth", url: fixture.writeGroundTruthSystem())])
        #expect(report.systems[0].localization == nil)
        #expect(report.maskConfiguration == nil)
        #expect(report.systems[0].detection.metrics?.auc == 1)
    }
}
