import MediForEval
import Testing

@Suite("localization summary")
struct LocalizationSummaryTests {
    @Test("means, sample deviations, the system-wide maximum threshold and the TRR")
    func aggregates() throws {
        let scorer = MaskScorer(configuration: .init(erosionKernelSize: 0, dilationKernelSize: 0, fixedThreshold: 127))
        let reference = try mask(MaskScorerTests.grayReference)
        // Probe A: the gray example, optimum 200 with MCC 0.707107, MCC ⅓ at 127.
        let a = try scorer.score(
            reference: reference, system: MaskPlane(width: 6, height: 1, pixels: MaskScorerTests.graySystem))
        // Probe B: the reference itself, MCC 1 at every threshold 0…254, so its optimum is 0.
        let b = try scorer.score(reference: reference, system: reference)
        let summary = LocalizationSummary(scores: [a, b], totalProbes: 4, systemResponse: .trialResponse)
        #expect(summary.scoredProbes == 2)
        #expect(summary.trialResponseRate == 0.5)
        // Optimum thresholds 200 and 0: mean 100, sample sd √((100² + 100²) / 1) = 141.421356.
        #expect(summary.optimum.threshold?.mean == 100)
        #expect(abs((summary.optimum.threshold?.standardDeviation ?? 0) - 141.4213562373095) < 1e-9)
        // Optimum MCC mean (0.707107 + 1) / 2 = 0.853553.
        #expect(abs((summary.optimum.mcc?.mean ?? 0) - 0.8535533905932737) < 1e-12)
        // Fixed 127: (⅓ + 1) / 2.
        #expect(abs((summary.fixed?.mcc?.mean ?? 0) - 2.0 / 3.0) < 1e-12)
        // One threshold for both: 200…219 gives 0.707 + 1, the best sum, so the maximum threshold is 200.
        #expect(summary.maximum?.threshold?.mean == 200)
        #expect(abs((summary.maximum?.mcc?.mean ?? 0) - 0.8535533905932737) < 1e-12)
        // NMM of A at 200: (3 − 0 − 1) / 3 = ⅔; of B: 1.
        #expect(abs((summary.optimum.nmm?.mean ?? 0) - 5.0 / 6.0) < 1e-12)
    }

    @Test("probes with nothing scored count as undefined and stay out of the means")
    func undefinedProbes() throws {
        let scorer = MaskScorer(configuration: .init(erosionKernelSize: 0, dilationKernelSize: 0))
        let excluded = try scorer.score(
            reference: mask(["#."]), system: MaskPlane(width: 2, height: 1, pixels: [9, 9]), optOutPixelValue: 9)
        let perfect = try scorer.score(reference: mask(["#."]), system: mask(["#."]))
        let summary = LocalizationSummary(scores: [excluded, perfect], totalProbes: 2, systemResponse: .all)
        #expect(summary.undefinedProbes == 1)
        #expect(summary.optimum.mcc?.count == 1)
        #expect(summary.optimum.mcc?.mean == 1)
        #expect(summary.optimum.mcc?.standardDeviation == nil)
        #expect(summary.fixed == nil)
    }

    @Test(
        "which statuses localization keeps under opt-out",
        arguments: [
            (ResponseStatus.optOutFlag(.no), true), (.optOutFlag(.detection), true),
            (.optOutFlag(.failedValidation), true),
            (.optOutFlag(.yes), false), (.optOutFlag(.localization), false),
            (.probeStatus(.processed), true), (.probeStatus(.nonProcessed), true),
            (.probeStatus(.optOutDetection), true),
            (.probeStatus(.failedValidation), true), (.probeStatus(.optOutAll), false),
            (.probeStatus(.optOutLocalization), false),
        ]
    )
    func localizationStatuses(status: ResponseStatus, kept: Bool) {
        let target = TrialRecord(key: TrialKey(probeFileID: "p"), isTarget: true, score: 1, status: status)
        #expect(target.isScoredForLocalization(applyingOptOut: true) == kept)
        #expect(target.isScoredForLocalization(applyingOptOut: false))
        let nonTarget = TrialRecord(key: TrialKey(probeFileID: "q"), isTarget: false, score: 1, status: status)
        #expect(!nonTarget.isScoredForLocalization(applyingOptOut: false))
    }

    @Test("FailedValidation, in either column form, is scored as a blank mask")
    func failedValidationIsBlank() {
        #expect(ResponseStatus.probeStatus(.failedValidation).scoresAsBlankMask)
        #expect(ResponseStatus.optOutFlag(.failedValidation).scoresAsBlankMask)
        #expect(!ResponseStatus.probeStatus(.nonProcessed).scoresAsBlankMask)
    }
}
