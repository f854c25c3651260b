import Foundation

/// How ``LogRegFuser`` arrived at a fused score: every analytic's contribution to the fused log-odds.
///
/// The contributions and the bias add up to ``logOdds``; ``score`` is its logistic function. Written next to the
/// fused result as `<out_dir>/logreg-contributions.json` (a `supplement` of the result) so that programs need not
/// parse the explanation, and rendered into the explanation by ``explanation``.
public struct FusionBreakdown: Codable, Hashable, Sendable {
    /// Whether an analytic's score was used.
    public enum Status: String, Codable, Hashable, Sendable {
        /// It gave a score; its contribution is weight × calibrated log-likelihood ratio.
        case scored
        /// It opted out of detection, failed, or was not in the request; its contribution is the opt-out weight.
        case optedOut
    }

    /// One analytic's part.
    public struct Contribution: Codable, Hashable, Sendable {
        /// The analytic id.
        public var id: String
        /// Scored or opted out.
        public var status: Status
        /// The analytic's score, when scored.
        public var score: Double?
        /// The calibrated log-likelihood ratio of the score, when scored.
        public var llr: Double?
        /// What it adds to the fused log-odds.
        public var logOdds: Double

        /// Creates a contribution.
        public init(id: String, status: Status, score: Double?, llr: Double?, logOdds: Double) {
            self.id = id
            self.status = status
            self.score = score
            self.llr = llr
            self.logOdds = logOdds
        }
    }

    /// The fuser id (`logreg`).
    public var fuser: String
    /// The fused score, `sigmoid(logOdds)`.
    public var score: Double
    /// The fused log-odds: ``bias`` plus every contribution.
    public var logOdds: Double
    /// The model's bias (prior log-odds of the training set, adjusted by the fit).
    public var bias: Double
    /// Scored analytics by decreasing |contribution|, then opted-out ones by decreasing |contribution|.
    public var contributions: [Contribution]
    /// Analytic ids in the request that the model does not know (or that were repeated), ignored.
    public var ignored: [String]

    /// Creates a breakdown.
    public init(
        fuser: String, score: Double, logOdds: Double, bias: Double, contributions: [Contribution], ignored: [String]
    ) {
        self.fuser = fuser
        self.score = score
        self.logOdds = logOdds
        self.bias = bias
        self.contributions = contributions
        self.ignored = ignored
    }

    /// Whether any analytic gave a score.
    public var hasScores: Bool { contributions.contains { $0.status == .scored } }

    /// The explanation line, in a fixed format that programs may parse:
    ///
    ///     logreg 0.91 (log-odds +2.30): adq +1.90, dctblock +0.80, ela -0.20; opted out: cfa +0.05; prior -0.40; not in model: foo
    ///
    /// Segments are separated by `"; "`. The first is `<fuser> <score> (log-odds <±x.xx>): ` followed by the scored
    /// analytics as `<id> <±x.xx>` separated by `", "`, by decreasing magnitude; then `opted out: …` in the same
    /// form (omitted when none); then `prior <±x.xx>` (the bias); then `not in model: <id>, …` (omitted when none).
    /// Numbers have two decimals and an explicit sign; spaces, commas and semicolons in ids are shown as `_`. Fusers
    /// may append further segments (the fused mask's weights).
    public var explanation: String {
        func items(_ status: Status) -> String {
            contributions.filter { $0.status == status }.map { "\(Self.token($0.id)) \(Self.signed($0.logOdds))" }
                .joined(separator: ", ")
        }
        var segments = [
            String(format: "%@ %.2f (log-odds %@): ", fuser, score, Self.signed(logOdds)) + items(.scored)
        ]
        let optedOut = items(.optedOut)
        if !optedOut.isEmpty { segments.append("opted out: " + optedOut) }
        segments.append("prior \(Self.signed(bias))")
        if !ignored.isEmpty { segments.append("not in model: " + ignored.map(Self.token).joined(separator: ", ")) }
        return segments.joined(separator: "; ")
    }

    /// The breakdown as compact JSON with sorted keys.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    static func signed(_ value: Double) -> String { String(format: "%+.2f", value) }

    /// An id safe inside the explanation's separators.
    static func token(_ id: String) -> String {
        String(id.map { $0 == " " || $0 == "," || $0 == ";" ? "_" : $0 })
    }
}
