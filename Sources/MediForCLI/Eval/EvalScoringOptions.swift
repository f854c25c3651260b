import ArgumentParser
import Foundation
import MediForEval

/// The scoring options `medifor eval score` and `medifor eval run` share.
struct EvalScoringOptions: ParsableArguments {
    @Option(
        name: .customLong("factor"),
        help: ArgumentHelp(
            "Reference column to break the metrics down by (repeat for several; `none` for no breakdown). "
                + "Default: every factor with at most 20 distinct values, except HostID.",
            valueName: "column"))
    var factors: [String] = []

    @Option(help: ArgumentHelp("Bootstrap resamples for the confidence intervals (0: no intervals).", valueName: "n"))
    var bootstrap = 500

    @Option(help: ArgumentHelp("Confidence level of the intervals.", valueName: "level"))
    var ciLevel = 0.9

    @Flag(help: "Score detection only: no mask is read.")
    var noLocalization = false

    @Flag(
        name: .customLong("opt-out"),
        help: "Leave out the trials a system declined (MediScore's --optOut); the TRR column shows the share kept.")
    var optOut = false

    @Option(
        help: ArgumentHelp(
            "Fixed mask threshold, scored besides each probe's best one: gray level <= this is manipulated.",
            valueName: "0-255"))
    var fixedThreshold = 127

    @Flag(help: "Use MediScore's boundary kernels (15/11) on every image instead of shrinking them for small ones.")
    var fixedKernels = false

    func validate() throws {
        guard bootstrap >= 0 else { throw ValidationError("--bootstrap must be 0 or more, got \(bootstrap)") }
        guard ciLevel > 0, ciLevel < 1 else {
            throw ValidationError("--ci-level must be between 0 and 1, got \(ciLevel)")
        }
        guard (-1...255).contains(fixedThreshold) else {
            throw ValidationError("--fixed-threshold must be in -1...255, got \(fixedThreshold)")
        }
        if factors.contains("none") && factors.count > 1 {
            throw ValidationError("--factor none cannot be combined with other factors")
        }
    }

    /// The scorer configuration these options describe.
    func configuration(concurrency: Int, missingRows: DatasetScorer.MissingRowPolicy = .reject)
        -> DatasetScorer.Configuration
    {
        let detection = DetectionScorer.Configuration(
            operatingFPRs: [0.05, 0.1],
            bootstrap: bootstrap > 0 ? BootstrapConfiguration(level: ciLevel, resamples: bootstrap) : nil,
            appliesOptOut: optOut)
        return DatasetScorer.Configuration(
            detection: detection,
            localization: noLocalization ? nil : MaskScorer.Configuration(fixedThreshold: fixedThreshold),
            kernelScaling: fixedKernels ? nil : KernelScaling(),
            factors: factors.isEmpty ? nil : factors == ["none"] ? [] : factors,
            missingRows: missingRows,
            concurrency: concurrency)
    }

    /// Lines for the HTML report saying how boundary kernels were chosen.
    var notes: [String] {
        guard !noLocalization else { return [] }
        if fixedKernels { return [] }
        let scaling = KernelScaling()
        return [
            "Boundary kernels shrink on images shorter than \(scaling.referenceShortSide) px (odd, at least "
                + "\(scaling.minimumKernelSize)): 3/3 at 256 px, 5/5 at 384 px, 11/9 at 768 px."
        ]
    }
}

/// Scoring and report files, shared by `eval score` and `eval run`.
enum EvalReporting {
    /// Scores `systems` on the dataset in `directory`.
    /// - Throws: `CLIError` with the scorer's `file:line: message`.
    static func score(
        dataset: EvaluationDataset, systems: [DatasetScorer.SystemInput],
        configuration: DatasetScorer.Configuration, title: String?
    ) throws -> ScoreReport {
        do {
            return try DatasetScorer(configuration: configuration, loadMask: MaskFiles.loader)
                .score(dataset: dataset, systems: systems, title: title)
        } catch {
            throw CLIError(error.description)
        }
    }

    /// Loads a dataset folder.
    /// - Throws: `CLIError` naming the file that is missing or malformed.
    static func dataset(_ directory: String, index: String = "index.csv", reference: String = "reference.csv")
        throws -> EvaluationDataset
    {
        let url = URL(fileURLWithPath: directory).standardizedFileURL
        do {
            return try EvaluationDataset(directory: url, indexFileName: index, referenceFileName: reference)
        } catch {
            throw CLIError(error.description)
        }
    }

    /// Writes the standalone HTML report.
    static func writeHTML(_ report: ScoreReport, notes: [String], to path: String) throws {
        let html = HTMLReport(report: report, notes: notes).rendered()
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(html.utf8).write(to: url, options: .atomic)
    }

    /// Writes the report as JSON.
    static func writeJSON(_ report: ScoreReport, to path: String) throws {
        try report.jsonData().write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// The date for report notes: `2025-01-31 14:05 UTC`.
    static func timestamp(_ date: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        return formatter.string(from: date)
    }
}
