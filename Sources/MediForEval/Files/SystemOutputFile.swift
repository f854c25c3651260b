import Foundation

/// One row of a system output CSV.
public struct SystemOutputRow: Hashable, Sendable {
    /// `ProbeFileID`.
    public var probeFileID: String
    /// `DonorFileID`, splice only.
    public var donorFileID: String?
    /// `ConfidenceScore`; `nil` when blank (the missing-score rule then applies).
    public var confidenceScore: Double?
    /// `OutputProbeMaskFileName`, relative to the system file's directory; `nil` when blank.
    public var probeMaskFileName: String?
    /// `OutputDonorMaskFileName`, splice only.
    public var donorMaskFileName: String?
    /// `IsOptOut` or `ProbeStatus`, whichever the file has.
    public var status: ResponseStatus?
    /// `DonorStatus`, splice only.
    public var donorStatus: ProbeStatus?
    /// `ProbeOptOutPixelValue`: the gray level marking unanalysed pixels in the probe mask.
    public var probeOptOutPixelValue: UInt8?
    /// `DonorOptOutPixelValue`.
    public var donorOptOutPixelValue: UInt8?

    /// Creates a row.
    public init(
        probeFileID: String, donorFileID: String? = nil, confidenceScore: Double?, probeMaskFileName: String? = nil,
        donorMaskFileName: String? = nil, status: ResponseStatus? = nil, donorStatus: ProbeStatus? = nil,
        probeOptOutPixelValue: UInt8? = nil, donorOptOutPixelValue: UInt8? = nil
    ) {
        self.probeFileID = probeFileID
        self.donorFileID = donorFileID
        self.confidenceScore = confidenceScore
        self.probeMaskFileName = probeMaskFileName
        self.donorMaskFileName = donorMaskFileName
        self.status = status
        self.donorStatus = donorStatus
        self.probeOptOutPixelValue = probeOptOutPixelValue
        self.donorOptOutPixelValue = donorOptOutPixelValue
    }

    /// The trial key.
    public var key: TrialKey { TrialKey(probeFileID: probeFileID, donorFileID: donorFileID) }
}

/// A system output CSV, older (`IsOptOut`) or newer (`ProbeStatus`, `ProbeOptOutPixelValue`) form, manipulation or
/// splice (`DonorFileID` present). Columns beyond these (a camera or event ID) are ignored.
public struct SystemOutputFile: Hashable, Sendable {
    /// The rows, in file order.
    public var rows: [SystemOutputRow]
    /// The file name used in error messages.
    public var fileName: String

    /// Creates an output from rows.
    public init(rows: [SystemOutputRow], fileName: String = "system.csv") {
        self.rows = rows
        self.fileName = fileName
    }

    /// The smallest confidence score in the file, which MediScore gives to trials without a score.
    public var minimumScore: Double? { rows.compactMap(\.confidenceScore).min() }

    /// Reads a parsed table.
    /// - Throws: ``EvaluationError`` naming the file and line for a missing column, a score that is not a number,
    ///   an unknown status, a gray level outside 0...255, both status columns, or a repeated trial.
    public init(table: PipeTable) throws(EvaluationError) {
        let probe = try table.requiredColumn("ProbeFileID")
        let score = try table.requiredColumn("ConfidenceScore")
        let donor = table.columnIndex("DonorFileID")
        let flag = table.columnIndex("IsOptOut")
        let probeStatus = table.columnIndex("ProbeStatus")
        if flag != nil && probeStatus != nil {
            throw EvaluationError(
                code: .malformedFile, message: "has both IsOptOut and ProbeStatus columns; use one",
                file: table.fileName, line: 1)
        }
        let probeMask = table.columnIndex("OutputProbeMaskFileName")
        let donorMask = table.columnIndex("OutputDonorMaskFileName")
        let donorStatus = table.columnIndex("DonorStatus")
        let probePixel = table.columnIndex("ProbeOptOutPixelValue")
        let donorPixel = table.columnIndex("DonorOptOutPixelValue")
        var rows: [SystemOutputRow] = []
        rows.reserveCapacity(table.rows.count)
        var firstLine: [TrialKey: Int] = [:]
        for row in table.rows {
            var status: ResponseStatus?
            if let value = try table.optionalEnum(flag, named: "IsOptOut", in: row, as: OptOutFlag.self) {
                status = .optOutFlag(value)
            } else if let value = try table.optionalEnum(
                probeStatus, named: "ProbeStatus", in: row, as: ProbeStatus.self)
            {
                status = .probeStatus(value)
            }
            let entry = SystemOutputRow(
                probeFileID: try table.requiredField(probe, named: "ProbeFileID", in: row),
                donorFileID: table.optionalField(donor, in: row),
                confidenceScore: try table.optionalScore(score, named: "ConfidenceScore", in: row),
                probeMaskFileName: table.optionalField(probeMask, in: row),
                donorMaskFileName: table.optionalField(donorMask, in: row),
                status: status,
                donorStatus: try table.optionalEnum(donorStatus, named: "DonorStatus", in: row, as: ProbeStatus.self),
                probeOptOutPixelValue: try table.optionalGrayLevel(probePixel, named: "ProbeOptOutPixelValue", in: row),
                donorOptOutPixelValue: try table.optionalGrayLevel(donorPixel, named: "DonorOptOutPixelValue", in: row)
            )
            if let first = firstLine.updateValue(row.line, forKey: entry.key) {
                throw table.error(.duplicateKey, "trial \(entry.key) already has a row on line \(first)", row: row)
            }
            rows.append(entry)
        }
        self.rows = rows
        self.fileName = table.fileName
    }

    /// Reads and parses a file.
    /// - Throws: As ``PipeTable/init(contentsOf:)`` and ``init(table:)``.
    public init(contentsOf url: URL) throws(EvaluationError) {
        try self.init(table: PipeTable(contentsOf: url))
    }

    /// The output as a table in the newer form: `ProbeFileID|ConfidenceScore|OutputProbeMaskFileName|ProbeStatus|
    /// ProbeOptOutPixelValue`, with `DonorFileID`, `OutputDonorMaskFileName`, `DonorStatus` and
    /// `DonorOptOutPixelValue` for splice. An `IsOptOut` status is written as its `ProbeStatus` equivalent.
    public func table(fileName: String? = nil) -> PipeTable {
        let splice = rows.contains { $0.donorFileID != nil }
        var header =
            splice
            ? ["ProbeFileID", "DonorFileID", "ConfidenceScore", "OutputProbeMaskFileName", "OutputDonorMaskFileName"]
            : ["ProbeFileID", "ConfidenceScore", "OutputProbeMaskFileName"]
        header +=
            splice
            ? ["ProbeStatus", "DonorStatus", "ProbeOptOutPixelValue", "DonorOptOutPixelValue"]
            : ["ProbeStatus", "ProbeOptOutPixelValue"]
        let fields = rows.map { row -> [String] in
            let score = row.confidenceScore.map { "\($0)" } ?? ""
            let status = row.status.map(Self.probeStatus(for:))?.rawValue ?? ""
            let pixel = row.probeOptOutPixelValue.map { "\($0)" } ?? ""
            guard splice else { return [row.probeFileID, score, row.probeMaskFileName ?? "", status, pixel] }
            return [
                row.probeFileID, row.donorFileID ?? "", score, row.probeMaskFileName ?? "", row.donorMaskFileName ?? "",
                status, row.donorStatus?.rawValue ?? "", pixel, row.donorOptOutPixelValue.map { "\($0)" } ?? "",
            ]
        }
        return PipeTable(header: header, rows: fields, fileName: fileName ?? self.fileName)
    }

    /// The `ProbeStatus` that means what an `IsOptOut` flag means.
    static func probeStatus(for status: ResponseStatus) -> ProbeStatus {
        switch status {
        case .probeStatus(let status): status
        case .optOutFlag(.no): .processed
        case .optOutFlag(.yes): .optOutAll
        case .optOutFlag(.localization): .optOutLocalization
        case .optOutFlag(.detection): .optOutDetection
        case .optOutFlag(.failedValidation): .failedValidation
        }
    }
}
