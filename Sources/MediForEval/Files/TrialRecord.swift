/// What identifies a trial: the probe, and the donor in the splice task.
public struct TrialKey: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// `ProbeFileID`.
    public var probeFileID: String
    /// `DonorFileID` in the splice task, `nil` otherwise.
    public var donorFileID: String?

    /// Creates a key.
    public init(probeFileID: String, donorFileID: String? = nil) {
        self.probeFileID = probeFileID
        self.donorFileID = donorFileID
    }

    /// Orders by probe, then donor.
    public static func < (lhs: TrialKey, rhs: TrialKey) -> Bool {
        (lhs.probeFileID, lhs.donorFileID ?? "") < (rhs.probeFileID, rhs.donorFileID ?? "")
    }

    /// `probe` or `probe/donor`.
    public var description: String { donorFileID.map { "\(probeFileID)/\($0)" } ?? probeFileID }
}

/// One trial after joining the index, the reference and a system output: the unit every scorer consumes.
public struct TrialRecord: Hashable, Sendable {
    /// The trial's key.
    public var key: TrialKey
    /// `IsTarget == Y`.
    public var isTarget: Bool
    /// The system's score; the minimum score of the system output when the system gave none.
    public var score: Double
    /// Whether ``score`` came from the system rather than the missing-score rule.
    public var hasSystemScore: Bool
    /// The system's response status, when its file had a status column and a row for the trial.
    public var status: ResponseStatus?
    /// Factor values from the reference: every column that is not a key, file name or `IsTarget`.
    public var factors: [String: String]
    /// `ProbeMaskFileName` from the reference, relative to the dataset directory.
    public var referenceMaskFileName: String?
    /// `OutputProbeMaskFileName` from the system output, relative to the system file's directory.
    public var systemMaskFileName: String?
    /// `ProbeOptOutPixelValue` from the system output.
    public var optOutPixelValue: UInt8?

    /// Creates a record.
    public init(
        key: TrialKey,
        isTarget: Bool,
        score: Double,
        hasSystemScore: Bool = true,
        status: ResponseStatus? = nil,
        factors: [String: String] = [:],
        referenceMaskFileName: String? = nil,
        systemMaskFileName: String? = nil,
        optOutPixelValue: UInt8? = nil
    ) {
        self.key = key
        self.isTarget = isTarget
        self.score = score
        self.hasSystemScore = hasSystemScore
        self.status = status
        self.factors = factors
        self.referenceMaskFileName = referenceMaskFileName
        self.systemMaskFileName = systemMaskFileName
        self.optOutPixelValue = optOutPixelValue
    }

    /// The trial as the ROC sees it.
    public var detectionTrial: DetectionTrial { DetectionTrial(score: score, isTarget: isTarget) }

    /// Whether detection scores this trial; without opt-out filtering every trial is scored.
    public func isScoredForDetection(applyingOptOut: Bool) -> Bool {
        guard applyingOptOut, let status else { return true }
        return status.isScoredForDetection
    }

    /// Whether localization scores this trial: targets only, and under opt-out filtering only those whose status
    /// keeps them.
    public func isScoredForLocalization(applyingOptOut: Bool) -> Bool {
        guard isTarget else { return false }
        guard applyingOptOut, let status else { return true }
        return status.isScoredForLocalization
    }
}
