import Foundation

/// The results of scoring one or more systems on one dataset: what `medifor eval score` prints.
///
/// It is a plain Codable value. ``renderedTable()`` lays it out for a terminal, ``jsonData()`` serialises it, and
/// an HTML view can draw each system's ROC curve from ``SystemScore/detection`` (`metrics.roc.points`). Undefined
/// metrics (no targets, no scored pixels) are `nil`, absent from the JSON and shown as `undefined` in the table.
public struct ScoreReport: Hashable, Sendable, Codable {
    /// A heading, for example the dataset name.
    public var title: String?
    /// The detection configuration the systems were scored with.
    public var detectionConfiguration: DetectionScorer.Configuration
    /// The mask configuration, when localization was scored.
    public var maskConfiguration: MaskScorer.Configuration?
    /// One entry per system (analytic or fuser), in the order given.
    public var systems: [SystemScore]

    /// Creates a report.
    public init(
        title: String? = nil, detectionConfiguration: DetectionScorer.Configuration = .defaults,
        maskConfiguration: MaskScorer.Configuration? = nil, systems: [SystemScore]
    ) {
        self.title = title
        self.detectionConfiguration = detectionConfiguration
        self.maskConfiguration = maskConfiguration
        self.systems = systems
    }
}

/// One system's results.
public struct SystemScore: Hashable, Sendable, Codable {
    /// The system's name, for example an analytic or fuser ID.
    public var name: String
    /// Detection over all trials.
    public var detection: DetectionSummary
    /// Every factor the partition rows split by, in order of first use; empty when there are no partitions.
    public var partitionFactors: [String]
    /// Detection per factor cell. Consecutive rows that split by the same factors form one partition: a single
    /// partition by the product of several factors, or one partition per factor listed one after the other (see
    /// ``partitionGroups``).
    public var partitions: [DetectionPartition]
    /// Localization over target probes, when masks were scored.
    public var localization: LocalizationSummary?

    /// Creates a system's entry.
    public init(
        name: String, detection: DetectionSummary, partitionFactors: [String] = [],
        partitions: [DetectionPartition] = [], localization: LocalizationSummary? = nil
    ) {
        self.name = name
        self.detection = detection
        self.partitionFactors = partitionFactors
        self.partitions = partitions
        self.localization = localization
    }
}

extension ScoreReport {
    /// The report as JSON with sorted keys. Non-finite numbers (an infinite score threshold) are written as the
    /// strings `"Infinity"`, `"-Infinity"` and `"NaN"`, which ``decoded(from:)`` reads back.
    /// - Throws: `EncodingError` only if encoding itself fails.
    public func jsonData(prettyPrinted: Bool = true) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = prettyPrinted ? [.prettyPrinted, .sortedKeys] : [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return try encoder.encode(self)
    }

    /// Reads a report written by ``jsonData(prettyPrinted:)``.
    /// - Throws: `DecodingError` when the data is not such a report.
    public static func decoded(from data: Data) throws -> ScoreReport {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return try decoder.decode(ScoreReport.self, from: data)
    }
}
