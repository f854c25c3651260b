import Foundation

/// Maps one analytic's score in [0, 1] to a log-likelihood ratio, by one of two fits:
///
/// - **Platt scaling** (J. Platt, "Probabilistic outputs for support vector machines and comparisons to regularized
///   likelihood methods", Advances in Large Margin Classifiers, MIT Press, 1999) of the score's logit:
///   `llr(s) = slope · logit(s) + offset`, with `s` clamped to [``scoreFloor``, 1 − ``scoreFloor``]. Two
///   parameters fit stably on tens of probes and cannot overfit ties, so it is used when an analytic has fewer
///   than ``isotonicMinimum`` scored training probes.
/// - **Isotonic regression** (the pool-adjacent-violators algorithm; B. Zadrozny and C. Elkan, "Transforming
///   classifier scores into accurate multiclass probability estimates", KDD 2002) with enough probes: a monotone
///   step function, flat over each step's scores, linear across the gaps between steps, and flat beyond the
///   outermost ones (``knots``). It follows an analytic whose scores carry evidence only in part of their range
///   — a metadata check that scores every untouched file alike and only edits high — where a single slope would
///   turn the low, uninformative scores into strong evidence of authenticity and extrapolate it to scores never
///   seen.
///
/// Either way the training prior log-odds are removed, so the result is a likelihood ratio rather than a posterior
/// (N. Brümmer and J. du Preez, "Application-independent evaluation of speaker detection", Computer Speech and
/// Language 20(2–3), 2006), and the map never decreases with the score.
public struct ScoreCalibration: Codable, Hashable, Sendable {
    /// Scores are clamped to [scoreFloor, 1 − scoreFloor] before the logit, so 0 and 1 stay finite.
    public static let scoreFloor = 1e-4

    /// Multiplier of the score's logit.
    public var slope: Double
    /// Added after scaling; includes the removal of the training prior.
    public var offset: Double

    /// A corner of an isotonic calibration: the lowest or highest score of the training probes pooled into one
    /// step, and the step's smoothed log-likelihood ratio.
    public struct Knot: Codable, Hashable, Sendable {
        public var score: Double
        public var llr: Double

        public init(score: Double, llr: Double) {
            self.score = score
            self.llr = llr
        }
    }

    /// The isotonic map, by increasing score; when present, ``slope`` and ``offset`` are not used.
    public var knots: [Knot]?

    /// Analytics with at least this many scored training probes are calibrated by isotonic regression.
    public static let isotonicMinimum = 200
    /// An isotonic step's log-likelihood ratio is kept within ± this.
    public static let maxLLR = 8.0

    /// Creates a Platt calibration.
    public init(slope: Double, offset: Double) {
        self.slope = slope
        self.offset = offset
    }

    /// Creates an isotonic calibration from its knots (sorted by score here).
    public init(knots: [Knot]) {
        self.slope = 0
        self.offset = 0
        self.knots = knots.sorted { $0.score < $1.score }
    }

    /// The calibration that maps every score to 0 (no evidence either way).
    public static let uninformative = ScoreCalibration(slope: 0, offset: 0)

    /// The log-likelihood ratio of `score` (a NaN score is treated as 0.5).
    public func llr(_ score: Double) -> Double {
        let score = score.isNaN ? 0.5 : score
        if let knots, let first = knots.first, let last = knots.last {
            if score <= first.score { return first.llr }
            if score >= last.score { return last.llr }
            // The first knot above the score (binary search), and linear interpolation from the one before it.
            var low = 0
            var high = knots.count - 1
            while high - low > 1 {
                let middle = (low + high) / 2
                if knots[middle].score <= score { low = middle } else { high = middle }
            }
            let (a, b) = (knots[low], knots[high])
            let span = b.score - a.score
            return span > 0 ? a.llr + (b.llr - a.llr) * (score - a.score) / span : b.llr
        }
        let clamped = min(max(score, Self.scoreFloor), 1 - Self.scoreFloor)
        return slope * LogisticRegression.logit(clamped) + offset
    }

    /// Whether every number is finite and the knots rise with the score.
    var isWellFormed: Bool {
        guard slope.isFinite, offset.isFinite else { return false }
        guard let knots else { return true }
        return !knots.isEmpty && knots.allSatisfy { $0.score.isFinite && $0.llr.isFinite }
            && zip(knots, knots.dropFirst()).allSatisfy { $0.score < $1.score && $0.llr <= $1.llr }
    }

    /// Fits by isotonic regression with ``isotonicMinimum`` scored probes or more, by Platt's method below that.
    ///
    /// - Returns: `nil` when the probes do not include both classes or the arrays differ in length.
    public static func fitted(scores: [Double], isTarget: [Bool]) -> ScoreCalibration? {
        scores.count >= isotonicMinimum
            ? isotonic(scores: scores, isTarget: isTarget) : fit(scores: scores, isTarget: isTarget)
    }

    /// Fits an isotonic calibration: probes sorted by score (ties kept together), adjacent groups pooled while a
    /// group's target rate exceeds the next one's, then each pooled step's log-likelihood ratio with one pseudo-probe
    /// of each class added (so a step of one class stays finite), clamped to ±``maxLLR``.
    ///
    /// - Returns: `nil` when the probes do not include both classes or the arrays differ in length.
    public static func isotonic(scores: [Double], isTarget: [Bool]) -> ScoreCalibration? {
        guard scores.count == isTarget.count else { return nil }
        let positives = isTarget.filter { $0 }.count
        let negatives = isTarget.count - positives
        guard positives > 0, negatives > 0 else { return nil }
        struct Step {
            var low: Double
            var high: Double
            var count: Double
            var targets: Double
            var rate: Double { targets / count }
        }
        let order = scores.indices.filter { !scores[$0].isNaN }.sorted { scores[$0] < scores[$1] }
        var steps: [Step] = []
        var index = 0
        while index < order.count {
            // Equal scores form one group: a step never splits a tie.
            let value = scores[order[index]]
            var step = Step(low: value, high: value, count: 0, targets: 0)
            while index < order.count, scores[order[index]] == value {
                step.count += 1
                step.targets += isTarget[order[index]] ? 1 : 0
                index += 1
            }
            steps.append(step)
            while steps.count > 1, steps[steps.count - 2].rate >= steps[steps.count - 1].rate {
                let last = steps.removeLast()
                steps[steps.count - 1].high = last.high
                steps[steps.count - 1].count += last.count
                steps[steps.count - 1].targets += last.targets
            }
        }
        let prior = log((Double(positives) + 1) / (Double(negatives) + 1))
        var knots: [Knot] = []
        for step in steps {
            let odds = log((step.targets + 1) / (step.count - step.targets + 1)) - prior
            // Smoothing moves small steps towards even odds, which could undo the order; keep the map rising.
            let llr = max(min(max(odds, -maxLLR), maxLLR), knots.last?.llr ?? -maxLLR)
            // Flat across the step's own scores; linear only in the gap to the next step.
            knots.append(Knot(score: step.low, llr: llr))
            if step.high > step.low { knots.append(Knot(score: step.high, llr: llr)) }
        }
        return ScoreCalibration(knots: knots)
    }

    /// Fits a calibration to scored training probes by Platt's method: a one-feature logistic regression on the
    /// score's logit against Platt's smoothed targets (`(N₊ + 1)/(N₊ + 2)` for targets, `1/(N₋ + 2)` for
    /// non-targets), which keeps the fit finite even when the scores separate the classes perfectly. A fit with a
    /// negative slope (the analytic ranks backwards on this data) is replaced by slope 0.
    ///
    /// - Returns: `nil` when the probes do not include both classes or the arrays differ in length.
    public static func fit(scores: [Double], isTarget: [Bool]) -> ScoreCalibration? {
        guard scores.count == isTarget.count else { return nil }
        let positives = isTarget.filter { $0 }.count
        let negatives = isTarget.count - positives
        guard positives > 0, negatives > 0 else { return nil }
        let high = (Double(positives) + 1) / (Double(positives) + 2)
        let low = 1 / (Double(negatives) + 2)
        let targets = isTarget.map { $0 ? high : low }
        let priorLogOdds = log(Double(positives) / Double(negatives))
        let features = scores.map { ScoreCalibration(slope: 1, offset: 0).llr($0) }
        let fitted = LogisticRegression(features: features, columns: 1, targets: targets, l2: 1e-6).fit()
        if let slope = fitted.weights.first, slope >= 0 {
            return ScoreCalibration(slope: slope, offset: fitted.bias - priorLogOdds)
        }
        // Backwards: the best monotone map is a constant, the smoothed base rate.
        let mean = targets.reduce(0, +) / Double(targets.count)
        return ScoreCalibration(slope: 0, offset: LogisticRegression.logit(mean) - priorLogOdds)
    }
}
