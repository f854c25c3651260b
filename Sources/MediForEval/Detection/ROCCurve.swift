/// One point of a ROC curve: the rates at one decision threshold, with the counts behind them.
///
/// Points are meant for drawing as well as for metrics: an SVG polyline is `points.map { ($0.fpr, $0.tpr) }`
/// scaled to the plot, and ``threshold`` labels each corner.
public struct ROCPoint: Hashable, Sendable, Codable {
    /// False positive rate: non-targets scoring at least ``threshold``, over all non-targets.
    public var fpr: Double
    /// True positive rate: targets scoring at least ``threshold``, over all targets.
    public var tpr: Double
    /// The score threshold; `nil` for the prepended origin, where nothing is called manipulated.
    public var threshold: Double?
    /// Non-targets with a score of at least ``threshold``.
    public var falsePositives: Int
    /// Targets with a score of at least ``threshold``.
    public var truePositives: Int

    /// Creates a point.
    public init(fpr: Double, tpr: Double, threshold: Double?, falsePositives: Int, truePositives: Int) {
        self.fpr = fpr
        self.tpr = tpr
        self.threshold = threshold
        self.falsePositives = falsePositives
        self.truePositives = truePositives
    }

    /// False negative rate, `1 - tpr`.
    public var fnr: Double { 1 - tpr }
}

/// A ROC curve built exactly as MediScore builds it (scikit-learn's `roc_curve` with `drop_intermediate`).
///
/// 1. Trials are sorted by score, descending; every distinct score is a threshold, and all trials with that score
///    enter together (a tie is one step, possibly diagonal).
/// 2. With more than two thresholds, a point is dropped when it is collinear with its neighbours in the sense of
///    scikit-learn: the second differences of both the false- and true-positive counts are zero there.
/// 3. The origin (0, 0) is prepended.
///
/// Dropping points never changes the AUC but does change the EER and the partial AUC, so it is kept for
/// compatibility. The curve is only defined when there is at least one target and one non-target.
public struct ROCCurve: Hashable, Sendable, Codable {
    /// The points, from the origin to (1, 1), with non-decreasing ``ROCPoint/fpr`` and ``ROCPoint/tpr``.
    public let points: [ROCPoint]
    /// Number of target trials.
    public let targetCount: Int
    /// Number of non-target trials.
    public let nonTargetCount: Int

    /// Builds the curve, or returns `nil` when the trials lack targets or non-targets (the rates are undefined).
    ///
    /// Work is one sort, O(n log n), plus two linear passes.
    /// - Parameter trials: The trials; scores must not be NaN (``DetectionScorer`` checks this).
    public init?(trials: [DetectionTrial]) {
        var sorted: [(score: Double, isTarget: Bool)] = []
        sorted.reserveCapacity(trials.count)
        var targets = 0
        for trial in trials {
            sorted.append((trial.score, trial.isTarget))
            if trial.isTarget { targets += 1 }
        }
        let nonTargets = trials.count - targets
        guard targets > 0, nonTargets > 0 else { return nil }
        sorted.sort { $0.score > $1.score }

        var fps: [Int] = []
        var tps: [Int] = []
        var thresholds: [Double] = []
        fps.reserveCapacity(sorted.count)
        tps.reserveCapacity(sorted.count)
        thresholds.reserveCapacity(sorted.count)
        var truePositives = 0
        for index in sorted.indices {
            if sorted[index].isTarget { truePositives += 1 }
            if index == sorted.count - 1 || sorted[index + 1].score != sorted[index].score {
                tps.append(truePositives)
                fps.append(index + 1 - truePositives)
                thresholds.append(sorted[index].score)
            }
        }

        var points: [ROCPoint] = []
        points.reserveCapacity(fps.count + 1)
        points.append(ROCPoint(fpr: 0, tpr: 0, threshold: nil, falsePositives: 0, truePositives: 0))
        let last = fps.count - 1
        for index in fps.indices {
            if fps.count > 2, index > 0, index < last {
                let fpCorner = fps[index + 1] - 2 * fps[index] + fps[index - 1]
                let tpCorner = tps[index + 1] - 2 * tps[index] + tps[index - 1]
                if fpCorner == 0 && tpCorner == 0 { continue }
            }
            points.append(
                ROCPoint(
                    fpr: Double(fps[index]) / Double(nonTargets),
                    tpr: Double(tps[index]) / Double(targets),
                    threshold: thresholds[index],
                    falsePositives: fps[index],
                    truePositives: tps[index]
                )
            )
        }
        self.points = points
        self.targetCount = targets
        self.nonTargetCount = nonTargets
    }
}
