import ArgumentParser
import Foundation
import MediForEval

/// `medifor eval score`: score system outputs against a dataset, MediScore-style.
struct EvalScoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score system outputs (MediScore CSVs) against a dataset's reference.",
        discussion: """
            The dataset folder holds index.csv and reference.csv in MediScore's layout (pipe-separated), with \
            probe and mask paths relative to it. Each --system is a system output CSV, \
            ProbeFileID|ConfidenceScore|OutputProbeMaskFileName|ProbeStatus, with mask paths relative to the \
            CSV's folder (black = manipulated).

            Prints one row per system, best AUC first: trials (manipulated/clean), TRR, AUC with its bootstrap \
            interval, EER, partial AUC up to FPR 0.1, TPR at FPR 0.05 and 0.1, and the mean mask MCC and F1 at \
            each probe's best threshold and at --fixed-threshold; then the AUC per factor value. A legend explains \
            the columns. --json prints the full report as JSON instead; --html also writes a standalone page with \
            ROC curves.

            A blank score (a failure, an opt-out) gets the file's lowest score, as in MediScore. A trial with no \
            row at all is an error unless --allow-missing. Manipulated probes without a reference mask (global \
            edits) count for detection only. Errors name the file and line; the exit status is then 1.

            Examples:
              medifor eval score --dataset bench --system run/ela/ela.csv --system run/mean/mean.csv
              medifor eval score --dataset bench --system out.csv --name mine --factor Operation --html report.html
            """
    )

    @Option(help: ArgumentHelp("Dataset folder (index.csv, reference.csv).", valueName: "folder"))
    var dataset: String

    @Option(name: .customLong("system"), help: ArgumentHelp("System output CSV (repeat).", valueName: "file.csv"))
    var systems: [String] = []

    @Option(
        name: .customLong("name"),
        help: ArgumentHelp(
            "Name of the corresponding --system, in order (default: the CSV's name).", valueName: "name"))
    var names: [String] = []

    @Option(help: ArgumentHelp("Report title (default: the dataset folder's name).", valueName: "text"))
    var title: String?

    @Option(help: ArgumentHelp("Index file, relative to the dataset folder.", valueName: "file"))
    var index = "index.csv"

    @Option(help: ArgumentHelp("Reference file, relative to the dataset folder.", valueName: "file"))
    var reference = "reference.csv"

    @Flag(help: "Print the report as JSON instead of tables.")
    var json = false

    @Option(help: ArgumentHelp("Also write the report as a standalone HTML page.", valueName: "file.html"))
    var html: String?

    @Flag(help: "Score trials a system has no row for with its lowest score (MediScore's rule) instead of failing.")
    var allowMissing = false

    @Flag(help: "Also print the detailed tables: six decimals, d′, every partition cell's counts, mask aggregates.")
    var detail = false

    @Option(help: ArgumentHelp("Threads scoring masks (default: the number of cores).", valueName: "n"))
    var concurrency: Int?

    @OptionGroup var scoring: EvalScoringOptions

    func validate() throws {
        guard !systems.isEmpty else { throw ValidationError("give at least one --system") }
        guard names.count <= systems.count else {
            throw ValidationError("\(names.count) --name for \(systems.count) --system: give at most one name each")
        }
        if let concurrency, concurrency < 1 { throw ValidationError("--concurrency must be at least 1") }
    }

    func run() async throws {
        let report = try makeReport()
        if let html { FileHandle.standardError.write(Data("wrote \(html)\n".utf8)) }
        if json {
            print(String(decoding: try report.jsonData(), as: UTF8.self))
        } else {
            print(report.summaryText(), terminator: "")
            if detail { print("\n" + report.renderedTable(), terminator: "") }
        }
    }

    /// Scores the systems and, with --html, writes the page.
    /// - Throws: `CLIError` naming the file and line of the first problem.
    func makeReport() throws -> ScoreReport {
        let data = try EvalReporting.dataset(dataset, index: index, reference: reference)
        let configuration = scoring.configuration(
            concurrency: concurrency ?? ProcessInfo.processInfo.activeProcessorCount,
            missingRows: allowMissing ? .minimumScore : .reject)
        let report = try EvalReporting.score(
            dataset: data, systems: inputs(), configuration: configuration,
            title: title ?? data.directory.lastPathComponent)
        if let html {
            let notes = ["Dataset: \(data.directory.path)", "Scored \(EvalReporting.timestamp())."] + scoring.notes
            try EvalReporting.writeHTML(report, notes: notes, to: html)
        }
        return report
    }

    /// The systems with their names: `--name` in order, else the CSV's name without extension, with its folder
    /// when two CSVs share a name.
    func inputs() -> [DatasetScorer.SystemInput] {
        let urls = systems.map { URL(fileURLWithPath: $0).standardizedFileURL }
        let stems = urls.map { $0.deletingPathExtension().lastPathComponent }
        return urls.enumerated().map { index, url in
            if index < names.count { return DatasetScorer.SystemInput(name: names[index], url: url) }
            let stem = stems[index]
            let shared = stems.count { $0 == stem } > 1
            let name = shared ? url.deletingLastPathComponent().lastPathComponent + "/" + stem : stem
            return DatasetScorer.SystemInput(name: name, url: url)
        }
    }
}
