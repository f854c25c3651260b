extension DetectionScorer {
    /// Splits the trials by the values of one factor the way a reader expects for that factor.
    ///
    /// - When some value occurs among both targets and non-targets (a quality, a format, a collection), each cell
    ///   holds the targets and non-targets with that value: MediScore's `-qp`, as ``partitions(of:by:)``.
    /// - When no value is shared (an operation type, which non-targets lack or mark `none`), the non-targets would
    ///   otherwise form cells without targets and the target cells would have no non-targets, so every metric
    ///   would be undefined. Each target value then gets a cell of those targets against every non-target:
    ///   MediScore's `-qm`. Such cells are marked ``DetectionPartition/comparesWithAllNonTargets``.
    ///
    /// - Throws: As ``metrics(of:)``.
    public func factorPartition(of records: [TrialRecord], by factor: String) throws(EvaluationError)
        -> [DetectionPartition]
    {
        var targetValues = Set<String>()
        var nonTargetValues = Set<String>()
        for record in records {
            let value = record.factors[factor] ?? ""
            if record.isTarget { targetValues.insert(value) } else { nonTargetValues.insert(value) }
        }
        guard targetValues.isDisjoint(with: nonTargetValues), !nonTargetValues.isEmpty else {
            return try partitions(of: records, by: [factor])
        }
        let nonTargets = records.filter { !$0.isTarget }
        var byValue: [String: [TrialRecord]] = [:]
        for record in records where record.isTarget {
            byValue[record.factors[factor] ?? "", default: []].append(record)
        }
        var cells: [DetectionPartition] = []
        cells.reserveCapacity(byValue.count)
        for value in byValue.keys.sorted() {
            // Targets first, then non-targets, each in their original order: reproducible resamples.
            let summary = try summary(of: (byValue[value] ?? []) + nonTargets)
            cells.append(
                DetectionPartition(
                    factors: [FactorValue(name: factor, value: value)], summary: summary,
                    comparesWithAllNonTargets: true))
        }
        return cells
    }
}
