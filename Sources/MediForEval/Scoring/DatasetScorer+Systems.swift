import Foundation

/// A system output read and joined with the dataset.
struct LoadedSystem: Sendable {
    /// The report name.
    var name: String
    /// The CSV, for error messages.
    var fileURL: URL
    /// The CSV's folder; mask paths are relative to it.
    var directory: URL
    /// The joined trials, in reference order.
    var records: [TrialRecord]
    /// The first record of each trial key.
    var recordsByKey: [TrialKey: TrialRecord]
    /// The CSV line of each trial's row.
    var lines: [TrialKey: Int]

    /// A mask path of the output as a URL: absolute as given, else relative to the CSV's folder.
    func maskURL(_ path: String) -> URL { EvaluationDataset.resolve(path, against: directory) }
}

extension DatasetScorer {
    /// Reads one system output and joins it with the dataset.
    /// - Throws: ``EvaluationError`` naming the CSV (and line) for a missing file, a malformed row, or, under
    ///   ``MissingRowPolicy/reject``, index trials without a row.
    func load(_ system: SystemInput, dataset: EvaluationDataset) throws(EvaluationError) -> LoadedSystem {
        guard FileManager.default.fileExists(atPath: system.url.path) else {
            throw EvaluationError(code: .unreadableFile, message: "no such file", file: system.url.path)
        }
        let table = try PipeTable(contentsOf: system.url)
        var output = try SystemOutputFile(table: table)
        if output.minimumScore == nil {
            // No score at all (every trial declined or failed): MediScore's minimum does not exist, so every trial
            // gets the same score, which is chance-level detection; opt-out filtering then leaves no trial.
            for index in output.rows.indices { output.rows[index].confidenceScore = 0 }
        }
        let splice = dataset.index.isSplice
        func key(_ row: SystemOutputRow) -> TrialKey {
            TrialKey(probeFileID: row.probeFileID, donorFileID: splice ? row.donorFileID : nil)
        }
        var lines: [TrialKey: Int] = [:]
        lines.reserveCapacity(output.rows.count)
        // SystemOutputFile keeps one row per table row, in order.
        for (row, parsed) in zip(table.rows, output.rows) where lines[key(parsed)] == nil {
            lines[key(parsed)] = row.line
        }
        if configuration.missingRows == .reject {
            var seen = Set<TrialKey>()
            let missing = dataset.index.rows.map(\.key).filter { lines[$0] == nil && seen.insert($0).inserted }
            if !missing.isEmpty {
                throw EvaluationError(
                    code: .invalidValue,
                    message: "no row for \(missing.count) of \(dataset.index.rows.count) index trial(s): "
                        + EvaluationDataset.sample(missing.map(\.description))
                        + "; every trial needs a row (a failure is a row with status NonProcessed)",
                    file: system.url.path)
            }
        }
        let records = try TrialRecord.join(
            index: dataset.index, reference: dataset.reference, system: output, missingScores: .minimumScore)
        var byKey: [TrialKey: TrialRecord] = [:]
        byKey.reserveCapacity(records.count)
        for record in records where byKey[record.key] == nil { byKey[record.key] = record }
        return LoadedSystem(
            name: system.name, fileURL: system.url, directory: system.url.deletingLastPathComponent(),
            records: records, recordsByKey: byKey, lines: lines)
    }
}
