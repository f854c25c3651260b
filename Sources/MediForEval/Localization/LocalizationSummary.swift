/// Mean and spread of one metric over probes.
public struct MetricStatistics: Hashable, Sendable, Codable {
    /// Probes with a defined value.
    public var count: Int
    /// The mean over those probes.
    public var mean: Double
    /// The sample standard deviation (n − 1, as pandas computes it); `nil` for fewer than two values.
    public var standardDeviation: Double?

    /// The statistics of `values`, or `nil` when there are none.
    public init?(_ values: [Double]) {
        guard !values.isEmpty else { return nil }
        let mean = values.reduce(0, +) / Double(values.count)
        self.count = values.count
        self.mean = mean
        if values.count > 1 {
            let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            self.standardDeviation = (squares / Double(values.count - 1)).squareRoot()
        } else {
            self.standardDeviation = nil
        }
    }
}

/// Aggregates of the mask metrics at one kind of threshold.
public struct ThresholdAggregate: Hashable, Sendable, Codable {
    /// The thresholds used per probe (for the optimum they vary; fixed and maximum use one value).
    public var threshold: MetricStatistics?
    /// MCC over probes.
    public var mcc: MetricStatistics?
    /// F1 over probes.
    public var f1: MetricStatistics?
    /// NMM over probes with manipulated reference pixels.
    public var nmm: MetricStatistics?
    /// BWL1 over probes.
    public var bwl1: MetricStatistics?

    init(_ metrics: [MaskMetrics]) {
        threshold = MetricStatistics(metrics.map { Double($0.threshold) })
        mcc = MetricStatistics(metrics.map(\.mcc))
        f1 = MetricStatistics(metrics.map(\.f1))
        nmm = MetricStatistics(metrics.compactMap(\.nmm))
        bwl1 = MetricStatistics(metrics.map(\.bwl1))
    }
}

/// Localization results of one system: how many probes were scored, the TRR, and the metric aggregates at the
/// optimum, fixed and maximum thresholds.
public struct LocalizationSummary: Hashable, Sendable, Codable {
    /// Target probes before opt-out filtering.
    public var totalProbes: Int
    /// Probes whose masks were scored.
    public var scoredProbes: Int
    /// Scored probes whose masks had no scored pixel (every metric undefined).
    public var undefinedProbes: Int
    /// Scored probes over all target probes.
    public var trialResponseRate: Double
    /// Whether opt-outs were filtered.
    public var systemResponse: SystemResponse
    /// Per-probe optimum thresholds and the metrics there (MediScore's `Optimum*`).
    public var optimum: ThresholdAggregate
    /// The metrics at the fixed threshold (MediScore's `Actual*`), when one was configured.
    public var fixed: ThresholdAggregate?
    /// One threshold for the whole system, the lowest maximising the mean MCC over probes (MediScore's `Maximum*`).
    public var maximum: ThresholdAggregate?
    /// GWL1 over probes.
    public var gwl1: MetricStatistics?
    /// Pixel-level AUC over probes with both reference classes scored.
    public var pixelAUC: MetricStatistics?

    /// Aggregates per-probe scores.
    /// - Parameters:
    ///   - scores: One score per scored probe.
    ///   - totalProbes: Target probes before opt-out filtering (the TRR's denominator).
    ///   - systemResponse: Whether opt-outs were filtered.
    public init(scores: [MaskScore], totalProbes: Int, systemResponse: SystemResponse) {
        self.totalProbes = totalProbes
        self.scoredProbes = scores.count
        self.undefinedProbes = scores.count(where: { $0.optimum == nil })
        self.trialResponseRate = totalProbes == 0 ? 0 : Double(scores.count) / Double(totalProbes)
        self.systemResponse = systemResponse
        self.optimum = ThresholdAggregate(scores.compactMap(\.optimum))
        let fixed = scores.compactMap(\.fixed)
        self.fixed = fixed.isEmpty ? nil : ThresholdAggregate(fixed)
        self.maximum = Self.maximumThreshold(of: scores).map { threshold in
            ThresholdAggregate(
                scores.compactMap { MaskMetrics(threshold: threshold, counts: $0.sweep.counts(atThreshold: threshold)) }
            )
        }
        self.gwl1 = MetricStatistics(scores.compactMap(\.gwl1))
        self.pixelAUC = MetricStatistics(scores.compactMap(\.pixelAUC))
    }

    /// The lowest threshold in −1...255 whose MCC, averaged over the probes with scored pixels, is highest.
    static func maximumThreshold(of scores: [MaskScore]) -> Int? {
        var totals = [Double](repeating: 0, count: ThresholdSweep.thresholds.count)
        var probes = 0
        for score in scores {
            guard let curve = score.sweep.mccByThreshold else { continue }
            probes += 1
            for index in curve.indices { totals[index] += curve[index] }
        }
        guard probes > 0 else { return nil }
        var best = 0
        for index in totals.indices where totals[index] > totals[best] { best = index }
        return best - 1
    }
}
