import ArgumentParser
import Foundation
import MediForAnalytics
import MediForEval

/// `medifor eval run`: run every analytic and fuser over a dataset, write their outputs, and score them.
struct EvalRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the analytics and fusers over a dataset, write MediScore outputs, and score them.",
        discussion: """
            Every probe of the dataset's index.csv goes through every built-in analytic (or those named with \
            --analytics), in this process, several probes at once. With --addr the probes go through a running \
            workflow instead (`medifor serve` or `medifor workflow`): each is copied into --storage-root and \
            submitted, and each analytic's result and mask are read back. The fusers then run here on each probe's \
            analytic results.

            Writes, under --out (default <dataset>/run):
              <system>/<system>.csv       ProbeFileID|ConfidenceScore|OutputProbeMaskFileName|ProbeStatus
              <system>/mask/<probe>.png   the system's mask (black = manipulated)
              run.json                    dataset, analytics, fusers, probes, seconds
              report.json, report.html    the scores, as `medifor eval score` computes them
            one <system> folder per analytic and fuser. A probe an analytic fails on is recorded as NonProcessed; \
            an opt-out as OptOutAll (score blank). --out must be empty, new, or an earlier run's folder, whose \
            system folders and reports are replaced. Progress goes to standard error, the score table to \
            standard output.

            Examples:
              medifor eval run --dataset bench
              medifor eval run --dataset bench --analytics ela,adq --fusers mean --out /tmp/run1
              medifor eval run --dataset bench --addr 127.0.0.1:50051 --storage-root ./medifor-data/storage
            """
    )

    @Option(help: ArgumentHelp("Dataset folder (index.csv, reference.csv, probe files).", valueName: "folder"))
    var dataset: String

    @Option(help: ArgumentHelp("Output folder (default: <dataset>/run).", valueName: "folder"))
    var out: String?

    @Option(
        name: .customLong("analytics"),
        help: ArgumentHelp(
            "Analytics to run, comma-separated (default: every built-in one; with --addr, every image analytic "
                + "the server offers).", valueName: "id,id"))
    var analyticLists: [String] = []

    @Option(
        name: .customLong("fusers"),
        help: ArgumentHelp("Fusers to run, comma-separated, or `none` (default: all of them).", valueName: "id,id"))
    var fuserLists: [String] = []

    @Option(help: ArgumentHelp("Probes processed at once (default: the number of cores).", valueName: "n"))
    var concurrency: Int?

    @Option(
        help: ArgumentHelp(
            "With --addr: the shared storage folder the server reads media from. "
                + "[env: MEDIFOR_STORAGE_ROOT, default: ./medifor-data/storage]",
            valueName: "folder"))
    var storageRoot: String?

    @Option(help: ArgumentHelp("With --addr: seconds to wait for one probe's analytics.", valueName: "seconds"))
    var probeTimeout: Double = 600

    @Flag(name: .shortAndLong, help: "No progress line on standard error.")
    var quiet = false

    @OptionGroup var fusionModel: FusionModelOption

    @OptionGroup var client: PipelineClientOptions

    @OptionGroup var scoring: EvalScoringOptions

    var analyticIDs: [String] { Self.split(analyticLists) }
    var fuserIDs: [String] { Self.split(fuserLists) }

    func validate() throws {
        if let concurrency, concurrency < 1 { throw ValidationError("--concurrency must be at least 1") }
        guard probeTimeout.isFinite, probeTimeout > 0 else { throw ValidationError("--probe-timeout must be positive") }
        if client.addr == nil {
            let known = BuiltinAnalytics.all.map(\.descriptor.id)
            for id in analyticIDs where BuiltinAnalytics.named(id) == nil {
                throw ValidationError("unknown analytic '\(id)'; built-ins: \(known.joined(separator: ", "))")
            }
        }
        let fusers = DatasetRunner.evalFusers.map(\.id)
        for id in fuserIDs where id != "none" && !fusers.contains(id) {
            throw ValidationError("unknown fuser '\(id)'; fusers: \(fusers.joined(separator: ", "))")
        }
        if fuserIDs.contains("none") && fuserIDs.count > 1 {
            throw ValidationError("--fusers none cannot be combined with other fusers")
        }
    }

    func run() async throws {
        let data = try EvalReporting.dataset(dataset)
        let outputPath = out ?? data.directory.appendingPathComponent("run").path
        let layout = EvalRunLayout(root: URL(fileURLWithPath: outputPath).standardizedFileURL)
        let console = PipelineConsole(showsProgress: !quiet)
        let outcome = try await runSystems(dataset: data, layout: layout, console: console)
        console.finishProgress()
        for warning in outcome.warnings { console.note("warning: \(warning)") }
        for (id, count) in outcome.failures.sorted(by: { $0.key < $1.key }) {
            console.note("\(id): \(count) of \(outcome.probes) probes not processed (NonProcessed)")
        }
        console.note(
            String(format: "ran %d probes in %.1f s; scoring %d systems", outcome.probes, outcome.seconds,
                outcome.analytics.count + outcome.fusers.count))
        let systems = (outcome.analytics + outcome.fusers).map {
            DatasetScorer.SystemInput(name: $0, url: layout.systemCSV($0))
        }
        let threads = concurrency ?? ProcessInfo.processInfo.activeProcessorCount
        let report = try EvalReporting.score(
            dataset: data, systems: systems, configuration: scoring.configuration(concurrency: threads),
            title: data.directory.lastPathComponent)
        try EvalReporting.writeJSON(report, to: layout.reportJSON.path)
        let mode = client.addr.map { "through the workflow at \($0)" } ?? "offline"
        let notes = [
            "Dataset: \(data.directory.path)", "Run \(EvalReporting.timestamp()), \(mode): \(outcome.probes) probes, "
                + String(format: "%.1f s.", outcome.seconds),
        ] + scoring.notes
        try EvalReporting.writeHTML(report, notes: notes, to: layout.reportHTML.path)
        console.note("wrote \(layout.root.path)/{run.json,report.json,report.html} and one folder per system\n")
        console.output(String(report.summaryText().dropLast()))
    }

    /// `["a,b", "c"]` → `["a", "b", "c"]`, blanks dropped.
    static func split(_ lists: [String]) -> [String] {
        lists.flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }
}
