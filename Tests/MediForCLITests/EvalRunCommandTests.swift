import ArgumentParser
import Foundation
import MediForAnalytics
import MediForEval
import MediForImaging
import MediForProto
import SwiftProtobuf
import Testing

@testable import MediForCLI

@Suite("medifor eval run")
struct EvalRunCommandTests {
    static let header = "ProbeFileID|ConfidenceScore|OutputProbeMaskFileName|ProbeStatus"

    /// The rows of a system output, by probe: (score, mask, status).
    static func rows(_ url: URL) throws -> [String: [String]] {
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.first == header)
        var rows: [String: [String]] = [:]
        for line in lines.dropFirst() {
            let fields = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            rows[fields[0]] = Array(fields.dropFirst())
        }
        return rows
    }

    static func runJSON(_ folder: URL) throws -> [String: Any] {
        let data = try Data(contentsOf: folder.appendingPathComponent("run.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test("offline: every built-in analytic and fuser writes its outputs, a broken probe is NonProcessed, all scored")
    func offline() async throws {
        let fixture = try EvalFixture()
        defer { fixture.remove() }
        // A control whose file is not an image: every analytic fails on it, the run goes on.
        try fixture.write(Array("not a JPEG".utf8), to: "probe/c2.jpg")
        let out = fixture.root.appendingPathComponent("results")
        let command: EvalRunCommand = try parseEval([
            "run", "--dataset", fixture.root.path, "--out", out.path, "--concurrency", "2", "--bootstrap", "50", "-q",
        ])
        try await command.run()

        let analytics = BuiltinAnalytics.all.map(\.descriptor.id)
        let fusers = DatasetRunner.evalFusers.map(\.id)
        let run = try Self.runJSON(out)
        #expect(run["dataset"] as? String == fixture.root.path)
        #expect(run["analytics"] as? [String] == analytics)
        #expect(run["fusers"] as? [String] == fusers)
        #expect(run["probes"] as? Int == 6)
        #expect((run["seconds"] as? Double ?? -1) >= 0)
        for system in analytics + fusers {
            let rows = try Self.rows(out.appendingPathComponent("\(system)/\(system).csv"))
            #expect(Set(rows.keys) == Set(EvalFixture.targets + EvalFixture.controls), "\(system)")
            let broken = try #require(rows["c2"])
            if analytics.contains(system) {
                // Decoding fails (NonProcessed), unless the analytic declines a non-JPEG before decoding.
                let expected = ["ghost", "adq", "nadq"].contains(system) ? "OptOutAll" : "NonProcessed"
                #expect(broken == ["", "", expected], "\(system)")
            } else {
                #expect(broken == ["", "", "OptOutAll"], "\(system): nothing to fuse")
            }
            for (probe, fields) in rows where !fields[1].isEmpty {
                #expect(fields[1] == "mask/\(probe).png")
                let path = out.appendingPathComponent("\(system)/\(fields[1])").path
                let mask = try decodeImage(data: [UInt8](try #require(FileManager.default.contents(atPath: path))))
                #expect(mask.channels == 1 && mask.width == EvalFixture.width && mask.height == EvalFixture.height)
            }
            for fields in rows.values where fields[2] == "Processed" { #expect(Double(fields[0]) != nil) }
        }
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent(".work").path))
        let report = try ScoreReport.decoded(from: Data(contentsOf: out.appendingPathComponent("report.json")))
        #expect(report.systems.map(\.name) == analytics + fusers)
        #expect(report.systems.allSatisfy { $0.detection.totalTrials == 6 && $0.localization?.totalProbes == 2 })
        let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("ROC curves"))
    }

    @Test("a second run into the same folder replaces the system folders; other folders are refused")
    func rerun() async throws {
        let fixture = try EvalFixture()
        defer { fixture.remove() }
        let out = fixture.root.appendingPathComponent("results")
        let first: EvalRunCommand = try parseEval([
            "run", "--dataset", fixture.root.path, "--out", out.path, "--analytics", "ela,median", "--fusers", "mean",
            "--no-localization", "--bootstrap", "0", "-q",
        ])
        try await first.run()
        let stale = out.appendingPathComponent("ela/mask/stale.png")
        try Data([1]).write(to: stale)
        let second: EvalRunCommand = try parseEval([
            "run", "--dataset", fixture.root.path, "--out", out.path, "--analytics", "ela", "--fusers", "none",
            "--bootstrap", "0", "-q",
        ])
        try await second.run()
        #expect(!FileManager.default.fileExists(atPath: stale.path))
        let run = try Self.runJSON(out)
        #expect(run["analytics"] as? [String] == ["ela"])
        #expect(run["fusers"] as? [String] == [])
        let report = try ScoreReport.decoded(from: Data(contentsOf: out.appendingPathComponent("report.json")))
        #expect(report.systems.map(\.name) == ["ela"])

        let occupied: EvalRunCommand = try parseEval([
            "run", "--dataset", fixture.root.path, "--out", fixture.root.appendingPathComponent("probe").path, "-q",
        ])
        await #expect(throws: CLIError.self) { try await occupied.run() }
    }

    @Test("results map to MediScore statuses: opt-outs and failures have no score, masks only where given")
    func statusMapping() {
        let scored = Mediforproto_ImageManipulation.with {
            $0.score = 0.75
            $0.localization.mask.uri = "/m.png"
        }
        #expect(
            DatasetRunner.row(probe: "p", scored)
                == SystemRow(probeID: "p", score: 0.75, status: .processed, hasMask: true))
        let noMask = Mediforproto_ImageManipulation.with {
            $0.score = 0.5
            $0.optOut = .optOutLocalization
        }
        #expect(
            DatasetRunner.row(probe: "p", noMask)
                == SystemRow(probeID: "p", score: 0.5, status: .optOutLocalization, hasMask: false))
        let declined = Mediforproto_ImageManipulation.with { $0.optOut = .optOutAll }
        #expect(
            DatasetRunner.row(probe: "p", declined)
                == SystemRow(probeID: "p", score: nil, status: .optOutAll, hasMask: false))
        let maskOnly = Mediforproto_ImageManipulation.with {
            $0.optOut = .optOutDetection
            $0.localization.mask.uri = "/m.png"
        }
        #expect(
            DatasetRunner.row(probe: "p", maskOnly)
                == SystemRow(probeID: "p", score: nil, status: .optOutDetection, hasMask: true))
        #expect(
            DatasetRunner.row(probe: "p", nil)
                == SystemRow(probeID: "p", score: nil, status: .nonProcessed, hasMask: false))
    }

    @Test("usage errors: unknown analytics and fusers, none mixed with others, bad concurrency")
    func usage() {
        for arguments in [
            ["run", "--dataset", "d", "--analytics", "ela,nope"],
            ["run", "--dataset", "d", "--fusers", "mean,nope"],
            ["run", "--dataset", "d", "--fusers", "none,mean"],
            ["run", "--dataset", "d", "--concurrency", "0"],
        ] {
            #expect(throws: (any Error).self, "\(arguments)") { _ = try EvalCommand.parseAsRoot(arguments) }
        }
        #expect(EvalRunCommand.split(["ela, adq", "", "ghost"]) == ["ela", "adq", "ghost"])
        #expect(MaskFiles.safeName("a/b c") == "a_b_c")
        #expect(MaskFiles.safeName("..") == "_..")
    }
}
