import Foundation

/// One row of an index CSV: a probe (and donor, for splice) to process.
public struct IndexRow: Hashable, Sendable {
    /// `TaskID`, for example `manipulation` or `splice`.
    public var taskID: String
    /// `ProbeFileID`.
    public var probeFileID: String
    /// `ProbeFileName`, relative to the dataset directory.
    public var probeFileName: String
    /// `ProbeWidth` in pixels.
    public var probeWidth: Int
    /// `ProbeHeight` in pixels.
    public var probeHeight: Int
    /// Splice only: the donor columns.
    public var donor: IndexDonor?

    /// Creates a row; pass `donor` for the splice task.
    public init(
        taskID: String, probeFileID: String, probeFileName: String, probeWidth: Int, probeHeight: Int,
        donor: IndexDonor? = nil
    ) {
        self.taskID = taskID
        self.probeFileID = probeFileID
        self.probeFileName = probeFileName
        self.probeWidth = probeWidth
        self.probeHeight = probeHeight
        self.donor = donor
    }

    /// The trial key: the probe, and the donor when there is one.
    public var key: TrialKey { TrialKey(probeFileID: probeFileID, donorFileID: donor?.fileID) }
}

/// The donor columns of a splice index row.
public struct IndexDonor: Hashable, Sendable {
    /// `DonorFileID`.
    public var fileID: String
    /// `DonorFileName`, relative to the dataset directory.
    public var fileName: String
    /// `DonorWidth` in pixels.
    public var width: Int
    /// `DonorHeight` in pixels.
    public var height: Int

    /// Creates donor columns.
    public init(fileID: String, fileName: String, width: Int, height: Int) {
        self.fileID = fileID
        self.fileName = fileName
        self.width = width
        self.height = height
    }
}

/// An index CSV (`TaskID|ProbeFileID|ProbeFileName|ProbeWidth|ProbeHeight`, plus the donor columns for splice).
///
/// MediScore's validator allows no other columns, but its own test-suite indexes carry some (`EventName`,
/// `TrainCamID`), so the reader ignores extra columns rather than refusing the file. A trial listed twice is kept
/// twice: see ``TrialRecord/join(index:reference:system:missingScores:)``.
public struct IndexFile: Hashable, Sendable {
    /// The rows, in file order.
    public var rows: [IndexRow]

    /// Creates an index from rows.
    public init(rows: [IndexRow]) {
        self.rows = rows
    }

    /// Whether this is a splice index (its trials are probe–donor pairs).
    public var isSplice: Bool { rows.contains { $0.donor != nil } }

    /// Reads a parsed table.
    /// - Throws: ``EvaluationError`` naming the file and line for a missing column or a bad number.
    public init(table: PipeTable) throws(EvaluationError) {
        let task = try table.requiredColumn("TaskID")
        let probe = try table.requiredColumn("ProbeFileID")
        let probeName = try table.requiredColumn("ProbeFileName")
        let width = try table.requiredColumn("ProbeWidth")
        let height = try table.requiredColumn("ProbeHeight")
        var donorColumns: (id: Int, name: Int, width: Int, height: Int)?
        if table.columnIndex("DonorFileID") != nil {
            donorColumns = (
                try table.requiredColumn("DonorFileID"), try table.requiredColumn("DonorFileName"),
                try table.requiredColumn("DonorWidth"), try table.requiredColumn("DonorHeight")
            )
        }
        var rows: [IndexRow] = []
        rows.reserveCapacity(table.rows.count)
        for row in table.rows {
            var donor: IndexDonor?
            if let donorColumns {
                donor = IndexDonor(
                    fileID: try table.requiredField(donorColumns.id, named: "DonorFileID", in: row),
                    fileName: try table.requiredField(donorColumns.name, named: "DonorFileName", in: row),
                    width: try table.count(donorColumns.width, named: "DonorWidth", in: row),
                    height: try table.count(donorColumns.height, named: "DonorHeight", in: row)
                )
            }
            let entry = IndexRow(
                taskID: try table.requiredField(task, named: "TaskID", in: row),
                probeFileID: try table.requiredField(probe, named: "ProbeFileID", in: row),
                probeFileName: try table.requiredField(probeName, named: "ProbeFileName", in: row),
                probeWidth: try table.count(width, named: "ProbeWidth", in: row),
                probeHeight: try table.count(height, named: "ProbeHeight", in: row),
                donor: donor
            )
            rows.append(entry)
        }
        self.rows = rows
    }

    /// Reads and parses a file.
    /// - Throws: As ``PipeTable/init(contentsOf:)`` and ``init(table:)``.
    public init(contentsOf url: URL) throws(EvaluationError) {
        try self.init(table: PipeTable(contentsOf: url))
    }

    /// The index as a table in MediScore's column order.
    public func table(fileName: String = "index.csv") -> PipeTable {
        var header = ["TaskID", "ProbeFileID", "ProbeFileName", "ProbeWidth", "ProbeHeight"]
        let splice = isSplice
        if splice { header += ["DonorFileID", "DonorFileName", "DonorWidth", "DonorHeight"] }
        let rows = rows.map { row -> [String] in
            var fields = [row.taskID, row.probeFileID, row.probeFileName, "\(row.probeWidth)", "\(row.probeHeight)"]
            if splice {
                if let donor = row.donor {
                    fields += [donor.fileID, donor.fileName, "\(donor.width)", "\(donor.height)"]
                } else {
                    fields += ["", "", "", ""]
                }
            }
            return fields
        }
        return PipeTable(header: header, rows: rows, fileName: fileName)
    }
}
