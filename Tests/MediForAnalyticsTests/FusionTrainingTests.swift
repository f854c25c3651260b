import Foundation
import MediForAnalytics
import Testing

/// A synthetic benchmark in the layout `medifor fusion train` reads: per host, two clean probes, two of kind A and
/// two of kind B. Analytic `a` sees only A, `b` only B (each weak alone), `c` opts out on every B probe and is noise
/// otherwise, and `n1`…`n3` are pure noise.
enum SyntheticBenchmark {
    static let analytics = ["a", "b", "c", "n1", "n2", "n3"]

    struct Probe {
        var id: String
        var host: String
        var kind: Character  // "N" clean, "A", "B"
        var scores: [String: Double?]  // nil = OptOutAll
    }

    static func probes(hosts: Int, seed: UInt64) -> [Probe] {
        var random = TestRandom(seed: seed)
        var probes: [Probe] = []
        for host in 0..<hosts {
            for (index, kind) in Array("NNAABB").enumerated() {
                var scores: [String: Double?] = [:]
                scores["a"] = kind == "A" ? random.uniform(0.55...0.95) : random.uniform(0.05...0.6)
                scores["b"] = kind == "B" ? random.uniform(0.55...0.95) : random.uniform(0.05...0.6)
                scores["c"] = kind == "B" ? Double?.none : random.uniform()
                for noise in ["n1", "n2", "n3"] { scores[noise] = random.uniform() }
                probes.append(Probe(
                    id: String(format: "p%03d%d", host, index), host: String(format: "host%02d", host), kind: kind,
                    scores: scores))
            }
        }
        return probes
    }

    /// Writes `<root>/dataset/reference.csv` and `<root>/run/…`; returns the two folders.
    static func write(_ probes: [Probe], to root: String, analytics: [String] = analytics) throws -> (URL, URL) {
        let dataset = URL(fileURLWithPath: root + "/dataset")
        let run = URL(fileURLWithPath: root + "/run")
        try FileManager.default.createDirectory(at: dataset, withIntermediateDirectories: true)
        var reference = ["TaskID|ProbeFileID|ProbeFileName|ProbeMaskFileName|IsTarget|HostID|Operation"]
        for probe in probes {
            let target = probe.kind != "N"
            reference.append(
                "manipulation|\(probe.id)|probe/\(probe.id).jpg|\(target ? "mask/\(probe.id).png" : "")|"
                    + "\(target ? "Y" : "N")|\(probe.host)|\(probe.kind)")
        }
        try (reference.joined(separator: "\n") + "\n").write(
            to: dataset.appendingPathComponent("reference.csv"), atomically: true, encoding: .utf8)
        for id in analytics {
            let folder = run.appendingPathComponent(id)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            var rows = ["ProbeFileID|ConfidenceScore|OutputProbeMaskFileName|ProbeStatus"]
            for probe in probes {
                switch probe.scores[id] {
                case .some(.some(let score)): rows.append("\(probe.id)|\(score)||Processed")
                case .some(.none): rows.append("\(probe.id)|||OptOutAll")
                case .none: continue
                }
            }
            try (rows.joined(separator: "\n") + "\n").write(
                to: folder.appendingPathComponent("\(id).csv"), atomically: true, encoding: .utf8)
        }
        let manifest = #"{"dataset": "synthetic", "analytics": [\#(analytics.map { "\"\($0)\"" }.joined(separator: ", "))], "fusers": ["mean"], "probes": \#(probes.count)}"#
        try manifest.write(to: run.appendingPathComponent("run.json"), atomically: true, encoding: .utf8)
        return (dataset, run)
    }
}

@Suite("Fusion: training")
struct FusionTrainingTests {
    @Test("the host split is deterministic, disjoint and complete, and differs between seeds")
    func hostSplit() throws {
        let hosts = (0..<10).map { "h\($0)" }
        var seen = Set<[String]>()
        for seed: UInt64 in 0..<8 {
            let split = try HostSplit(hosts: hosts + hosts, holdout: 0.3, seed: seed)
            #expect(split.testHosts.count == 3 && split.trainHosts.count == 7)
            #expect(Set(split.testHosts).isDisjoint(with: split.trainHosts))
            #expect(Set(split.testHosts + split.trainHosts) == Set(hosts))
            #expect(try HostSplit(hosts: hosts.reversed(), holdout: 0.3, seed: seed) == split)
            seen.insert(split.testHosts)
        }
        #expect(seen.count > 1)
        #expect(throws: FusionTrainingError.self) { try HostSplit(hosts: ["a", "b", "c", "a"], holdout: 0.3, seed: 1) }
        #expect(throws: FusionTrainingError.self) { try HostSplit(hosts: hosts, holdout: 1, seed: 1) }
        #expect(try HostSplit(hosts: hosts, holdout: 0.01, seed: 1).testHosts.count == 1)
    }

    @Test("weak but complementary analytics: logreg beats mean, max and the best single analytic on held-out hosts")
    func complementaryAnalytics() throws {
        let root = try FusionFixture.folder("train")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (dataset, run) = try SyntheticBenchmark.write(SyntheticBenchmark.probes(hosts: 24, seed: 11), to: root)
        let set = try FusionTrainingSet.load(dataset: dataset, run: run)
        #expect(set.samples.count == 144 && set.analytics == SyntheticBenchmark.analytics)
        let report = try FusionTrainer(l2: 1).train(set, holdout: 0.3, seed: 5)

        // No leakage: every probe is on exactly one side, by host.
        let testHosts = Set(report.split.testHosts)
        #expect(testHosts.isDisjoint(with: report.split.trainHosts))
        #expect(report.testProbes == set.samples.filter { testHosts.contains($0.hostID) }.count)
        #expect(report.trainProbes + report.testProbes == set.samples.count)

        let auc = Dictionary(uniqueKeysWithValues: report.heldOut.map { ($0.system, $0.auc ?? 0) })
        let bestSingle = try #require(SyntheticBenchmark.analytics.compactMap { auc[$0] }.max())
        let logreg = try #require(auc["logreg"])
        #expect(logreg > bestSingle + 0.1, "\(report.heldOut)")
        let mean = try #require(auc["mean"])
        let maximum = try #require(auc["max"])
        #expect(logreg > mean + 0.05, "\(report.heldOut)")
        #expect(logreg > maximum, "\(report.heldOut)")
        #expect(report.heldOut.prefix(3).map(\.system) == ["logreg", "mean", "max"])

        // The refitted model records the held-out numbers and trusts the informative parts.
        let model = report.model
        #expect(model.training?.heldOutAUC == auc)
        #expect(model.training?.testHosts == report.split.testHosts)
        #expect(model.training?.samples == 144 && model.training?.targets == 96)
        let weight = { (id: String) in model.term(id)?.weight ?? 0 }
        for noise in ["n1", "n2", "n3"] {
            #expect(abs(weight(noise)) < 0.5 * min(weight("a"), weight("b")), "\(noise)")
        }
        #expect((model.term("c")?.optOutWeight ?? 0) > 0.5, "c's opting out marks B probes")
        #expect(try FusionModel(json: try model.jsonData()) == model)
    }

    @Test("statuses: Processed and OptOutLocalization scores count; OptOutAll, NonProcessed and missing rows do not")
    func loadingStatuses() throws {
        let root = try FusionFixture.folder("status")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let probes = SyntheticBenchmark.probes(hosts: 4, seed: 3)
        let (dataset, run) = try SyntheticBenchmark.write(probes, to: root, analytics: ["a"])
        let csv = run.appendingPathComponent("a/a.csv")
        var lines = try String(contentsOf: csv, encoding: .utf8).split(separator: "\n").map(String.init)
        lines[1] = "\(probes[0].id)|0.9||NonProcessed"
        lines[2] = "\(probes[1].id)|0.8||OptOutLocalization"
        lines[3] = "\(probes[2].id)|0.7||OptOutDetection"
        lines.remove(at: 4)  // probes[3] has no row at all
        try (lines.joined(separator: "\n") + "\n").write(to: csv, atomically: true, encoding: .utf8)
        let set = try FusionTrainingSet.load(dataset: dataset, run: run)
        #expect(set.samples.count == probes.count - 1)
        #expect(set.notes == ["1 reference probe(s) have no output in the run and were left out"])
        let byID = Dictionary(uniqueKeysWithValues: set.samples.map { ($0.probeID, $0) })
        #expect(byID[probes[0].id]?.scores["a"] == nil)
        #expect(byID[probes[1].id]?.scores["a"] == 0.8)
        #expect(byID[probes[2].id]?.scores["a"] == nil)
        #expect(byID[probes[3].id] == nil)
        #expect(byID[probes[4].id]?.scores["a"] != nil && byID[probes[4].id]?.hostID == "host00")
    }

    @Test("clear errors for missing files, unknown ids, a reference without HostID, foreign probes, a one-class split")
    func loadingErrors() throws {
        let root = try FusionFixture.folder("errors")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let probes = SyntheticBenchmark.probes(hosts: 5, seed: 3)
        let (dataset, run) = try SyntheticBenchmark.write(probes, to: root, analytics: ["a", "b"])
        func message(_ body: () throws -> Void) -> String {
            do {
                try body()
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        let missingRun = message { _ = try FusionTrainingSet.load(dataset: dataset, run: URL(fileURLWithPath: root + "/nope")) }
        #expect(missingRun.contains("run.json: no such file"))
        let unknown = message { _ = try FusionTrainingSet.load(dataset: dataset, run: run, analytics: ["zz"]) }
        #expect(unknown.contains("unknown analytic \"zz\": the run has a, b"))
        try FileManager.default.removeItem(at: run.appendingPathComponent("b/b.csv"))
        #expect(message { _ = try FusionTrainingSet.load(dataset: dataset, run: run) }.contains("no output for analytic b"))
        let onlyA = try FusionTrainingSet.load(dataset: dataset, run: run, analytics: ["a"])
        #expect(onlyA.analytics == ["a"])

        let referenceURL = dataset.appendingPathComponent("reference.csv")
        let reference = try String(contentsOf: referenceURL, encoding: .utf8)
        try reference.replacingOccurrences(of: "|HostID|", with: "|Host|").write(
            to: referenceURL, atomically: true, encoding: .utf8)
        #expect(message { _ = try FusionTrainingSet.load(dataset: dataset, run: run, analytics: ["a"]) }
            .contains("no HostID column"))
        let lines = reference.split(separator: "\n")
        try (lines.dropLast(6).joined(separator: "\n") + "\n").write(to: referenceURL, atomically: true, encoding: .utf8)
        #expect(message { _ = try FusionTrainingSet.load(dataset: dataset, run: run, analytics: ["a"]) }
            .contains("are not in reference.csv"))

        // Only non-targets on some host side: every probe of hosts 0–2 clean, 3–4 manipulated.
        var skewed = probes
        for index in skewed.indices { skewed[index].kind = skewed[index].host < "host03" ? "N" : "A" }
        let (skewedData, skewedRun) = try SyntheticBenchmark.write(skewed, to: root + "/skewed", analytics: ["a"])
        let set = try FusionTrainingSet.load(dataset: skewedData, run: skewedRun)
        let outcomes = (0..<6).map { seed in message { _ = try FusionTrainer().train(set, holdout: 0.4, seed: UInt64(seed)) } }
        #expect(outcomes.contains { $0.contains("have only") && $0.contains("try another --seed") }, "\(outcomes)")
        let (fewData, fewRun) = try SyntheticBenchmark.write(Array(probes.prefix(18)), to: root + "/few", analytics: ["a"])
        let fewHosts = try FusionTrainingSet.load(dataset: fewData, run: fewRun)
        #expect(message { _ = try FusionTrainer().train(fewHosts, holdout: 0.3, seed: 1) }.contains("at least 4"))
    }
}
