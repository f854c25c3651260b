import Foundation

/// A trained fusion model for ``LogRegFuser``: how each analytic's score becomes a log-likelihood ratio, how the
/// ratios and the opt-out indicators are weighted, and how the model was trained and how well it did on held-out
/// hosts. Stored as JSON (``jsonData()``, ``init(json:)``); the format is versioned by ``formatVersion``.
///
/// The fused log-odds of an image are
///
///     bias + Σ over analytics: weight × llr(score)   when the analytic gave a score
///                              optOutWeight          when it opted out, failed or is absent
///
/// and the fused score is the logistic function of that sum.
public struct FusionModel: Codable, Hashable, Sendable {
    /// The format this build writes.
    public static let currentFormatVersion = 2
    /// The versions this build reads: 1 (Platt calibrations only) and 2 (isotonic calibrations too; a build that
    /// reads only version 1 refuses these models instead of ignoring their knots).
    public static let readableFormatVersions = 1...2

    /// One analytic's part of the model.
    public struct Term: Codable, Hashable, Sendable {
        /// The analytic id (without a version suffix), e.g. `ela`.
        public var id: String
        /// Score → log-likelihood ratio.
        public var calibration: ScoreCalibration
        /// Weight of the calibrated log-likelihood ratio in the fused log-odds.
        public var weight: Double
        /// Log-odds added when the analytic gave no score (opted out, failed or was not run).
        public var optOutWeight: Double

        /// Creates a term.
        public init(id: String, calibration: ScoreCalibration, weight: Double, optOutWeight: Double) {
            self.id = id
            self.calibration = calibration
            self.weight = weight
            self.optOutWeight = optOutWeight
        }
    }

    /// How the model was made and how it scored on hosts it was not fitted on.
    public struct TrainingSummary: Codable, Hashable, Sendable {
        /// The dataset folder or name the samples came from.
        public var dataset: String
        /// The seed of the host split.
        public var seed: UInt64
        /// The fraction of hosts held out.
        public var holdout: Double
        /// The L2 penalty of the fusion weights.
        public var l2: Double
        /// Hosts of the training part of the split.
        public var trainHosts: [String]
        /// Hosts held out for testing.
        public var testHosts: [String]
        /// Probes used (the final model is refitted on all of them).
        public var samples: Int
        /// Of those, targets (manipulated).
        public var targets: Int
        /// Held-out AUC by system: `logreg`, `mean`, `max` and each analytic id.
        public var heldOutAUC: [String: Double]
        /// Free-form remarks (analytics left uncalibrated, and why).
        public var notes: [String]

        /// Creates a summary.
        public init(
            dataset: String, seed: UInt64, holdout: Double, l2: Double, trainHosts: [String], testHosts: [String],
            samples: Int, targets: Int, heldOutAUC: [String: Double], notes: [String] = []
        ) {
            self.dataset = dataset
            self.seed = seed
            self.holdout = holdout
            self.l2 = l2
            self.trainHosts = trainHosts
            self.testHosts = testHosts
            self.samples = samples
            self.targets = targets
            self.heldOutAUC = heldOutAUC
            self.notes = notes
        }
    }

    /// The JSON format version; ``currentFormatVersion`` for models this build writes.
    public var formatVersion: Int
    /// One term per analytic the model knows, in training order.
    public var analytics: [Term]
    /// The log-odds with every analytic at zero log-likelihood ratio and none opted out.
    public var bias: Double
    /// How the model was trained; `nil` for a model built by hand (tests).
    public var training: TrainingSummary?

    /// Creates a model in the current format.
    public init(analytics: [Term], bias: Double, training: TrainingSummary? = nil) {
        self.formatVersion = Self.currentFormatVersion
        self.analytics = analytics
        self.bias = bias
        self.training = training
    }

    /// The ids of the analytics the model knows, in order.
    public var analyticIDs: [String] { analytics.map(\.id) }

    /// The term of analytic `id`.
    public func term(_ id: String) -> Term? { analytics.first { $0.id == id } }

    /// Decodes and checks a model.
    /// - Throws: ``FusionModelError`` for JSON that does not decode, another format version, a repeated analytic
    ///   id, or a weight that is not a finite number.
    public init(json data: Data) throws(FusionModelError) {
        struct Version: Decodable { var formatVersion: Int? }
        let decoder = JSONDecoder()
        let version: Version
        do { version = try decoder.decode(Version.self, from: data) } catch {
            throw FusionModelError("not a fusion model: \(Self.describe(error))")
        }
        guard let found = version.formatVersion else { throw FusionModelError("not a fusion model: no formatVersion") }
        guard Self.readableFormatVersions.contains(found) else {
            let readable = Self.readableFormatVersions
            throw FusionModelError(
                "fusion model format version \(found) is not supported "
                    + "(this build reads versions \(readable.lowerBound) to \(readable.upperBound))")
        }
        do { self = try decoder.decode(FusionModel.self, from: data) } catch {
            throw FusionModelError("malformed fusion model: \(Self.describe(error))")
        }
        try validate()
    }

    /// The model as pretty-printed JSON with sorted keys (stable across runs).
    public func jsonData() throws(FusionModelError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do { return try encoder.encode(self) } catch {
            throw FusionModelError("cannot encode the fusion model: \(error)")
        }
    }

    /// Checks ids and numbers.
    /// - Throws: ``FusionModelError`` naming the first problem.
    public func validate() throws(FusionModelError) {
        var seen = Set<String>()
        for term in analytics {
            guard !term.id.isEmpty else { throw FusionModelError("an analytic term has an empty id") }
            guard seen.insert(term.id).inserted else { throw FusionModelError("analytic \(term.id) appears twice") }
            guard term.weight.isFinite, term.optOutWeight.isFinite else {
                throw FusionModelError("analytic \(term.id) has a weight that is not a finite number")
            }
            guard term.calibration.isWellFormed else {
                throw FusionModelError(
                    "analytic \(term.id) has a calibration with a number that is not finite or knots that do not rise")
            }
        }
        guard bias.isFinite else { throw FusionModelError("the bias is not a finite number") }
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing \(Self.path(context.codingPath + [key]))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "wrong type at \(Self.path(context.codingPath)): \(context.debugDescription)"
        case DecodingError.dataCorrupted(let context):
            return context.debugDescription
        default:
            return "\(error)"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.isEmpty ? "(top level)" : keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}

/// Why a fusion model could not be read or written.
public struct FusionModelError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var description: String

    /// Creates an error.
    public init(_ description: String) { self.description = description }
}
