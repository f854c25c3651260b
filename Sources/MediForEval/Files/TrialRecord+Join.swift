/// What the join does with a trial that has no system score.
public enum MissingScorePolicy: String, Hashable, Sendable, Codable {
    /// Give it the smallest score in the system output: the rule MediScore documents, and the default.
    case minimumScore
    /// Leave it out of the trials altogether, which is what MediScore's released DetectionScorer ends up doing
    /// (it overwrites the whole merged row with the minimum, so the row no longer joins the index). NIST's check
    /// file for the NC2016 splice baseline (`test_c1_2`) was produced this way.
    case exclude
}

extension TrialRecord {
    /// Joins an index, a reference and a system output into trials, as MediScore's DetectionScorer does.
    ///
    /// - Trials are the reference rows whose key is in the index, in reference order (MediScore's merge order,
    ///   which fixes the bootstrap resamples). The key is `ProbeFileID`, plus `DonorFileID` for a splice index.
    /// - A key the index lists twice gives two trials, as MediScore's inner join does: NIST's NC2016 splice index
    ///   lists 20 pairs twice, and its check file (`test_c1_2`) is only reproduced by counting them twice.
    /// - A trial without a system row or without a score gets the smallest score in the system output.
    /// - Factor values, mask file names, status and opt-out pixel value are carried along.
    ///
    /// - Parameter missingScores: ``MissingScorePolicy/minimumScore`` (documented rule) or
    ///   ``MissingScorePolicy/exclude`` (MediScore's released behaviour).
    /// - Throws: ``EvaluationError/Code/duplicateKey`` for a key repeated in the reference,
    ///   ``EvaluationError/Code/invalidValue`` when a trial needs the missing-score rule and the system output has
    ///   no scores at all.
    public static func join(
        index: IndexFile, reference: ReferenceFile, system: SystemOutputFile,
        missingScores: MissingScorePolicy = .minimumScore
    ) throws(EvaluationError) -> [TrialRecord] {
        let splice = index.isSplice
        func key(_ probe: String, _ donor: String?) -> TrialKey {
            TrialKey(probeFileID: probe, donorFileID: splice ? donor : nil)
        }
        var indexed: [TrialKey: Int] = [:]
        indexed.reserveCapacity(index.rows.count)
        for row in index.rows { indexed[key(row.probeFileID, row.donor?.fileID), default: 0] += 1 }
        var outputs: [TrialKey: SystemOutputRow] = [:]
        outputs.reserveCapacity(system.rows.count)
        for row in system.rows { outputs[key(row.probeFileID, row.donorFileID)] = row }
        let minimum = system.minimumScore

        var records: [TrialRecord] = []
        records.reserveCapacity(index.rows.count)
        var firstLine: [TrialKey: Int] = [:]
        firstLine.reserveCapacity(reference.rows.count)
        for row in reference.rows {
            let trialKey = key(row.probeFileID, row.donorFileID)
            if let first = firstLine.updateValue(row.line, forKey: trialKey) {
                throw EvaluationError(
                    code: .duplicateKey, message: "trial \(trialKey) is already listed on line \(first)",
                    file: reference.fileName, line: row.line)
            }
            guard let copies = indexed[trialKey] else { continue }
            let output = outputs[trialKey]
            let score: Double
            if let given = output?.confidenceScore {
                score = given
            } else if missingScores == .exclude {
                continue
            } else if let minimum {
                score = minimum
            } else {
                throw EvaluationError(
                    code: .invalidValue,
                    message: "trial \(trialKey) has no score and the system output has none at all",
                    file: system.fileName)
            }
            let record = TrialRecord(
                key: trialKey,
                isTarget: row.isTarget,
                score: score,
                hasSystemScore: output?.confidenceScore != nil,
                status: output?.status,
                factors: row.factors,
                referenceMaskFileName: row.probeMaskFileName,
                systemMaskFileName: output?.probeMaskFileName,
                optOutPixelValue: output?.probeOptOutPixelValue
            )
            for _ in 0..<copies { records.append(record) }
        }
        return records
    }
}
