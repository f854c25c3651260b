import Foundation

/// One target probe with a reference mask.
private struct MaskJob: Sendable {
    var key: TrialKey
    var referenceURL: URL
    var referenceLine: Int
    var width: Int?
    var height: Int?
}

extension DatasetScorer {
    /// Localization summaries, one per system in order, over the dataset's target probes with a reference mask.
    func scoreMasks(
        dataset: EvaluationDataset, systems: [LoadedSystem], configuration masks: MaskScorer.Configuration
    ) throws(EvaluationError) -> [LocalizationSummary] {
        let sizes = Dictionary(
            dataset.index.rows.map { ($0.probeFileID, ($0.probeWidth, $0.probeHeight)) },
            uniquingKeysWith: { first, _ in first })
        let splice = dataset.index.isSplice
        let jobs = dataset.indexedReferenceRows.compactMap { row -> MaskJob? in
            guard row.isTarget, let mask = row.probeMaskFileName else { return nil }
            let size = sizes[row.probeFileID]
            return MaskJob(
                key: TrialKey(probeFileID: row.probeFileID, donorFileID: splice ? row.donorFileID : nil),
                referenceURL: dataset.url(forDatasetPath: mask), referenceLine: row.line, width: size?.0,
                height: size?.1)
        }
        let referenceFile = dataset.reference.fileName
        let perProbe = try ConcurrentWork.map(count: jobs.count, workers: configuration.concurrency) {
            (index) throws(EvaluationError) in
            try scoreProbe(jobs[index], systems: systems, masks: masks, referenceFile: referenceFile)
        }
        let response: SystemResponse = self.configuration.detection.appliesOptOut ? .trialResponse : .all
        return systems.indices.map { system in
            LocalizationSummary(
                scores: perProbe.compactMap { $0[system] }, totalProbes: jobs.count, systemResponse: response)
        }
    }

    /// Scores one probe's masks for every system; `nil` for a system that opted out of it.
    private func scoreProbe(
        _ job: MaskJob, systems: [LoadedSystem], masks: MaskScorer.Configuration, referenceFile: String
    ) throws(EvaluationError) -> [MaskScore?] {
        let reference = try mask(at: job.referenceURL, file: referenceFile, line: job.referenceLine)
        if let width = job.width, let height = job.height, width != reference.width || height != reference.height {
            throw EvaluationError(
                code: .sizeMismatch,
                message: "reference mask \(job.referenceURL.path) is \(reference.width)x\(reference.height), "
                    + "but the index gives the probe as \(width)x\(height)",
                file: referenceFile, line: job.referenceLine)
        }
        let scaled =
            configuration.kernelScaling?.configuration(masks, width: reference.width, height: reference.height)
            ?? masks
        let scorer = MaskScorer(configuration: scaled)
        let applyingOptOut = configuration.detection.appliesOptOut
        var scores: [MaskScore?] = []
        scores.reserveCapacity(systems.count)
        for system in systems {
            guard let record = system.recordsByKey[job.key],
                record.isScoredForLocalization(applyingOptOut: applyingOptOut)
            else {
                scores.append(nil)
                continue
            }
            let line = system.lines[job.key]
            let score: MaskScore
            if let path = record.systemMaskFileName, record.status?.scoresAsBlankMask != true {
                let url = system.maskURL(path)
                let plane = try mask(at: url, file: system.fileURL.path, line: line)
                guard plane.width == reference.width, plane.height == reference.height else {
                    throw EvaluationError(
                        code: .sizeMismatch,
                        message: "mask \(path) is \(plane.width)x\(plane.height), but the reference mask of "
                            + "\(job.key) is \(reference.width)x\(reference.height)",
                        file: system.fileURL.path, line: line)
                }
                score = try scorer.score(reference: reference, system: plane, optOutPixelValue: record.optOutPixelValue)
            } else {
                score = try scorer.scoreBlank(reference: reference)
            }
            scores.append(score.withoutPixelFlags())
        }
        return scores
    }

    /// Loads a mask with the caller's loader; a failure names the CSV line that gave the path.
    private func mask(at url: URL, file: String, line: Int?) throws(EvaluationError) -> MaskPlane {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw EvaluationError(
                code: .unreadableFile, message: "mask \(url.path) does not exist", file: file, line: line)
        }
        do {
            return try loadMask(url)
        } catch let error as EvaluationError {
            throw EvaluationError(
                code: error.code, message: "mask \(url.path): \(error.message)", file: file, line: line)
        } catch {
            throw EvaluationError(
                code: .unreadableFile, message: "cannot read mask \(url.path): \(error)", file: file, line: line)
        }
    }
}

extension MaskScore {
    /// The score without the zone's per-pixel flags: the counts and sweep are all an aggregate needs, and a dataset
    /// keeps one score per probe and system.
    func withoutPixelFlags() -> MaskScore {
        var copy = self
        copy.zone = NoScoreZone(countsOf: zone)
        return copy
    }
}

extension NoScoreZone {
    /// The counts of `zone` with an empty ``flags`` array; only for scores that are aggregated, never shown.
    init(countsOf zone: NoScoreZone) {
        width = zone.width
        height = zone.height
        flags = []
        boundaryPixelCount = zone.boundaryPixelCount
        pixelNoScoreCount = zone.pixelNoScoreCount
        scoredPixelCount = zone.scoredPixelCount
    }
}
