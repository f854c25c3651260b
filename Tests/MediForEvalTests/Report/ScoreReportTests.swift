import Foundation
import MediForEval
import Testing

@Suite("score report")
struct ScoreReportTests {
    static func report() throws -> ScoreReport {
        let configuration = DetectionScorer.Configuration(bootstrap: BootstrapConfiguration(resamples: 50))
        let scorer = DetectionScorer(configuration: configuration)
        let records = [
            record("a", true, 0.9, factors: ["Op": "splice"]), record("b", false, 0.8, factors: ["Op": "splice"]),
            record("c", true, 0.7, factors: ["Op": "clone"]), record("d", false, 0.6, factors: ["Op": "clone"]),
        ]
        let allTargets = [record("a", true, 0.9), record("c", true, 0.7)]
        let masks = MaskScorer(configuration: .init(erosionKernelSize: 0, dilationKernelSize: 0))
        let maskScore = try masks.score(reference: mask(["##.."]), system: mask(["#..."]))
        return ScoreReport(
            title: "synthetic",
            detectionConfiguration: configuration,
            maskConfiguration: masks.configuration,
            systems: [
                SystemScore(
                    name: "ela", detection: try scorer.summary(of: records), partitionFactors: ["Op"],
                    partitions: try scorer.partitions(of: records, by: ["Op"]),
                    localization: LocalizationSummary(scores: [maskScore], totalProbes: 2, systemResponse: .all)),
                SystemScore(name: "targets-only", detection: try scorer.summary(of: allTargets)),
            ])
    }

    @Test("JSON round-trips, keeps ROC points for plotting, and omits undefined metrics")
    func json() throws {
        let report = try Self.report()
        let data = try report.jsonData()
        #expect(try ScoreReport.decoded(from: data) == report)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let systems = try #require(object["systems"] as? [[String: Any]])
        let detection = try #require(systems[0]["detection"] as? [String: Any])
        let metrics = try #require(detection["metrics"] as? [String: Any])
        #expect(metrics["auc"] as? Double == 0.75)
        let roc = try #require(metrics["roc"] as? [String: Any])
        let points = try #require(roc["points"] as? [[String: Any]])
        #expect(points.map { $0["fpr"] as? Double } == [0, 0, 0.5, 0.5, 1])
        #expect(points.map { $0["tpr"] as? Double } == [0, 0.5, 0.5, 1, 1])
        #expect(points[0]["threshold"] == nil)
        let undefined = try #require(systems[1]["detection"] as? [String: Any])
        #expect(undefined["metrics"] == nil)
        #expect(undefined["targetCount"] as? Int == 2)
    }

    @Test("an infinite score survives the JSON round trip")
    func infiniteThreshold() throws {
        let summary = try DetectionScorer().summary(of: [record("a", true, .infinity), record("b", false, 0)])
        let report = ScoreReport(systems: [SystemScore(name: "s", detection: summary)])
        #expect(try ScoreReport.decoded(from: report.jsonData()) == report)
    }

    @Test("the table shows each system's metrics, its partitions, localization, and 'undefined'")
    func table() throws {
        let text = try Self.report().renderedTable()
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "synthetic")
        #expect(text.contains("Detection, FAR_STOP 0.1, all trials (all)"))
        let header = try #require(lines.first { $0.hasPrefix("System ") })
        for column in ["Trials", "TRR", "AUC", "EER", "AUC@0.1", "TPR@0.05", "TPR@0.1", "AUC 90% CI"] {
            #expect(header.contains(column), "\(column)")
        }
        let ela = try #require(lines.first { $0.hasPrefix("ela ") })
        #expect(ela.contains("0.750000"))
        #expect(ela.contains("0.500000"))
        let undefined = try #require(lines.first { $0.hasPrefix("targets-only") })
        #expect(undefined.contains("undefined"))
        #expect(text.contains("ela by Op"))
        #expect(lines.contains { $0.hasPrefix("clone ") && $0.contains("1.000000") })
        #expect(text.contains("Localization"))
        // The mask: TP 1, FN 1, TN 2 at every threshold 0…254: MCC 1/√3 = 0.5774.
        #expect(lines.contains { $0.hasPrefix("ela ") && $0.contains("0.5774") })
        #expect(!lines.contains { $0.hasSuffix(" ") })
    }

    @Test("MediScore's report row: six decimals, TRR to two, CI columns, undefined as empty fields")
    func mediScoreRow() throws {
        let report = try Self.report()
        let row = report.systems[0].detection.mediScoreReport().rows[0].fields
        #expect(row[0...7] == ["1.0", "all", "0.75", "0.5", "0.1", "0", "0.5", "0.9"])
        let undefined = report.systems[1].detection.mediScoreReport().rows[0].fields
        #expect(undefined[2] == "" && undefined[3] == "")
        let thirds = DetectionSummary(
            totalTrials: 3, targetCount: 1, nonTargetCount: 1, trialResponseRate: 2.0 / 3.0,
            systemResponse: .trialResponse,
            metrics: nil)
        #expect(thirds.mediScoreReport().rows[0].fields[0] == "0.67")
    }
}
