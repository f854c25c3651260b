import Foundation

/// Scores one or more system outputs on a dataset in MediScore's layout and builds the ``ScoreReport``
/// `medifor eval score` prints: detection metrics with bootstrap intervals, the same per factor value, and
/// localization metrics for targets that have a reference mask.
///
/// - Detection: every index trial, joined with the reference and the system output
///   (``TrialRecord/join(index:reference:system:missingScores:)``).
///   A row whose `ConfidenceScore` is blank (a failure, an opt-out) gets the smallest score of the file, as in
///   MediScore. A trial with **no row at all** is an error by default (``MissingRowPolicy/reject``), because it
///   usually means the output is incomplete; ``MissingRowPolicy/minimumScore`` applies MediScore's rule instead.
///   A system without any score (it declined every trial) gets the same score for every trial: chance level.
///   Opt-out filtering and the TRR follow ``DetectionScorer/Configuration/appliesOptOut``.
/// - Partitions: one per factor (see ``DetectionScorer/factorPartition(of:by:)``), by default every factor with
///   2 to 20 distinct values except `HostID`.
/// - Localization: target trials with a `ProbeMaskFileName`; targets without one (global manipulations) are
///   detection-only. A missing system mask, or status `FailedValidation`, is scored as an all-white mask (nothing
///   found); under opt-out filtering, trials whose status declines localization are left out and the TRR says so.
///   Boundary kernels are scaled down for small images (``KernelScaling``).
///
/// Images are decoded by the caller's ``MaskLoader``, so this target stays free of image codecs. Probes' masks,
/// and then systems' detection metrics, are scored on up to ``Configuration/concurrency`` threads; each reference
/// mask is loaded once for all systems. Results do not depend on the number of threads.
public struct DatasetScorer: Sendable {
    /// Decodes the mask at a URL into an 8-bit plane (grey; colour converted by the loader).
    public typealias MaskLoader = @Sendable (URL) throws -> MaskPlane

    /// What to do with an index trial that has no row in a system output.
    public enum MissingRowPolicy: String, Hashable, Sendable, Codable {
        /// Refuse the system output, naming the file and the first missing trials.
        case reject
        /// Give the trial the file's smallest score, as MediScore does.
        case minimumScore
    }

    /// Scoring options.
    public struct Configuration: Hashable, Sendable {
        /// Detection options; by default TPR at FPR 0.05 and 0.1 and MediScore's 500-resample 90 % intervals.
        public var detection: DetectionScorer.Configuration
        /// Mask options; `nil` scores detection only. By default MediScore's kernels and a fixed threshold of 127.
        public var localization: MaskScorer.Configuration?
        /// Kernel scaling for small images; `nil` uses the configured kernel sizes for every image.
        public var kernelScaling: KernelScaling?
        /// Factors to partition by, one partition each; `nil` chooses them (see ``automaticFactorLimit``).
        public var factors: [String]?
        /// With automatic factors: the most distinct values a factor may have.
        public var automaticFactorLimit: Int
        /// With automatic factors: columns never used.
        public var excludedFactors: Set<String>
        /// What to do with index trials a system output has no row for.
        public var missingRows: MissingRowPolicy
        /// Threads scoring masks; at least 1.
        public var concurrency: Int

        /// Creates a configuration.
        public init(
            detection: DetectionScorer.Configuration = DetectionScorer.Configuration(
                operatingFPRs: [0.05, 0.1], bootstrap: BootstrapConfiguration()),
            localization: MaskScorer.Configuration? = MaskScorer.Configuration(fixedThreshold: 127),
            kernelScaling: KernelScaling? = KernelScaling(),
            factors: [String]? = nil,
            automaticFactorLimit: Int = 20,
            excludedFactors: Set<String> = ["HostID"],
            missingRows: MissingRowPolicy = .reject,
            concurrency: Int = ProcessInfo.processInfo.activeProcessorCount
        ) {
            self.detection = detection
            self.localization = localization
            self.kernelScaling = kernelScaling
            self.factors = factors
            self.automaticFactorLimit = automaticFactorLimit
            self.excludedFactors = excludedFactors
            self.missingRows = missingRows
            self.concurrency = concurrency
        }

        /// Checks every part.
        /// - Throws: ``EvaluationError/Code/invalidConfiguration`` naming the bad field.
        public func validate() throws(EvaluationError) {
            try detection.validate()
            try localization?.validate()
            try kernelScaling?.validate()
            guard automaticFactorLimit >= 2 else {
                throw .invalidConfiguration("automatic factor limit must be at least 2, got \(automaticFactorLimit)")
            }
            guard concurrency >= 1 else { throw .invalidConfiguration("concurrency must be at least 1") }
        }
    }

    /// One system output to score.
    public struct SystemInput: Hashable, Sendable {
        /// The name the report shows.
        public var name: String
        /// The system output CSV; its mask paths are relative to its folder.
        public var url: URL

        /// Creates an input.
        public init(name: String, url: URL) {
            self.name = name
            self.url = url
        }
    }

    /// The options in force.
    public let configuration: Configuration
    /// Decodes masks.
    public let loadMask: MaskLoader

    /// Creates a scorer.
    public init(configuration: Configuration = Configuration(), loadMask: @escaping MaskLoader) {
        self.configuration = configuration
        self.loadMask = loadMask
    }

    /// Scores `systems` on `dataset`, in the order given.
    /// - Throws: ``EvaluationError`` naming the file and line of the first problem: a malformed or incomplete
    ///   system output, an unknown factor, an unreadable mask, masks of different sizes, a bad configuration.
    public func score(dataset: EvaluationDataset, systems: [SystemInput], title: String? = nil)
        throws(EvaluationError) -> ScoreReport
    {
        try configuration.validate()
        var names = Set<String>()
        for system in systems where !names.insert(system.name).inserted {
            throw .invalidConfiguration("two systems are named \"\(system.name)\"; give each a distinct name")
        }
        let factors = try resolvedFactors(dataset)
        let loaded = try systems.map { (system) throws(EvaluationError) in try load(system, dataset: dataset) }
        let detection = DetectionScorer(configuration: configuration.detection)
        let localization = try configuration.localization.map { (masks) throws(EvaluationError) in
            try scoreMasks(dataset: dataset, systems: loaded, configuration: masks)
        }
        // Systems are independent; their bootstrap resamples dominate the detection time.
        let scores = try ConcurrentWork.map(count: loaded.count, workers: configuration.concurrency) {
            (position) throws(EvaluationError) in
            let system = loaded[position]
            var partitions: [DetectionPartition] = []
            for factor in factors {
                partitions += try detection.factorPartition(of: system.records, by: factor)
            }
            return SystemScore(
                name: system.name, detection: try detection.summary(of: system.records),
                partitionFactors: partitions.isEmpty ? [] : factors, partitions: partitions,
                localization: localization?[position])
        }
        return ScoreReport(
            title: title, detectionConfiguration: configuration.detection,
            maskConfiguration: configuration.localization, systems: scores)
    }

    /// The factors to partition by: the configured ones (each must be a reference column) or the automatic ones.
    func resolvedFactors(_ dataset: EvaluationDataset) throws(EvaluationError) -> [String] {
        guard let factors = configuration.factors else {
            return dataset.automaticFactors(
                maximumValues: configuration.automaticFactorLimit, excluding: configuration.excludedFactors)
        }
        let columns = dataset.reference.factorColumns
        for factor in factors where !columns.contains(factor) {
            throw EvaluationError(
                code: .missingColumn,
                message: "no factor column \"\(factor)\"; the factors are "
                    + (columns.isEmpty ? "(none)" : columns.joined(separator: ", ")),
                file: dataset.reference.fileName, line: 1)
        }
        return factors
    }
}
