import MediForEval
import Testing

func record(
    _ id: String, _ target: Bool, _ score: Double, _ status: ResponseStatus? = nil, factors: [String: String] = [:]
)
    -> TrialRecord
{
    TrialRecord(key: TrialKey(probeFileID: id), isTarget: target, score: score, status: status, factors: factors)
}

@Suite("detection scorer")
struct DetectionScorerTests {
    @Test("metrics carry AUC, EER, partial AUC and TPR at FPR 0.05 and 0.1")
    func metrics() throws {
        let metrics = try #require(try DetectionScorer().metrics(of: ROCCurveTests.staircase))
        #expect(abs(metrics.auc - 5.0 / 6.0) < 1e-15)
        #expect(abs(metrics.eer - 5.0 / 12.0) < 1e-15)
        #expect(metrics.farStop == 0.1)
        #expect(metrics.partialAUC == 0)
        #expect(metrics.tprAtFARStop == 2.0 / 3.0)
        #expect(
            metrics.operatingPoints == [
                OperatingPoint(fpr: 0.05, tpr: 2.0 / 3.0), OperatingPoint(fpr: 0.1, tpr: 2.0 / 3.0),
            ])
        #expect(metrics.confidenceIntervals == nil)
    }

    @Test(
        "degenerate trial sets have counts but no metrics",
        arguments: [
            ("all targets", [true, true, true], 3, 0),
            ("no targets", [false, false], 0, 2),
            ("no trials", [], 0, 0),
        ]
    )
    func degenerate(name: String, targets: [Bool], targetCount: Int, nonTargetCount: Int) throws {
        let records = targets.enumerated().map { record("p\($0.offset)", $0.element, Double($0.offset)) }
        let summary = try DetectionScorer().summary(of: records)
        #expect(summary.metrics == nil, "\(name)")
        #expect(summary.targetCount == targetCount)
        #expect(summary.nonTargetCount == nonTargetCount)
    }

    @Test("one target and one non-target is still scored (MediScore test_c2_5: AUC 0, EER 1)")
    func oneEach() throws {
        let metrics = try #require(try DetectionScorer().metrics(of: trials([("T", 0.5), ("N", 0.7)])))
        #expect(metrics.auc == 0)
        #expect(metrics.eer == 1)
        #expect(metrics.tprAtFARStop == 0)
    }

    @Test("a NaN score is refused")
    func nanScore() {
        #expect(throws: EvaluationError.self) {
            try DetectionScorer().metrics(of: [DetectionTrial(score: .nan, isTarget: true)])
        }
    }

    @Test("a FAR_STOP outside (0, 1] is refused")
    func badConfiguration() {
        let scorer = DetectionScorer(configuration: .init(farStop: 0))
        #expect {
            try scorer.metrics(of: ROCCurveTests.staircase)
        } throws: { ($0 as? EvaluationError)?.code == .invalidConfiguration }
    }

    /// MediScore's sample system p-me_4 (ProbeStatus form) on its 7-probe sample reference.
    static let statusRecords = [
        record("F18", true, 0.034, .probeStatus(.processed)),
        record("F166", false, 0.021, .probeStatus(.nonProcessed)),
        record("F165", false, 0.021, .probeStatus(.optOutAll)),
        record("F86", true, 0.016, .probeStatus(.optOutDetection)),
        record("F87", false, 0.016, .probeStatus(.optOutAll)),
        record("F88", true, 0.016, .probeStatus(.processed)),
        record("F172", true, 0.015, .probeStatus(.optOutLocalization)),
    ]

    @Test("opt-out filtering keeps Processed, NonProcessed and OptOutLocalization; TRR = kept / all")
    func optOut() throws {
        let summary = try DetectionScorer(configuration: .init(appliesOptOut: true)).summary(of: Self.statusRecords)
        // Kept: F18 (T .034), F166 (N .021), F88 (T .016), F172 (T .015): 4 of 7.
        #expect(summary.totalTrials == 7)
        #expect(summary.scoredTrials == 4)
        #expect(summary.trialResponseRate == 4.0 / 7.0)
        #expect(summary.systemResponse == .trialResponse)
        // (fps, tps) at .034 .021 .016 .015: (0,1) (1,1) (1,2) (1,3); (1,2) is collinear and dropped:
        // points (0,0) (0,⅓) (1,⅓) (1,1). AUC = 1 × (⅓ + ⅓) / 2 = ⅓; EER at (1, ⅓): (1 + ⅔) / 2 = ⅚.
        let metrics = try #require(summary.metrics)
        #expect(abs(metrics.auc - 1.0 / 3.0) < 1e-15)
        #expect(abs(metrics.eer - 5.0 / 6.0) < 1e-15)
        #expect(abs(metrics.tprAtFARStop - 1.0 / 3.0) < 1e-15)
    }

    @Test("without opt-out filtering every trial is scored, whatever its status")
    func noOptOut() throws {
        let summary = try DetectionScorer().summary(of: Self.statusRecords)
        #expect(summary.scoredTrials == 7)
        #expect(summary.trialResponseRate == 1)
        #expect(summary.systemResponse == .all)
    }

    @Test(
        "which statuses detection keeps under opt-out",
        arguments: [
            (ResponseStatus.optOutFlag(.no), true), (.optOutFlag(.localization), true), (.optOutFlag(.yes), false),
            (.optOutFlag(.detection), false), (.optOutFlag(.failedValidation), false),
            (.probeStatus(.processed), true), (.probeStatus(.nonProcessed), true),
            (.probeStatus(.optOutLocalization), true), (.probeStatus(.failedValidation), true),
            (.probeStatus(.optOutTemporal), true), (.probeStatus(.optOutSpatial), true),
            (.probeStatus(.optOutAll), false), (.probeStatus(.optOutDetection), false),
        ]
    )
    func detectionStatuses(status: ResponseStatus, kept: Bool) {
        #expect(status.isScoredForDetection == kept)
        #expect(record("p", true, 1, status).isScoredForDetection(applyingOptOut: true) == kept)
        #expect(record("p", true, 1, status).isScoredForDetection(applyingOptOut: false))
    }

    @Test("partitions group trials by factor values, one summary per combination, sorted")
    func partitions() throws {
        let records = [
            record("a", true, 0.9, factors: ["Op": "splice", "Q": "high"]),
            record("b", false, 0.1, factors: ["Op": "splice", "Q": "high"]),
            record("c", true, 0.2, factors: ["Op": "clone", "Q": "high"]),
            record("d", false, 0.8, factors: ["Op": "clone", "Q": "high"]),
            record("e", true, 0.6, factors: ["Op": "clone"]),
        ]
        let rows = try DetectionScorer().partitions(of: records, by: ["Op", "Q"])
        #expect(rows.map { $0.factors.map(\.value) } == [["clone", ""], ["clone", "high"], ["splice", "high"]])
        #expect(rows[0].summary.metrics == nil)  // only a target
        #expect(rows[0].summary.targetCount == 1)
        #expect(rows[1].summary.metrics?.auc == 0)  // c, d inverted
        #expect(rows[2].summary.metrics?.auc == 1)  // a, b perfect
        #expect(rows[2].factors == [FactorValue(name: "Op", value: "splice"), FactorValue(name: "Q", value: "high")])
    }
}
