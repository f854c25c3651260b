/// The TPR read off the ROC curve at one false positive rate.
public struct OperatingPoint: Hashable, Sendable, Codable {
    /// The false positive rate asked for.
    public var fpr: Double
    /// The (interpolated) true positive rate there.
    public var tpr: Double
    /// Bootstrap interval of ``tpr``, when intervals were requested.
    public var confidenceInterval: ConfidenceInterval?

    /// Creates an operating point.
    public init(fpr: Double, tpr: Double, confidenceInterval: ConfidenceInterval? = nil) {
        self.fpr = fpr
        self.tpr = tpr
        self.confidenceInterval = confidenceInterval
    }
}

/// Detection metrics of one set of trials that has both targets and non-targets.
public struct DetectionMetrics: Hashable, Sendable, Codable {
    /// The ROC curve the metrics were read from.
    public var roc: ROCCurve
    /// Area under the ROC curve (`AUC`).
    public var auc: Double
    /// Equal error rate (`EER`).
    public var eer: Double
    /// The FPR limit of the partial AUC and of ``tprAtFARStop`` (`FAR_STOP`).
    public var farStop: Double
    /// Partial AUC up to ``farStop``, not normalised (`AUC@FAR`).
    public var partialAUC: Double
    /// TPR at FPR = ``farStop`` (`CDR@FAR`).
    public var tprAtFARStop: Double
    /// TPR at each configured false positive rate (by default 0.05 and 0.1).
    public var operatingPoints: [OperatingPoint]
    /// The largest d′ over the ROC points.
    public var dPrime: Double
    /// Bootstrap intervals, when they were requested.
    public var confidenceIntervals: DetectionConfidenceIntervals?
}

/// Whether opt-out filtering was applied: MediScore's `SYS_RESPONSE` column.
public enum SystemResponse: String, Hashable, Sendable, Codable {
    /// Every trial was scored (`all`).
    case all
    /// Only the trials the system responded to were scored (`tr`, under `--optOut`).
    case trialResponse = "tr"
}

/// Detection results for one set of trials: counts, the trial response rate, and the metrics when they are defined.
public struct DetectionSummary: Hashable, Sendable, Codable {
    /// Trials before opt-out filtering.
    public var totalTrials: Int
    /// Scored target trials.
    public var targetCount: Int
    /// Scored non-target trials.
    public var nonTargetCount: Int
    /// Scored trials over all trials (`TRR`); 0 when there are no trials.
    public var trialResponseRate: Double
    /// Whether opt-outs were filtered (`SYS_RESPONSE`).
    public var systemResponse: SystemResponse
    /// The metrics; `nil` when the scored trials lack targets or non-targets, and the rates are undefined.
    public var metrics: DetectionMetrics?

    /// Creates a summary.
    public init(
        totalTrials: Int, targetCount: Int, nonTargetCount: Int, trialResponseRate: Double,
        systemResponse: SystemResponse, metrics: DetectionMetrics?
    ) {
        self.totalTrials = totalTrials
        self.targetCount = targetCount
        self.nonTargetCount = nonTargetCount
        self.trialResponseRate = trialResponseRate
        self.systemResponse = systemResponse
        self.metrics = metrics
    }

    /// Scored trials, targets and non-targets.
    public var scoredTrials: Int { targetCount + nonTargetCount }
}
