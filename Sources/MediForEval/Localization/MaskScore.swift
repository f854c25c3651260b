/// Localization metrics of one mask pair at one threshold.
public struct MaskMetrics: Hashable, Sendable, Codable {
    /// The threshold: a system pixel is manipulated when its gray level is at most this; −1 calls none.
    public var threshold: Int
    /// The confusion counts over scored pixels.
    public var counts: ConfusionCounts
    /// MCC (0 in MediScore's degenerate cases).
    public var mcc: Double
    /// F1 (0 when `2TP + FP + FN` is 0).
    public var f1: Double
    /// NMM; `nil` when the scored reference has no manipulated pixel.
    public var nmm: Double?
    /// BWL1, `(FP + FN) / N`.
    public var bwl1: Double

    /// The metrics of `counts`, or `nil` when no pixel is scored (every metric is then undefined).
    public init?(threshold: Int, counts: ConfusionCounts) {
        guard let mcc = counts.mcc, let bwl1 = counts.bwl1 else { return nil }
        self.threshold = threshold
        self.counts = counts
        self.mcc = mcc
        self.f1 = counts.f1
        self.nmm = counts.nmm
        self.bwl1 = bwl1
    }
}

/// Everything MaskScorer computes for one mask pair.
public struct MaskScore: Hashable, Sendable {
    /// The no-score zone that was applied.
    public var zone: NoScoreZone
    /// The histograms and per-threshold counts.
    public var sweep: ThresholdSweep
    /// Metrics at the threshold with the highest MCC (the lowest such threshold); `nil` when no pixel is scored.
    public var optimum: MaskMetrics?
    /// Metrics at the fixed threshold, when one was given; `nil` also when no pixel is scored.
    public var fixed: MaskMetrics?
    /// Grayscale weighted L1; `nil` when no pixel is scored.
    public var gwl1: Double?
    /// Pixel-level AUC over gray levels; `nil` unless both reference classes are scored.
    public var pixelAUC: Double?
    /// Pixel-level EER over gray levels; `nil` unless both reference classes are scored.
    public var pixelEER: Double?

    /// Scored pixels (`N`).
    public var scoredPixels: Int { sweep.scoredPixels }
}
