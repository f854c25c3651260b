import Foundation
import MediForEval

extension FusionTrainingSet {
    /// What `medifor eval run` writes as `<run>/run.json` (only the fields training reads).
    struct RunManifest: Decodable {
        var dataset: String?
        var analytics: [String]
    }

    /// Reads a benchmark dataset and an evaluation run of analytics on it.
    ///
    /// - `<dataset>/reference.csv`: MediScore reference with `ProbeFileID`, `IsTarget` (`Y`/`N`) and the factor
    ///   column `HostID` (the host photo a probe was made from).
    /// - `<run>/run.json`: `{"dataset": …, "analytics": [ids], …}`.
    /// - `<run>/<id>/<id>.csv` per analytic: MediScore system output
    ///   (`ProbeFileID|ConfidenceScore|OutputProbeMaskFileName|ProbeStatus`).
    ///
    /// A score counts when it is present and the status is `Processed`, `OptOutLocalization` or absent; `OptOutAll`,
    /// `OptOutDetection`, `NonProcessed` (a failure) and `FailedValidation` count as no score, as a missing row does.
    /// Reference probes without a row in any analytic's output are left out (and counted in ``notes``).
    ///
    /// - Parameter analytics: the analytics to use; `nil` for every analytic of the run.
    /// - Throws: ``FusionTrainingError`` for a missing or malformed file, an analytic id the run does not have, a
    ///   reference without `HostID` or with a splice task, a repeated probe, or output rows for probes the
    ///   reference does not list.
    public static func load(dataset: URL, run: URL, analytics requested: [String]? = nil)
        throws(FusionTrainingError) -> FusionTrainingSet
    {
        let manifest = try readManifest(run.appendingPathComponent("run.json"))
        let analytics = try choose(requested, from: manifest.analytics, manifestPath: run.appendingPathComponent("run.json").path)
        let reference = try readReference(dataset.appendingPathComponent("reference.csv"))
        var scores: [String: [String: Double]] = [:]
        var seen = Set<String>()
        for id in analytics {
            let file = run.appendingPathComponent(id).appendingPathComponent("\(id).csv")
            let output: SystemOutputFile
            guard FileManager.default.fileExists(atPath: file.path) else {
                throw FusionTrainingError("\(file.path): no output for analytic \(id) in the run")
            }
            do { output = try SystemOutputFile(contentsOf: file) } catch { throw FusionTrainingError("\(error)") }
            let unknown = output.rows.filter { reference.index[$0.probeFileID] == nil }
            if let first = unknown.first {
                throw FusionTrainingError(
                    "\(file.path): \(unknown.count) probe(s) are not in reference.csv (first: \(first.probeFileID)); "
                        + "was the run made on this dataset?")
            }
            for row in output.rows {
                seen.insert(row.probeFileID)
                if let score = usableScore(row) { scores[row.probeFileID, default: [:]][id] = score }
            }
        }
        let samples = reference.rows.filter { seen.contains($0.probeID) }.map { row in
            FusionSample(probeID: row.probeID, hostID: row.hostID, isTarget: row.isTarget, scores: scores[row.probeID] ?? [:])
        }
        var notes: [String] = []
        let missing = reference.rows.count - samples.count
        if missing > 0 { notes.append("\(missing) reference probe(s) have no output in the run and were left out") }
        return FusionTrainingSet(
            dataset: manifest.dataset ?? dataset.path, analytics: analytics, samples: samples, notes: notes)
    }

    /// The score of a system output row, when the fusion can use it.
    static func usableScore(_ row: SystemOutputRow) -> Double? {
        guard let score = row.confidenceScore, score.isFinite else { return nil }
        switch row.status {
        case nil, .probeStatus(.processed), .probeStatus(.optOutLocalization), .probeStatus(.optOutTemporal),
            .probeStatus(.optOutSpatial), .optOutFlag(.no), .optOutFlag(.localization):
            return score
        default:
            return nil
        }
    }

    private static func readManifest(_ url: URL) throws(FusionTrainingError) -> RunManifest {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw FusionTrainingError("\(url.path): no such file (is this a folder written by `medifor eval run`?)")
        }
        do { return try JSONDecoder().decode(RunManifest.self, from: data) } catch {
            throw FusionTrainingError("\(url.path): not a run manifest with an \"analytics\" list: \(error)")
        }
    }

    private static func choose(_ requested: [String]?, from available: [String], manifestPath: String)
        throws(FusionTrainingError) -> [String]
    {
        for id in available where id.isEmpty || id.contains("/") || id.hasPrefix(".") {
            throw FusionTrainingError("\(manifestPath): invalid analytic id \"\(id)\"")
        }
        var seen = Set<String>()
        guard let requested, !requested.isEmpty else {
            let all = available.filter { seen.insert($0).inserted }
            guard !all.isEmpty else { throw FusionTrainingError("\(manifestPath): the run has no analytics") }
            return all
        }
        for id in requested where !available.contains(id) {
            throw FusionTrainingError(
                "unknown analytic \"\(id)\": the run has \(available.joined(separator: ", "))")
        }
        return requested.filter { seen.insert($0).inserted }
    }

    /// The reference rows training needs, with an index by probe.
    struct Reference {
        struct Row {
            var probeID: String
            var hostID: String
            var isTarget: Bool
        }
        var rows: [Row]
        var index: [String: Int]
    }

    private static func readReference(_ url: URL) throws(FusionTrainingError) -> Reference {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw FusionTrainingError("\(url.path): no such file (the dataset folder needs a MediScore reference.csv)")
        }
        let file: ReferenceFile
        do { file = try ReferenceFile(contentsOf: url) } catch { throw FusionTrainingError("\(error)") }
        guard file.factorColumns.contains("HostID") else {
            throw FusionTrainingError("\(url.path): no HostID column (the host photo each probe was made from)")
        }
        var rows: [Reference.Row] = []
        var index: [String: Int] = [:]
        for row in file.rows {
            guard row.donorFileID == nil else {
                throw FusionTrainingError("\(url.path):\(row.line): splice references (DonorFileID) are not supported")
            }
            let host = row.factors["HostID"] ?? ""
            guard !host.isEmpty else { throw FusionTrainingError("\(url.path):\(row.line): HostID is empty") }
            if let first = index[row.probeFileID] {
                throw FusionTrainingError(
                    "\(url.path):\(row.line): probe \(row.probeFileID) is already listed on line \(file.rows[first].line)")
            }
            index[row.probeFileID] = rows.count
            rows.append(Reference.Row(probeID: row.probeFileID, hostID: host, isTarget: row.isTarget))
        }
        return Reference(rows: rows, index: index)
    }
}
