import Foundation

/// Maps one analytic's score in [0, 1] to a log-likelihood ratio: `llr(s) = slope · logit(s) + offset`, with `s`
/// clamped to [``scoreFloor``, 1 − ``scoreFloor``].
///
/// This is Platt scaling (J. Platt, "Probabilistic outputs for support vector machines and comparisons to
/// regularized likelihood methods", Advances in Large Margin Classifiers, MIT Press, 1999) applied to the logit of
/// the score, with the training prior log-odds removed so that the result is a likelihood ratio rather than a
/// posterior (N. Brümmer and J. du Preez, "Application-independent evaluation of speaker detection", Computer
/// Speech and Language 20(2–3), 2006). An affine map was chosen over a binned or isotonic one because the benchmark
/// gives each analytic only tens to hundreds of scored probes: two parameters fit stably there, cannot overfit
/// score ties, and are monotone by construction (``fit(scores:isTarget:)`` keeps `slope ≥ 0`).
public struct ScoreCalibration: Codable, Hashable, Sendable {
    /// Scores are clamped to [scoreFloor, 1 − scoreFloor] before the logit, so 0 and 1 stay finite.
    public static let scoreFloor = 1e-4

    /// Multiplier of the score's logit.
    public var slope: Double
    /// Added after scaling; includes the removal of the training prior.
    public var offset: Double

    /// Creates a calibration.
    public init(slope: Double, offset: Double) {
        self.slope = slope
        self.offset = offset
    }

    /// The calibration that maps every score to 0 (no evidence either way).
    public static let uninformative = ScoreCalibration(slope: 0, offset: 0)

    /// The log-likelihood ratio of `score` (a NaN score is treated as 0.5).
    public func llr(_ score: Double) -> Double {
        let clamped = score.isNaN ? 0.5 : min(max(score, Self.scoreFloor), 1 - Self.scoreFloor)
        return slope * LogisticRegression.logit(clamped) + offset
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
