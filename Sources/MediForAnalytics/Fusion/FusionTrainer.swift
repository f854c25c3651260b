public import MediForProto
import SwiftProtobuf

/// Fits a ``FusionModel`` to training probes: a ``ScoreCalibration`` per analytic on the probes it scored (isotonic
/// with enough of them, Platt below that; ``ScoreCalibration/fitted(scores:isTarget:)``), then an
/// L2-regularised logistic regression (``LogisticRegression``, Newton's method) over the calibrated
/// log-likelihood ratios and one opt-out indicator per analytic. Deterministic.
public struct FusionTrainer: Sendable {
    /// The L2 penalty on the fusion weights (λ in `½·λ·Σw²`, with the log-loss summed over probes).
    public var l2: Double

    /// A trainer with penalty `l2` (1 by default: mild for the hundreds of probes of a benchmark).
    public init(l2: Double = 1) { self.l2 = l2 }

    /// The fitted model (without a training summary) and remarks about analytics that could not be calibrated.
    /// - Throws: ``FusionTrainingError`` when the samples lack targets or non-targets, or the penalty is not a
    ///   finite non-negative number.
    public func fit(_ samples: [FusionSample], analytics: [String]) throws(FusionTrainingError)
        -> (model: FusionModel, notes: [String])
    {
        guard l2.isFinite, l2 >= 0 else { throw FusionTrainingError("the L2 penalty must be ≥ 0, got \(l2)") }
        let targets = samples.filter(\.isTarget).count
        guard targets > 0, targets < samples.count else {
            throw FusionTrainingError(
                "the training probes are all \(targets > 0 ? "targets" : "non-targets") (\(samples.count) probes)")
        }
        var notes: [String] = []
        let calibrations = analytics.map { id -> ScoreCalibration in
            let scored = samples.compactMap { sample in sample.scores[id].map { ($0, sample.isTarget) } }
            if let calibration = ScoreCalibration.fitted(scores: scored.map(\.0), isTarget: scored.map(\.1)) {
                return calibration
            }
            notes.append("\(id): not calibrated (its \(scored.count) scored training probe(s) are of one class or none)")
            return .uninformative
        }
        let columns = 2 * analytics.count
        var features = [Double](repeating: 0, count: samples.count * columns)
        for (row, sample) in samples.enumerated() {
            for (column, id) in analytics.enumerated() {
                if let score = sample.scores[id] {
                    features[row * columns + 2 * column] = calibrations[column].llr(score)
                } else {
                    features[row * columns + 2 * column + 1] = 1
                }
            }
        }
        let problem = LogisticRegression(
            features: features, columns: columns, targets: samples.map { $0.isTarget ? 1 : 0 }, l2: l2)
        let fit = problem.fit()
        if !fit.converged { notes.append("the fusion fit stopped after \(fit.iterations) steps without converging") }
        let terms = analytics.enumerated().map { column, id in
            FusionModel.Term(
                id: id, calibration: calibrations[column], weight: fit.weights[2 * column],
                optOutWeight: fit.weights[2 * column + 1])
        }
        return (FusionModel(analytics: terms, bias: fit.bias), notes)
    }

    /// The per-analytic results a fuser receives for `sample`: its score, or `OPT_OUT_ALL` without one.
    public static func fuserInput(_ sample: FusionSample, analytics: [String])
        -> [(id: String, result: Mediforproto_ImageManipulation)]
    {
        analytics.map { id in
            let result = Mediforproto_ImageManipulation.with {
                if let score = sample.scores[id] { $0.score = score } else { $0.optOut = .optOutAll }
            }
            return (id, result)
        }
    }
}
