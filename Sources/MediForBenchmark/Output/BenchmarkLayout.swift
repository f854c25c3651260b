import Foundation
import MediForEval

/// One probe's rows in the index and reference files.
package struct ProbeRecord: Hashable, Sendable {
    /// `ProbeFileID`.
    package var id: String
    /// `ProbeFileName`: `probe/<id>.jpg` or `.png`.
    package var fileName: String
    /// `ProbeMaskFileName`: `mask/<id>.png` for local targets, blank otherwise.
    package var maskFileName: String
    /// `IsTarget`.
    package var isTarget: Bool
    /// `ProbeWidth`.
    package var width: Int
    /// `ProbeHeight`.
    package var height: Int
    /// The factor columns' values, in ``BenchmarkLayout/factorColumns`` order.
    package var factors: [String]
}

/// The benchmark's files: `index.csv`, `reference.csv` (pipe-separated, MediScore columns), `probe/`, `mask/` and
/// `dataset.json`, all paths relative to the output folder.
package enum BenchmarkLayout {
    /// The `TaskID` of every row.
    package static let taskID = "manipulation"
    /// The factor columns after MediScore's key columns.
    package static let factorColumns = [
        "HostID", "Operation", "Variant", "Scope", "Shape", "Q1", "Q2", "FinalFormat", "Aligned", "RegionFraction",
        "Parameters",
    ]
    /// The reference's header.
    package static let referenceHeader =
        ["TaskID", "ProbeFileID", "ProbeFileName", "ProbeMaskFileName", "IsTarget"] + factorColumns
    /// Files and folders the generator writes (and, when replacing, removes first).
    static let ownedEntries = ["probe", "mask", "index.csv", "reference.csv", "dataset.json"]

    /// Checks that `output` may be written: missing, empty, or `replacing` is set. Nothing is changed yet.
    /// - Throws: ``BenchmarkError/Code/outputNotEmpty`` or ``BenchmarkError/Code/writeFailed`` (a file in the way).
    package static func checkOutput(_ output: URL, replacing: Bool) throws(BenchmarkError) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: output.path, isDirectory: &isFolder) else { return }
        guard isFolder.boolValue else {
            throw BenchmarkError(code: .writeFailed, message: "\(output.path) exists and is not a folder")
        }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: output.path)) ?? []
        guard entries.isEmpty || replacing else {
            throw BenchmarkError(
                code: .outputNotEmpty,
                message: "output folder \(output.path) is not empty (\(entries.count) entries); "
                    + "choose another folder or pass --force to replace the benchmark in it")
        }
    }

    /// Creates `output/probe` and `output/mask`, first removing the generator's own files and folders from an
    /// earlier run. Other files in `output` are left alone.
    package static func prepareOutput(_ output: URL) throws(BenchmarkError) {
        let manager = FileManager.default
        do {
            for entry in ownedEntries {
                let url = output.appendingPathComponent(entry)
                if manager.fileExists(atPath: url.path) { try manager.removeItem(at: url) }
            }
            try manager.createDirectory(at: output.appendingPathComponent("probe"), withIntermediateDirectories: true)
            try manager.createDirectory(at: output.appendingPathComponent("mask"), withIntermediateDirectories: true)
        } catch {
            throw BenchmarkError(
                code: .writeFailed, message: "cannot prepare \(output.path): \(error.localizedDescription)")
        }
    }

    /// Writes `bytes` to `relativePath` under `output`.
    package static func write(_ bytes: [UInt8], to relativePath: String, in output: URL) throws(BenchmarkError) {
        let url = output.appendingPathComponent(relativePath)
        do {
            try Data(bytes).write(to: url)
        } catch {
            throw BenchmarkError(code: .writeFailed, message: "cannot write \(url.path): \(error.localizedDescription)")
        }
    }

    /// The index table of `records`, in their order.
    package static func index(_ records: [ProbeRecord]) -> IndexFile {
        IndexFile(rows: records.map {
            IndexRow(
                taskID: taskID, probeFileID: $0.id, probeFileName: $0.fileName, probeWidth: $0.width,
                probeHeight: $0.height)
        })
    }

    /// The reference table of `records`, in their order.
    package static func reference(_ records: [ProbeRecord]) -> PipeTable {
        PipeTable(
            header: referenceHeader,
            rows: records.map {
                [taskID, $0.id, $0.fileName, $0.maskFileName, $0.isTarget ? "Y" : "N"] + $0.factors
            },
            fileName: "reference.csv")
    }

    /// Writes `index.csv`, `reference.csv` and `dataset.json`.
    package static func writeTables(_ records: [ProbeRecord], summary: BenchmarkSummary, in output: URL)
        throws(BenchmarkError)
    {
        try write(Array(index(records).table().rendered().utf8), to: "index.csv", in: output)
        try write(Array(reference(records).rendered().utf8), to: "reference.csv", in: output)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let json: Data
        do {
            json = try encoder.encode(summary)
        } catch {
            throw BenchmarkError(code: .writeFailed, message: "cannot encode dataset.json: \(error)")
        }
        try write(Array(json) + [0x0A], to: "dataset.json", in: output)
    }
}
