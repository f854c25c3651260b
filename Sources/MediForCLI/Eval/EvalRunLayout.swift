import Foundation
import MediForEval

/// The folder `medifor eval run` writes, a contract the fusion trainer reads:
///
/// ```
/// <out>/run.json                     {"dataset", "analytics", "fusers", "probes", "seconds"}
/// <out>/<system>/<system>.csv        ProbeFileID|ConfidenceScore|OutputProbeMaskFileName|ProbeStatus
/// <out>/<system>/mask/<probe>.png    8-bit grey, 0 = manipulated
/// <out>/report.html, <out>/report.json
/// ```
///
/// One system folder per analytic and per fuser; mask paths in the CSV are relative to its folder
/// (`mask/<ProbeFileID>.png`).
struct EvalRunLayout: Sendable {
    /// The output folder, absolute.
    let root: URL

    /// `<out>/<system>`.
    func systemFolder(_ system: String) -> URL {
        root.appendingPathComponent(MaskFiles.safeName(system), isDirectory: true)
    }

    /// `<out>/<system>/<system>.csv`.
    func systemCSV(_ system: String) -> URL {
        systemFolder(system).appendingPathComponent(MaskFiles.safeName(system) + ".csv")
    }

    /// The mask path as the CSV gives it: `mask/<probe>.png`.
    func relativeMask(probe: String) -> String { "mask/\(MaskFiles.safeName(probe)).png" }

    /// The absolute mask path of a system's probe.
    func maskPath(system: String, probe: String) -> String {
        systemFolder(system).appendingPathComponent(relativeMask(probe: probe)).path
    }

    /// Scratch space for fuser calls, removed at the end of a run.
    var scratch: URL { root.appendingPathComponent(".work", isDirectory: true) }

    /// A scratch folder for one fuser call on one probe, removed after the call.
    func fuserScratch(fuser: String, probe: String) -> URL {
        scratch.appendingPathComponent(
            "\(MaskFiles.safeName(fuser))/\(MaskFiles.safeName(probe))", isDirectory: true)
    }

    var runJSON: URL { root.appendingPathComponent("run.json") }
    var reportHTML: URL { root.appendingPathComponent("report.html") }
    var reportJSON: URL { root.appendingPathComponent("report.json") }

    /// Checks that `root` may be written: missing, empty, or an earlier run (it has `run.json`); then removes the
    /// folders of `systems` and the reports from an earlier run, so no stale mask survives.
    /// - Throws: `CLIError` for a folder with other content, or when it cannot be created.
    func prepare(systems: [String]) throws {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        if manager.fileExists(atPath: root.path, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw CLIError("--out \(root.path) exists and is not a folder") }
            let entries = (try? manager.contentsOfDirectory(atPath: root.path)) ?? []
            guard entries.isEmpty || entries.contains("run.json") else {
                throw CLIError(
                    "--out \(root.path) is not empty and holds no earlier run (no run.json); choose another folder")
            }
        }
        try manager.createDirectory(at: root, withIntermediateDirectories: true)
        for url in systems.map(systemFolder) + [runJSON, reportHTML, reportJSON, scratch]
        where manager.fileExists(atPath: url.path) {
            try manager.removeItem(at: url)
        }
        for system in systems {
            try manager.createDirectory(
                at: systemFolder(system).appendingPathComponent("mask", isDirectory: true),
                withIntermediateDirectories: true)
        }
    }

    /// Writes one system output CSV; `rows` in index order.
    func writeSystem(_ system: String, rows: [SystemRow]) throws {
        let table = PipeTable(
            header: ["ProbeFileID", "ConfidenceScore", "OutputProbeMaskFileName", "ProbeStatus"],
            rows: rows.map { row in
                [
                    row.probeID, row.score.map { "\($0)" } ?? "", row.hasMask ? relativeMask(probe: row.probeID) : "",
                    row.status.rawValue,
                ]
            },
            fileName: systemCSV(system).path)
        try Data(table.rendered().utf8).write(to: systemCSV(system), options: .atomic)
    }

    /// Writes `run.json`.
    func writeRunSummary(dataset: String, analytics: [String], fusers: [String], probes: Int, seconds: Double) throws {
        let object: [String: Any] = [
            "dataset": dataset, "analytics": analytics, "fusers": fusers, "probes": probes,
            "seconds": (seconds * 1000).rounded() / 1000,
        ]
        let data = try JSONSerialization.data(
            withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        try (data + Data("\n".utf8)).write(to: runJSON, options: .atomic)
    }
}

/// One row of a system output: what one analytic or fuser said about one probe.
struct SystemRow: Sendable, Hashable {
    var probeID: String
    /// Blank for failures and detection opt-outs.
    var score: Double?
    var status: ProbeStatus
    /// Whether `mask/<probe>.png` was written.
    var hasMask: Bool
}
