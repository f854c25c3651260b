import Foundation
import MediForAnalytics
import MediForProto
import SwiftProtobuf
import Testing

@Suite("Fusion: logreg fuser")
struct FusionLogRegTests {
    let fuser = LogRegFuser(model: FusionFixture.model)

    /// The numbers of an explanation segment such as `ela +1.23, adq -0.40`.
    static func numbers(in segment: Substring) -> [String: Double] {
        var found: [String: Double] = [:]
        for item in segment.split(separator: ",") {
            let parts = item.split(separator: " ")
            if parts.count == 2, let value = Double(parts[1]) { found[String(parts[0])] = value }
        }
        return found
    }

    @Test("contributions and bias add up to the log-odds; the score is its logistic; the explanation says the same")
    func contributionsSumToLogOdds() throws {
        let request = FusionFixture.request([
            FusionFixture.entry("ela", 0.9), FusionFixture.entry("adq", 0.2), FusionFixture.entry("cfa", 0.6),
        ])
        let breakdown = fuser.breakdown(request.imgManip.map { ($0.id, $0.data) })
        let total = breakdown.contributions.reduce(breakdown.bias) { $0 + $1.logOdds }
        #expect(abs(total - breakdown.logOdds) < 1e-12)
        // ela: 1.5·2·logit(0.9); adq: 0.5·2·logit(0.2); cfa: 1·(logit(0.6) − 1).
        let expected = -0.3 + 3 * log(9) + 1 * log(0.25) + (log(1.5) - 1)
        #expect(abs(breakdown.logOdds - expected) < 1e-9)
        let result = try fuser.fuse(request)
        #expect(result.optOut == .optOutNone)
        #expect(abs(result.score - 1 / (1 + exp(-expected))) < 1e-12)

        // Parse the documented format back.
        let segments = result.explanation.components(separatedBy: "; ")
        let head = try #require(segments.first)
        #expect(head.hasPrefix(String(format: "logreg %.2f (log-odds %+.2f): ", result.score, expected)))
        let items = Self.numbers(in: try #require(head.split(separator: ":", maxSplits: 1).last))
        #expect(Set(items.keys) == ["ela", "adq", "cfa"])
        let prior = try #require(segments.first { $0.hasPrefix("prior ") })
        let bias = try #require(Double(prior.dropFirst(6)))
        #expect(abs(items.values.reduce(bias, +) - expected) < 0.005 * 4)
        // Sorted by magnitude: ela (+6.59) first.
        #expect(head.contains(": ela +6.59, adq -1.39, cfa -0.59"))
    }

    @Test("an analytic that opted out, failed or is absent adds its opt-out weight; unknown ones are ignored and named")
    func optOutIndicator() throws {
        let request = FusionFixture.request([
            FusionFixture.entry("ela", 0.5),
            FusionFixture.entry("cfa", nil),
            FusionFixture.entry("splice", 0.99),
        ])
        let breakdown = fuser.breakdown(request.imgManip.map { ($0.id, $0.data) })
        let byID = Dictionary(uniqueKeysWithValues: breakdown.contributions.map { ($0.id, $0) })
        #expect(byID["ela"]?.status == .scored)
        #expect(byID["ela"]?.logOdds == 0)
        #expect(byID["cfa"]?.status == .optedOut)
        #expect(byID["cfa"]?.logOdds == -0.5)
        #expect(byID["adq"]?.status == .optedOut, "absent from the request")
        #expect(byID["adq"]?.logOdds == 0.1)
        #expect(breakdown.ignored == ["splice"])
        #expect(abs(breakdown.logOdds - (-0.3 - 0.5 + 0.1)) < 1e-12)
        let result = try fuser.fuse(request)
        #expect(result.explanation.contains("; opted out: cfa -0.50, adq +0.10; prior -0.30; not in model: splice"))

        // OPT_OUT_DETECTION also counts as no score, even with a score value set.
        let detectionOptOut = FusionFixture.request([FusionFixture.entry("ela", 0.9, optOut: .optOutDetection),
                                                     FusionFixture.entry("adq", 0.7)])
        let second = fuser.breakdown(detectionOptOut.imgManip.map { ($0.id, $0.data) })
        #expect(second.contributions.first { $0.id == "ela" }?.status == .optedOut)
    }

    @Test("no usable score gives OPT_OUT_ALL with the reason")
    func noScoresOptsOut() throws {
        let result = try fuser.fuse(FusionFixture.request([
            FusionFixture.entry("ela", nil), FusionFixture.entry("other", 0.8),
        ]))
        #expect(result.optOut == .optOutAll)
        #expect(result.explanation.contains("no analytic known to the model gave a score"))
        #expect(result.explanation.contains("not in model: other"))
        let empty = try LogRegFuser(model: FusionModel(analytics: [], bias: 0)).fuse(FusionFixture.request([]))
        #expect(empty.optOut == .optOutAll)
    }

    @Test("with an out_dir the contributions are written as JSON and attached as a supplement")
    func contributionsFile() throws {
        let folder = try FusionFixture.folder("contrib")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let request = FusionFixture.request(
            [FusionFixture.entry("ela", 0.8), FusionFixture.entry("adq", nil)], outDir: folder)
        let result = try fuser.fuse(request)
        let supplement = try #require(result.supplement.first)
        #expect(supplement.uri == folder + "/logreg-contributions.json")
        #expect(supplement.type == "application/json")
        let decoded = try JSONDecoder().decode(
            FusionBreakdown.self, from: try Data(contentsOf: URL(fileURLWithPath: supplement.uri)))
        #expect(decoded == fuser.breakdown(request.imgManip.map { ($0.id, $0.data) }))
        #expect(abs(decoded.score - result.score) < 1e-15)
        #expect(!result.hasLocalization, "no mask unless want_masks")
    }

    @Test("the model JSON round-trips; another format version, duplicates and bad numbers are refused")
    func modelJSON() throws {
        var model = FusionFixture.model
        model.training = FusionModel.TrainingSummary(
            dataset: "bench", seed: 7, holdout: 0.3, l2: 1, trainHosts: ["a", "b"], testHosts: ["c"], samples: 9,
            targets: 5, heldOutAUC: ["logreg": 0.9, "mean": 0.8], notes: ["n"])
        let data = try model.jsonData()
        #expect(try FusionModel(json: data) == model)
        #expect(try model.jsonData() == data, "stable encoding")

        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        object["formatVersion"] = 3
        let future = try JSONSerialization.data(withJSONObject: object)
        #expect(throws: FusionModelError.self) { try FusionModel(json: future) }
        do {
            _ = try FusionModel(json: future)
        } catch {
            #expect(error.description.contains("version 3"))
        }
        // A version-1 model (Platt calibrations only) is still read.
        object["formatVersion"] = 1
        #expect(try FusionModel(json: try JSONSerialization.data(withJSONObject: object)).analytics == model.analytics)
        // Isotonic knots round-trip; knots that fall with the score, or are not finite, are refused.
        var isotonic = FusionFixture.model
        isotonic.analytics[0].calibration = ScoreCalibration(knots: [.init(score: 0.2, llr: -0.5), .init(score: 0.8, llr: 2)])
        #expect(try FusionModel(json: try isotonic.jsonData()) == isotonic)
        isotonic.analytics[0].calibration.knots = [.init(score: 0.2, llr: 1), .init(score: 0.8, llr: -1)]
        #expect(throws: FusionModelError.self) { try FusionModel(json: try isotonic.jsonData()) }
        isotonic.analytics[0].calibration.knots = [.init(score: 0.2, llr: .nan)]
        #expect(throws: FusionModelError.self) { try isotonic.validate() }
        #expect(throws: FusionModelError.self) { try FusionModel(json: Data("{\"bias\": 0}".utf8)) }
        #expect(throws: FusionModelError.self) { try FusionModel(json: Data("not json".utf8)) }
        var twice = FusionFixture.model
        twice.analytics.append(twice.analytics[0])
        #expect(throws: FusionModelError.self) { try FusionModel(json: try twice.jsonData()) }
    }

    @Test("the built-in model decodes and covers the built-in analytics; logreg is a built-in fuser")
    func defaultModel() throws {
        let model = try FusionModel(json: Data(DefaultFusionModel.json.utf8))
        #expect(model == LogRegFuser.default.model)
        #expect(Set(model.analyticIDs) == Set(BuiltinAnalytics.all.map(\.descriptor.id)))
        #expect(model.training?.heldOutAUC["logreg"] != nil)
        let ids = BuiltinAnalytics.builtinFusers.map(\.id)
        #expect(ids == ["mean", "max", "logreg"])
        let meta = try #require(BuiltinAnalytics.fuser(named: "logreg")).meta
        #expect(meta.media == [.fusionImage])
        #expect(meta.name == "Calibrated logistic regression")
    }
}
