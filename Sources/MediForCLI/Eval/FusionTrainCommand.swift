import ArgumentParser
import Foundation
import MediForAnalytics

/// `medifor fusion train`: fit the `logreg` fusion model to an evaluation run, report held-out AUCs, write the model.
package struct FusionTrainCommand: AsyncParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Fit the logreg fusion model to an evaluation run and write it as JSON.",
        discussion: """
            Reads <dataset>/reference.csv (ProbeFileID, IsTarget, HostID) and the run written by `medifor eval run` \
            (<run>/run.json and <run>/<analytic>/<analytic>.csv). Without --run, <dataset>/run is used, and when it \
            holds no run yet the built-in analytics are first run over the dataset offline into it (as \
            `medifor eval run --fusers none` would). The host photos are split by --seed into a \
            training part and a held-out part (--holdout of the hosts; no host on both sides); the model is fitted \
            on the training hosts and the detection AUC of logreg, mean, max and every analytic is printed for the \
            held-out hosts. The model is then refitted on all hosts and written to --out with those numbers. \
            Exit status: 0 on success, 1 for unusable inputs, 64 bad usage.
            """
    )

    @Option(help: "Benchmark dataset folder (with reference.csv).")
    var dataset: String

    @Option(
        name: .customLong("run"),
        help: ArgumentHelp(
            "Evaluation run folder (with run.json and one folder per analytic). Default: <dataset>/run, made by "
                + "running the built-in analytics offline when it holds no run.", valueName: "folder"))
    var runFolder: String?

    @Option(help: "Where to write the model JSON.")
    var out: String

    @Option(help: "Fraction of the host photos held out for testing.")
    var holdout = 0.3

    @Option(help: "Seed of the host split.")
    var seed: UInt64 = 7

    @Option(help: "L2 penalty on the fusion weights.")
    var l2 = 1.0

    @Option(name: .customLong("analytic"), help: "Use only this analytic of the run (repeatable).")
    var analyticIDs: [String] = []

    package init() {}

    package func validate() throws {
        guard holdout > 0, holdout < 1 else { throw ValidationError("--holdout must be between 0 and 1, got \(holdout)") }
        guard l2.isFinite, l2 >= 0 else { throw ValidationError("--l2 must be a number ≥ 0, got \(l2)") }
    }

    package func run() async throws {
        let runPath: String
        if let runFolder { runPath = runFolder } else { runPath = try await defaultRun() }
        do {
            let set = try FusionTrainingSet.load(
                dataset: URL(fileURLWithPath: dataset), run: URL(fileURLWithPath: runPath),
                analytics: analyticIDs.isEmpty ? nil : analyticIDs)
            let report = try FusionTrainer(l2: l2).train(set, holdout: holdout, seed: seed)
            let data = try report.model.jsonData()
            let url = URL(fileURLWithPath: out)
            do {
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: url, options: .atomic)
            } catch {
                throw FusionTrainingError("cannot write \(out): \(error.localizedDescription)")
            }
            print(Self.render(report, set: set, out: out))
        } catch let error as FusionTrainingError {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        } catch let error as FusionModelError {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    /// `<dataset>/run`, after running the built-in analytics (or the `--analytic` ones) into it when it holds no run.
    private func defaultRun() async throws -> String {
        let folder = URL(fileURLWithPath: dataset).appendingPathComponent("run").path
        let layout = EvalRunLayout(root: URL(fileURLWithPath: folder).standardizedFileURL)
        if FileManager.default.fileExists(atPath: layout.runJSON.path) {
            FileHandle.standardError.write(Data("fusion train: using the run in \(folder)\n".utf8))
            return folder
        }
        var arguments = ["--dataset", dataset, "--out", folder, "--fusers", "none"]
        if !analyticIDs.isEmpty { arguments += ["--analytics", analyticIDs.joined(separator: ",")] }
        let runner = try EvalRunCommand.parse(arguments)
        let data = try EvalReporting.dataset(dataset)
        let console = PipelineConsole(showsProgress: true)
        console.note("fusion train: no run in \(folder) yet; running the analytics over the dataset offline")
        let outcome = try await runner.runSystems(dataset: data, layout: layout, console: console)
        console.finishProgress()
        for warning in outcome.warnings { console.note("warning: \(warning)") }
        console.note(String(format: "ran %d probes in %.1f s", outcome.probes, outcome.seconds))
        return folder
    }

    /// The report as printed: the split, the held-out table, and where the model went.
    static func render(_ report: FusionTrainingReport, set: FusionTrainingSet, out: String) -> String {
        let hosts = report.split.trainHosts.count + report.split.testHosts.count
        let summary = report.model.training
        var lines = [
            "fusion training: \(set.samples.count) probes from \(hosts) host photos, \(set.analytics.count) analytics",
            String(
                format: "split (seed %llu, holdout %.2f): %d training hosts (%d probes), %d held-out hosts "
                    + "(%d probes, %d targets)",
                summary?.seed ?? 0, summary?.holdout ?? 0, report.split.trainHosts.count, report.trainProbes,
                report.split.testHosts.count, report.testProbes, report.testTargets),
            "held-out hosts: " + report.split.testHosts.joined(separator: ", "),
            "",
            "system        held-out AUC   scored",
        ]
        for result in report.heldOut {
            let name = (result.isFuser ? result.system : "  " + result.system)
                .padding(toLength: 14, withPad: " ", startingAt: 0)
            let auc = result.auc.map { String(format: "%.3f", $0) } ?? "—"
            lines.append(name + auc.padding(toLength: 15, withPad: " ", startingAt: 0) + "\(result.scored)/\(report.testProbes)")
        }
        lines.append("")
        for note in summary?.notes ?? [] { lines.append("note: " + note) }
        lines.append("refitted on all \(set.samples.count) probes; wrote \(out)")
        return lines.joined(separator: "\n")
    }
}
