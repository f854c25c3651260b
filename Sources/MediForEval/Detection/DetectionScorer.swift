/// Computes MediScore's detection metrics: ROC, AUC, EER, partial AUC, TPR at fixed FPRs, d′, bootstrap
/// confidence intervals, and the trial response rate under opt-out filtering.
///
/// The scorer is a plain value; every method is a pure function of its arguments.
///
/// ```swift
/// let scorer = DetectionScorer(configuration: .init(bootstrap: .init()))
/// let records = try TrialRecord.join(index: index, reference: reference, system: system)
/// let summary = try scorer.summary(of: records)
/// print(summary.metrics?.auc ?? .nan)
/// ```
public struct DetectionScorer: Sendable {
    /// Scoring options; the defaults are MediScore's.
    public struct Configuration: Hashable, Sendable, Codable {
        /// `FAR_STOP`: the FPR limit of the partial AUC and of `CDR@FAR`.
        public var farStop: Double
        /// False positive rates at which to report the TPR besides ``farStop``.
        public var operatingFPRs: [Double]
        /// Bootstrap confidence intervals (`--ci`); `nil` for none.
        public var bootstrap: BootstrapConfiguration?
        /// Drop the trials the system declined (`--optOut`) and report the TRR.
        public var appliesOptOut: Bool

        /// Creates a configuration.
        public init(
            farStop: Double = 0.1,
            operatingFPRs: [Double] = [0.05, 0.1],
            bootstrap: BootstrapConfiguration? = nil,
            appliesOptOut: Bool = false
        ) {
            self.farStop = farStop
            self.operatingFPRs = operatingFPRs
            self.bootstrap = bootstrap
            self.appliesOptOut = appliesOptOut
        }

        /// MediScore's defaults: `FAR_STOP` 0.1, no intervals, no opt-out filtering.
        public static var defaults: Configuration { Configuration() }

        /// Checks the ranges.
        /// - Throws: ``EvaluationError/Code/invalidConfiguration`` naming the bad field.
        public func validate() throws(EvaluationError) {
            guard farStop > 0, farStop <= 1 else {
                throw .invalidConfiguration("farStop must be in (0, 1], got \(farStop)")
            }
            for rate in operatingFPRs where !(rate >= 0 && rate <= 1) {
                throw .invalidConfiguration("operating FPR must be in [0, 1], got \(rate)")
            }
            try bootstrap?.validate()
        }
    }

    /// The options in force.
    public let configuration: Configuration

    /// Creates a scorer.
    public init(configuration: Configuration = .defaults) {
        self.configuration = configuration
    }

    /// The metrics of plain trials, or `nil` when they lack targets or non-targets.
    ///
    /// Bootstrap resamples follow the order of `trials`, as MediScore's follow the order of its merged table.
    /// - Throws: ``EvaluationError/Code/invalidValue`` for a NaN score, ``EvaluationError/Code/invalidConfiguration``
    ///   for a bad configuration.
    public func metrics(of trials: [DetectionTrial]) throws(EvaluationError) -> DetectionMetrics? {
        try configuration.validate()
        if let index = trials.firstIndex(where: { $0.score.isNaN }) {
            throw .invalidValue("trial \(index) has a NaN score")
        }
        guard let curve = ROCCurve(trials: trials) else { return nil }
        let farStop = configuration.farStop
        let operatingFPRs = configuration.operatingFPRs
        let bootstrap = configuration.bootstrap.flatMap {
            Bootstrap.intervals(trials: trials, farStop: farStop, operatingFPRs: operatingFPRs, configuration: $0)
        }
        return DetectionMetrics(
            roc: curve,
            auc: curve.areaUnderCurve,
            eer: curve.equalErrorRate,
            farStop: farStop,
            partialAUC: curve.area(upToFPR: farStop),
            tprAtFARStop: curve.truePositiveRate(atFPR: farStop),
            operatingPoints: operatingFPRs.enumerated().map { index, rate in
                OperatingPoint(
                    fpr: rate, tpr: curve.truePositiveRate(atFPR: rate),
                    confidenceInterval: bootstrap?.operatingPoints[index])
            },
            dPrime: curve.dPrime,
            confidenceIntervals: bootstrap?.intervals
        )
    }

    /// The summary of joined trials: opt-out filtering when configured, the TRR, and the metrics.
    ///
    /// `TRR` = scored trials / all trials. MediScore rounds it to two decimals in its report; the value here is exact.
    /// - Throws: As ``metrics(of:)``.
    public func summary(of records: [TrialRecord]) throws(EvaluationError) -> DetectionSummary {
        var trials: [DetectionTrial] = []
        trials.reserveCapacity(records.count)
        var targets = 0
        for record in records where record.isScoredForDetection(applyingOptOut: configuration.appliesOptOut) {
            trials.append(record.detectionTrial)
            if record.isTarget { targets += 1 }
        }
        return DetectionSummary(
            totalTrials: records.count,
            targetCount: targets,
            nonTargetCount: trials.count - targets,
            trialResponseRate: records.isEmpty ? 0 : Double(trials.count) / Double(records.count),
            systemResponse: configuration.appliesOptOut ? .trialResponse : .all,
            metrics: try metrics(of: trials)
        )
    }
}
