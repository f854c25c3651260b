/// One detection trial: the system's confidence that a probe is manipulated, and whether it is.
public struct DetectionTrial: Hashable, Sendable, Codable {
    /// The system's confidence score; higher means more likely manipulated. Must not be NaN.
    public var score: Double
    /// Whether the reference says the probe is manipulated (`IsTarget == Y`).
    public var isTarget: Bool

    /// Creates a trial.
    public init(score: Double, isTarget: Bool) {
        self.score = score
        self.isTarget = isTarget
    }
}
