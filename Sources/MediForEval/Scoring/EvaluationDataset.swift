import Foundation

/// A dataset in MediScore's layout: an index CSV and a reference CSV in one folder, with probe and reference mask
/// paths relative to that folder.
///
/// Loading checks what scoring relies on: every trial of the index has a reference row. Probe and mask files are
/// not opened here.
public struct EvaluationDataset: Sendable {
    /// The dataset folder; reference paths are relative to it.
    public var directory: URL
    /// The trials to score.
    public var index: IndexFile
    /// Ground truth and factors.
    public var reference: ReferenceFile

    /// Wraps loaded files.
    /// - Throws: ``EvaluationError/Code/invalidValue`` naming the index file when an index trial has no reference
    ///   row.
    public init(directory: URL, index: IndexFile, reference: ReferenceFile, indexFileName: String = "index.csv")
        throws(EvaluationError)
    {
        self.directory = directory
        self.index = index
        self.reference = reference
        let splice = index.isSplice
        var known = Set<TrialKey>()
        known.reserveCapacity(reference.rows.count)
        for row in reference.rows {
            known.insert(TrialKey(probeFileID: row.probeFileID, donorFileID: splice ? row.donorFileID : nil))
        }
        let missing = index.rows.map(\.key).filter { !known.contains($0) }
        if !missing.isEmpty {
            throw EvaluationError(
                code: .invalidValue,
                message: "\(missing.count) trial(s) have no row in \(reference.fileName): "
                    + Self.sample(missing.map(\.description)),
                file: indexFileName)
        }
    }

    /// Reads `index.csv` and `reference.csv` (or the given names) from `directory`.
    /// - Throws: ``EvaluationError`` naming the file (and line) that is missing or malformed.
    public init(
        directory: URL, indexFileName: String = "index.csv", referenceFileName: String = "reference.csv"
    ) throws(EvaluationError) {
        let indexURL = Self.resolve(indexFileName, against: directory)
        let referenceURL = Self.resolve(referenceFileName, against: directory)
        for url in [indexURL, referenceURL] where !FileManager.default.fileExists(atPath: url.path) {
            throw EvaluationError(code: .unreadableFile, message: "no such file", file: url.path)
        }
        try self.init(
            directory: directory, index: IndexFile(contentsOf: indexURL),
            reference: ReferenceFile(contentsOf: referenceURL), indexFileName: indexURL.path)
    }

    /// A path from the reference, made absolute against the dataset folder (absolute paths are kept).
    public func url(forDatasetPath path: String) -> URL { Self.resolve(path, against: directory) }

    /// The reference rows of the index's trials, in reference order, each once.
    public var indexedReferenceRows: [ReferenceRow] {
        let splice = index.isSplice
        let keys = Set(index.rows.map(\.key))
        var seen = Set<TrialKey>()
        return reference.rows.filter { row in
            let key = TrialKey(probeFileID: row.probeFileID, donorFileID: splice ? row.donorFileID : nil)
            return keys.contains(key) && seen.insert(key).inserted
        }
    }

    /// The factor columns worth partitioning by: those with between 2 and `maximumValues` distinct values over
    /// the index's trials, except `excluded` ones (identifiers such as `HostID`), in reference column order.
    public func automaticFactors(maximumValues: Int = 20, excluding excluded: Set<String> = ["HostID"]) -> [String] {
        let rows = indexedReferenceRows
        return reference.factorColumns.filter { column in
            guard !excluded.contains(column) else { return false }
            var values = Set<String>()
            for row in rows {
                values.insert(row.factors[column] ?? "")
                if values.count > maximumValues { return false }
            }
            return values.count >= 2
        }
    }

    /// `path` as a file URL: absolute as given, else relative to `directory`.
    static func resolve(_ path: String, against directory: URL) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path) : directory.appendingPathComponent(path)
    }

    /// The first few items and how many more: `a, b, c and 7 more`.
    static func sample(_ items: [String], limit: Int = 5) -> String {
        let shown = items.prefix(limit).joined(separator: ", ")
        return items.count > limit ? "\(shown) and \(items.count - limit) more" : shown
    }
}
