import Foundation

/// One row of a reference CSV: ground truth for a probe (or a probe–donor pair) and its factor values.
public struct ReferenceRow: Hashable, Sendable {
    /// `ProbeFileID`.
    public var probeFileID: String
    /// `DonorFileID`, or `nil` when the column is absent or blank.
    public var donorFileID: String?
    /// `IsTarget == Y`.
    public var isTarget: Bool
    /// `ProbeMaskFileName`, relative to the dataset directory; `nil` when blank (non-targets).
    public var probeMaskFileName: String?
    /// `DonorMaskFileName`, splice only.
    public var donorMaskFileName: String?
    /// Every other column's value (blank fields as empty strings), by column name.
    public var factors: [String: String]
    /// The 1-based line of the row in its file.
    public var line: Int

    /// Creates a row.
    public init(
        probeFileID: String, donorFileID: String? = nil, isTarget: Bool, probeMaskFileName: String? = nil,
        donorMaskFileName: String? = nil, factors: [String: String] = [:], line: Int = 0
    ) {
        self.probeFileID = probeFileID
        self.donorFileID = donorFileID
        self.isTarget = isTarget
        self.probeMaskFileName = probeMaskFileName
        self.donorMaskFileName = donorMaskFileName
        self.factors = factors
        self.line = line
    }
}

/// A reference CSV: key columns, `IsTarget` (`Y`/`N`), mask file names, and any number of factor columns.
///
/// Only `ProbeFileID` and `IsTarget` are required; MediScore's references vary in the rest. Factor columns are
/// every column except `TaskID`, the file IDs, the file and mask names, and `IsTarget`.
public struct ReferenceFile: Hashable, Sendable {
    /// Columns that are never factors.
    public static let keyColumns: Set<String> = [
        "TaskID", "ProbeFileID", "ProbeFileName", "ProbeMaskFileName", "DonorFileID", "DonorFileName",
        "DonorMaskFileName", "IsTarget",
    ]

    /// The rows, in file order.
    public var rows: [ReferenceRow]
    /// The factor columns, in file order.
    public var factorColumns: [String]
    /// The file name used in error messages.
    public var fileName: String

    /// Creates a reference from rows.
    public init(rows: [ReferenceRow], factorColumns: [String], fileName: String = "reference.csv") {
        self.rows = rows
        self.factorColumns = factorColumns
        self.fileName = fileName
    }

    /// Reads a parsed table.
    /// - Throws: ``EvaluationError`` naming the file and line for a missing column or an `IsTarget` other than `Y`/`N`.
    public init(table: PipeTable) throws(EvaluationError) {
        let probe = try table.requiredColumn("ProbeFileID")
        let target = try table.requiredColumn("IsTarget")
        let donor = table.columnIndex("DonorFileID")
        let probeMask = table.columnIndex("ProbeMaskFileName")
        let donorMask = table.columnIndex("DonorMaskFileName")
        let factorIndices = table.header.indices.filter { !Self.keyColumns.contains(table.header[$0]) }
        var rows: [ReferenceRow] = []
        rows.reserveCapacity(table.rows.count)
        for row in table.rows {
            let flag = try table.requiredField(target, named: "IsTarget", in: row)
            guard flag == "Y" || flag == "N" else {
                throw table.error(.invalidValue, "IsTarget must be Y or N, got \"\(flag)\"", row: row)
            }
            var factors: [String: String] = [:]
            factors.reserveCapacity(factorIndices.count)
            for index in factorIndices { factors[table.header[index]] = row.fields[index] }
            rows.append(
                ReferenceRow(
                    probeFileID: try table.requiredField(probe, named: "ProbeFileID", in: row),
                    donorFileID: table.optionalField(donor, in: row),
                    isTarget: flag == "Y",
                    probeMaskFileName: table.optionalField(probeMask, in: row),
                    donorMaskFileName: table.optionalField(donorMask, in: row),
                    factors: factors,
                    line: row.line
                )
            )
        }
        self.rows = rows
        self.factorColumns = factorIndices.map { table.header[$0] }
        self.fileName = table.fileName
    }

    /// Reads and parses a file.
    /// - Throws: As ``PipeTable/init(contentsOf:)`` and ``init(table:)``.
    public init(contentsOf url: URL) throws(EvaluationError) {
        try self.init(table: PipeTable(contentsOf: url))
    }
}
