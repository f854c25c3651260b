/// One factor and its value in a partition.
public struct FactorValue: Hashable, Sendable, Codable {
    /// The factor column, for example `Collection`.
    public var name: String
    /// The value; an empty string when the reference left the field blank.
    public var value: String

    /// Creates a factor value.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// The detection summary of one cell of a factor partition.
public struct DetectionPartition: Hashable, Sendable, Codable {
    /// The cell: one value per partitioning factor, in the order the factors were given.
    public var factors: [FactorValue]
    /// The cell's summary. Its TRR is relative to the cell's own trials (MediScore divides by all trials).
    public var summary: DetectionSummary
    /// Whether the cell holds the targets with these values against every non-target (MediScore's `-qm`), rather
    /// than the targets and non-targets with these values (`-qp`).
    public var comparesWithAllNonTargets: Bool = false
}

extension DetectionScorer {
    /// Splits the trials by the values of the given factor columns and summarises each cell, like MediScore's `-qp`
    /// with every value of every factor: one row per combination that occurs.
    ///
    /// Cells are ordered by their values; within a cell the trials keep their order, so bootstrap intervals are
    /// reproducible. A trial without a factor counts as having the empty value. Work is linear in the trials plus
    /// a sort of the distinct cells.
    /// - Throws: As ``metrics(of:)``.
    public func partitions(
        of records: [TrialRecord], by factors: [String]
    ) throws(EvaluationError) -> [DetectionPartition] {
        var cells: [[String]: [TrialRecord]] = [:]
        for record in records {
            let values = factors.map { record.factors[$0] ?? "" }
            cells[values, default: []].append(record)
        }
        let ordered = cells.keys.sorted { $0.lexicographicallyPrecedes($1) }
        var rows: [DetectionPartition] = []
        rows.reserveCapacity(ordered.count)
        for values in ordered {
            let summary = try summary(of: cells[values] ?? [])
            let named = zip(factors, values).map { FactorValue(name: $0, value: $1) }
            rows.append(DetectionPartition(factors: named, summary: summary))
        }
        return rows
    }
}
