import ArgumentParser
import Foundation
import MediForEval
import MediForImaging
import Testing

@testable import MediForCLI

/// Parses `medifor eval <arguments>` into the chosen subcommand.
func parseEval<Command: ParsableCommand>(_ arguments: [String], as type: Command.Type = Command.self) throws
    -> Command
{
    try #require(try EvalCommand.parseAsRoot(arguments) as? Command)
}

@Suite("medifor eval score")
struct EvalScoreCommandTests {
    @Test("a ground-truth system (the reference masks and scores, as PNG files) scores AUC 1 and MCC 1")
    func groundTruth() throws {
        let fixture = try EvalFixture()
        defer { fixture.remove() }
        let truth = try fixture.writeGroundTruthSystem()
        let html = fixture.root.appendingPathComponent("out/report.html").path
        let command: EvalScoreCommand = try parseEval([
            "score", "--dataset", fixture.root.path, "--system", truth.path, "--html", html, "--bootstrap", "100",
        ])
        let report = try command.makeReport()
        let system = try #require(report.systems.first)
        #expect(system.name == "truth")
        #expect(report.title == fixture.root.lastPathComponent)
        #expect(system.detection.metrics?.auc == 1)
        #expect(system.detection.metrics?.eer == 0)
        #expect(system.localization?.totalProbes == 2)
        #expect(system.localization?.optimum.mcc?.mean == 1)
        #expect(system.localization?.fixed?.f1?.mean == 1)
        // Operation has two values shared by targets and controls; HostID is never a default factor.
        #expect(system.partitionGroups.map(\.factors) == [["Operation"]])
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.contains("<h1>Evaluation: \(fixture.root.lastPathComponent)</h1>"))
        #expect(page.contains("Dataset: \(fixture.root.path)"))
        #expect(page.contains("<polyline data-series=\"0\""))
    }

    @Test("names, factors, detection-only and opt-out options reach the scorer")
    func options() throws {
        let fixture = try EvalFixture()
        defer { fixture.remove() }
        let truth = try fixture.writeGroundTruthSystem()
        let copy = try fixture.writeGroundTruthSystem(folder: "copy")
        let command: EvalScoreCommand = try parseEval([
            "score", "--dataset", fixture.root.path, "--system", truth.path, "--system", copy.path, "--name", "first",
            "--factor", "HostID", "--no-localization", "--opt-out", "--bootstrap", "0", "--title", "t",
        ])
        let report = try command.makeReport()
        #expect(report.systems.map(\.name) == ["first", "copy"])
        #expect(report.title == "t")
        #expect(report.systems.allSatisfy { $0.localization == nil })
        #expect(report.detectionConfiguration.appliesOptOut)
        #expect(report.detectionConfiguration.bootstrap == nil)
        #expect(report.systems[0].partitionGroups.map(\.factors) == [["HostID"]])
        #expect(report.systems[0].partitions.count == 3)
        let none: EvalScoreCommand = try parseEval([
            "score", "--dataset", fixture.root.path, "--system", truth.path, "--factor", "none",
        ])
        #expect(try none.makeReport().systems[0].partitions.isEmpty)
    }

    @Test("errors name the file and line: a mask of the wrong size, a bad row, a missing file")
    func errors() throws {
        let fixture = try EvalFixture()
        defer { fixture.remove() }
        let truth = try fixture.writeGroundTruthSystem()
        let small = try encodePNGMask(width: 8, height: 8, pixels: [UInt8](repeating: 0, count: 64))
        try Data(small).write(to: fixture.root.appendingPathComponent("truth/mask/t2.png"))
        let sized: EvalScoreCommand = try parseEval(["score", "--dataset", fixture.root.path, "--system", truth.path])
        #expect(throws: CLIError.self) { try sized.makeReport() }
        do {
            _ = try sized.makeReport()
        } catch let error as CLIError {
            #expect(
                error.description.hasPrefix(
                    "\(truth.path):3: mask mask/t2.png is 8x8, but the reference mask of t2 is 160x128"))
        }

        var text = try String(contentsOf: truth, encoding: .utf8)
        text += "c9|0.5|mask/c9.png|Finished\n"
        try text.write(to: truth, atomically: true, encoding: .utf8)
        do {
            _ = try sized.makeReport()
            Issue.record("a bad status was accepted")
        } catch let error as CLIError {
            #expect(error.description.hasPrefix("\(truth.path):8: ProbeStatus must be one of"))
        }

        let missing: EvalScoreCommand = try parseEval([
            "score", "--dataset", fixture.root.path, "--system", fixture.root.path + "/nope.csv",
        ])
        do {
            _ = try missing.makeReport()
            Issue.record("a missing file was accepted")
        } catch let error as CLIError {
            #expect(error.description == "\(fixture.root.path)/nope.csv: no such file")
        }
    }

    @Test("usage errors: no system, too many names, bad levels and thresholds")
    func usage() {
        for arguments in [
            ["score", "--dataset", "d"],
            ["score", "--dataset", "d", "--system", "a.csv", "--name", "a", "--name", "b"],
            ["score", "--dataset", "d", "--system", "a.csv", "--ci-level", "1.5"],
            ["score", "--dataset", "d", "--system", "a.csv", "--fixed-threshold", "300"],
            ["score", "--dataset", "d", "--system", "a.csv", "--factor", "none", "--factor", "Q1"],
        ] {
            #expect(throws: (any Error).self, "\(arguments)") { _ = try EvalCommand.parseAsRoot(arguments) }
        }
    }
}
