/// One probe as fusion training sees it: its host photo, its label, and the scores the analytics gave it.
public struct FusionSample: Hashable, Sendable {
    /// `ProbeFileID`.
    public var probeID: String
    /// The host photo the probe was made from (`HostID` in the reference).
    public var hostID: String
    /// Manipulated (`IsTarget == Y`).
    public var isTarget: Bool
    /// Usable scores by analytic id; an analytic that opted out of detection, failed or has no row is absent.
    public var scores: [String: Double]

    /// Creates a sample.
    public init(probeID: String, hostID: String, isTarget: Bool, scores: [String: Double]) {
        self.probeID = probeID
        self.hostID = hostID
        self.isTarget = isTarget
        self.scores = scores
    }
}

/// The probes and analytics fusion is trained on, usually read by ``load(dataset:run:analytics:)``.
public struct FusionTrainingSet: Hashable, Sendable {
    /// Where the probes came from (the dataset folder, as given).
    public var dataset: String
    /// The analytic ids whose scores are features, in order.
    public var analytics: [String]
    /// The probes, in reference order.
    public var samples: [FusionSample]
    /// Remarks from loading (reference probes without any output, left out).
    public var notes: [String]

    /// Creates a set.
    public init(dataset: String, analytics: [String], samples: [FusionSample], notes: [String] = []) {
        self.dataset = dataset
        self.analytics = analytics
        self.samples = samples
        self.notes = notes
    }

    /// The samples whose host is in `hosts`.
    public func samples(onHosts hosts: [String]) -> [FusionSample] {
        let wanted = Set(hosts)
        return samples.filter { wanted.contains($0.hostID) }
    }
}
