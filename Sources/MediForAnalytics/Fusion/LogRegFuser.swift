import Foundation
public import MediForProto
import SwiftProtobuf

/// The `logreg` fuser: calibrated logistic-regression fusion of the analytics' scores.
///
/// Each analytic's score is mapped to a log-likelihood ratio by its own ``ScoreCalibration`` (Platt scaling on the
/// score's logit), then the ratios are combined linearly with trained weights, plus a trained opt-out weight for
/// each analytic that gave no score (opted out of detection, failed, or was not run) and a bias: the
/// linear-logistic fusion of calibrated detectors of N. Brümmer et al., "Fusion of heterogeneous speaker
/// recognition systems in the STBU submission for the NIST SRE 2006", IEEE Trans. Audio, Speech and Language
/// Processing 15(7), 2007. The weights are fitted by ``FusionTrainer`` (`medifor fusion train`) and stored in a
/// ``FusionModel``.
///
/// The result's score is the logistic function of the fused log-odds; its explanation lists each analytic's
/// contribution in log-odds (format in ``FusionBreakdown/explanation``), and when the request has an `out_dir` the
/// same numbers are written as JSON to `<out_dir>/logreg-contributions.json` and attached as a `supplement`.
/// Analytics the model does not know are ignored and named. Without any score from an analytic the model knows,
/// the result is `OPT_OUT_ALL` with the reason. With `want_masks`, the analytics' masks are combined weighted by
/// their positive contributions (``FusedLocalization``).
public struct LogRegFuser: Sendable {
    /// The model.
    public let model: FusionModel

    /// A fuser over `model`.
    public init(model: FusionModel) { self.model = model }

    /// The catalogue id, `logreg`.
    public var id: String { "logreg" }

    /// The fuser with the model trained on the project's benchmark (``DefaultFusionModel``).
    public static let `default` = LogRegFuser(model: DefaultFusionModel.model)

    /// The contributions for per-analytic results (`id` → result); the first result per id counts.
    public func breakdown(_ results: [(id: String, result: Mediforproto_ImageManipulation)]) -> FusionBreakdown {
        var given: [String: Mediforproto_ImageManipulation] = [:]
        var ignored: [String] = []
        for (id, result) in results {
            guard model.term(id) != nil else {
                ignored.append(id)
                continue
            }
            if given[id] == nil { given[id] = result } else { ignored.append("\(id)(repeated)") }
        }
        var contributions: [FusionBreakdown.Contribution] = []
        for term in model.analytics {
            if let result = given[term.id], let score = Self.usableScore(result) {
                let llr = term.calibration.llr(score)
                contributions.append(.init(id: term.id, status: .scored, score: score, llr: llr, logOdds: term.weight * llr))
            } else {
                contributions.append(.init(id: term.id, status: .optedOut, score: nil, llr: nil, logOdds: term.optOutWeight))
            }
        }
        // Stable order: scored first, then by decreasing magnitude, then by id.
        contributions.sort { a, b in
            if a.status != b.status { return a.status == .scored }
            if abs(a.logOdds) != abs(b.logOdds) { return abs(a.logOdds) > abs(b.logOdds) }
            return a.id < b.id
        }
        let logOdds = contributions.reduce(model.bias) { $0 + $1.logOdds }
        return FusionBreakdown(
            fuser: id, score: LogisticRegression.sigmoid(logOdds), logOdds: logOdds, bias: model.bias,
            contributions: contributions, ignored: ignored)
    }

    /// The fused result for per-analytic results, without localization or files.
    public func fuse(_ results: [(id: String, result: Mediforproto_ImageManipulation)]) -> Mediforproto_ImageManipulation {
        let breakdown = breakdown(results)
        return Self.result(for: breakdown)
    }

    /// A score the fusion can use: the analytic did not opt out of detection and the score is a finite number
    /// (clamped to [0, 1]).
    static func usableScore(_ result: Mediforproto_ImageManipulation) -> Double? {
        guard result.optOut != .optOutAll, result.optOut != .optOutDetection, result.score.isFinite else { return nil }
        return min(max(result.score, 0), 1)
    }

    static func result(for breakdown: FusionBreakdown) -> Mediforproto_ImageManipulation {
        guard breakdown.hasScores else {
            let optedOut = breakdown.contributions.map(\.id)
            var reason = "logreg: no analytic known to the model gave a score"
            if !optedOut.isEmpty { reason += "; opted out: " + optedOut.joined(separator: ", ") }
            if !breakdown.ignored.isEmpty { reason += "; not in model: " + breakdown.ignored.joined(separator: ", ") }
            return Mediforproto_ImageManipulation.with {
                $0.optOut = .optOutAll
                $0.explanation = reason
            }
        }
        return Mediforproto_ImageManipulation.with {
            $0.score = breakdown.score
            $0.explanation = breakdown.explanation
        }
    }
}

extension LogRegFuser: ImageFuser {
    /// Fuses `request.imgManip`; with an `out_dir`, writes the contributions JSON, and with `want_masks` too, the
    /// fused mask.
    public func fuse(_ request: Mediforproto_FuseImageManipulationRequest) throws(AnalysisError)
        -> Mediforproto_ImageManipulation
    {
        let breakdown = breakdown(request.imgManip.map { (id: $0.id, result: $0.data) })
        var result = Self.result(for: breakdown)
        if breakdown.hasScores, !request.outDir.isEmpty {
            let path = URL(fileURLWithPath: request.outDir).appendingPathComponent("\(id)-contributions.json").path
            do {
                try FileManager.default.createDirectory(atPath: request.outDir, withIntermediateDirectories: true)
                try breakdown.jsonData().write(to: URL(fileURLWithPath: path), options: .atomic)
                result.supplement.append(Mediforproto_Resource.with {
                    $0.uri = path
                    $0.type = "application/json"
                    $0.notes = "per-analytic contributions to the fused log-odds"
                })
            } catch {
                result.explanation += "; contributions not written: \(error.localizedDescription)"
            }
        }
        var weights: [String: Double] = [:]
        for contribution in breakdown.contributions where contribution.status == .scored {
            weights[contribution.id] = contribution.logOdds
        }
        FusedLocalization.attach(to: &result, fuserID: id, request: request, weighting: .weighted(weights))
        return result
    }
}
