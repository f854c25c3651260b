/// How to compute bootstrap confidence intervals; the defaults are MediScore's (`--ci`, `--ciLevel 0.9`).
public struct BootstrapConfiguration: Hashable, Sendable, Codable {
    /// Confidence level, strictly between 0 and 1.
    public var level: Double
    /// Number of resamples of the trials, drawn with replacement.
    public var resamples: Int
    /// Seed of the NumPy-compatible generator; MediScore uses 77.
    public var seed: UInt32

    /// Creates a configuration; the defaults reproduce MediScore.
    public init(level: Double = 0.9, resamples: Int = 500, seed: UInt32 = 77) {
        self.level = level
        self.resamples = resamples
        self.seed = seed
    }

    /// Checks the ranges.
    /// - Throws: ``EvaluationError/Code/invalidConfiguration`` naming the bad field.
    public func validate() throws(EvaluationError) {
        guard level > 0, level < 1 else {
            throw .invalidConfiguration("confidence level must be in (0, 1), got \(level)")
        }
        guard resamples >= 1 else { throw .invalidConfiguration("resamples must be at least 1, got \(resamples)") }
    }
}

/// A two-sided interval.
public struct ConfidenceInterval: Hashable, Sendable, Codable {
    /// Lower bound.
    public var lower: Double
    /// Upper bound.
    public var upper: Double

    /// Creates an interval.
    public init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }
}

/// Bootstrap intervals for the three metrics MediScore reports them for.
public struct DetectionConfidenceIntervals: Hashable, Sendable, Codable {
    /// The confidence level.
    public var level: Double
    /// Resamples that had both targets and non-targets and so entered the intervals.
    public var usableResamples: Int
    /// Interval of the AUC (`AUC_CI_LOWER`, `AUC_CI_UPPER`).
    public var auc: ConfidenceInterval
    /// Interval of the partial AUC (`AUC_CI_LOWER@FAR`, `AUC_CI_UPPER@FAR`).
    public var partialAUC: ConfidenceInterval
    /// Interval of the TPR at `FAR_STOP` (`CDR_CI_LOWER@FAR`, `CDR_CI_UPPER@FAR`).
    public var tprAtFARStop: ConfidenceInterval
}

enum Bootstrap {
    /// MediScore's `compute_ci`: resample the trials (in the given order) with `RandomState(seed).choice`, compute
    /// AUC, partial AUC and TPR@FAR per resample, sort each list, and read the bounds at
    /// `int(q × count)` with `q_lo = round((1 − level) / 2, 3)` and `q_hi = round(1 − q_lo, 3)`.
    ///
    /// A resample without targets or without non-targets has no ROC curve. MediScore would carry NaN into the sort;
    /// here such resamples are left out and the bounds are read from the usable ones. Returns `nil` when none is
    /// usable.
    /// TPR intervals at `operatingFPRs` are read the same way from the same resamples and returned in that order.
    static func intervals(
        trials: [DetectionTrial],
        farStop: Double,
        operatingFPRs: [Double] = [],
        configuration: BootstrapConfiguration
    ) -> (intervals: DetectionConfidenceIntervals, operatingPoints: [ConfidenceInterval])? {
        guard !trials.isEmpty else { return nil }
        var random = NumPyRandomState(seed: configuration.seed)
        var aucs: [Double] = []
        var partials: [Double] = []
        var tprs: [Double] = []
        var operating = [[Double]](repeating: [], count: operatingFPRs.count)
        aucs.reserveCapacity(configuration.resamples)
        partials.reserveCapacity(configuration.resamples)
        tprs.reserveCapacity(configuration.resamples)
        var sample: [DetectionTrial] = []
        sample.reserveCapacity(trials.count)
        for _ in 0..<configuration.resamples {
            sample.removeAll(keepingCapacity: true)
            for _ in 0..<trials.count {
                sample.append(trials[random.nextIndex(below: trials.count)])
            }
            guard let curve = ROCCurve(trials: sample) else { continue }
            aucs.append(curve.areaUnderCurve)
            partials.append(curve.area(upToFPR: farStop))
            tprs.append(curve.truePositiveRate(atFPR: farStop))
            for (index, rate) in operatingFPRs.enumerated() {
                operating[index].append(curve.truePositiveRate(atFPR: rate))
            }
        }
        guard !aucs.isEmpty else { return nil }
        aucs.sort()
        partials.sort()
        tprs.sort()
        let lowerQuantile = roundedToThousandths((1 - configuration.level) / 2)
        let upperQuantile = roundedToThousandths(1 - lowerQuantile)
        func interval(_ sorted: [Double]) -> ConfidenceInterval {
            let lower = min(Int(lowerQuantile * Double(sorted.count)), sorted.count - 1)
            let upper = min(Int(upperQuantile * Double(sorted.count)), sorted.count - 1)
            return ConfidenceInterval(lower: sorted[lower], upper: sorted[upper])
        }
        let intervals = DetectionConfidenceIntervals(
            level: configuration.level,
            usableResamples: aucs.count,
            auc: interval(aucs),
            partialAUC: interval(partials),
            tprAtFARStop: interval(tprs)
        )
        return (intervals, operating.map { interval($0.sorted()) })
    }

    /// Python's `round(x, 3)` for the quantiles in use (half to even on the scaled value).
    private static func roundedToThousandths(_ value: Double) -> Double {
        (value * 1000).rounded(.toNearestOrEven) / 1000
    }
}
