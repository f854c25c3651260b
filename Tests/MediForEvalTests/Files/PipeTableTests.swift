import MediForEval
import Testing

@Suite("pipe-separated tables")
struct PipeTableTests {
    @Test("quoted and unquoted fields, escaped quotes, empty fields, CRLF, BOM and blank lines")
    func parsing() throws {
        let text = "\u{FEFF}\"A\"|B|\"C\"\r\n\"x|y\"||\"say \"\"hi\"\"\"\r\n\r\n1|2|\n"
        let table = try PipeTable(parsing: text, fileName: "t.csv")
        #expect(table.header == ["A", "B", "C"])
        #expect(table.rows.map(\.fields) == [["x|y", "", "say \"hi\""], ["1", "2", ""]])
        #expect(table.rows.map(\.line) == [2, 4])
    }

    @Test("rendering quotes only what needs it, and parses back to the same table")
    func roundTrip() throws {
        let table = PipeTable(
            header: ["ProbeFileID", "Note"], rows: [["p1", "a|b"], ["p2", "he said \"no\""], ["p3", ""]])
        let text = table.rendered()
        #expect(text == "ProbeFileID|Note\np1|\"a|b\"\np2|\"he said \"\"no\"\"\"\np3|\n")
        let parsed = try PipeTable(parsing: text, fileName: "t.csv")
        #expect(parsed.header == table.header)
        #expect(parsed.rows.map(\.fields) == table.rows.map(\.fields))
    }

    static let malformed: [(name: String, text: String, line: Int, fragment: String)] = [
        ("empty file", "", 0, "empty"),
        ("unterminated quote", "A|B\n\"x|y\n", 2, "unterminated"),
        ("text after a closing quote", "A|B\n\"x\"y|z\n", 2, "after the closing quote"),
        // MediScore's own broken sample, D_NC2017_Manipulation_ImgOnly_c-me_3_empty.
        (
            "MediScore's malformed header",
            "\"ProbeFileID|\"ConfidenceScore|\"OutputProbeMaskFileName\"|\"IsOptOut\"\n", 1, "after the closing quote"
        ),
        ("too few fields", "A|B|C\n1|2|3\n1|2\n", 3, "expected 3 fields"),
        ("too many fields", "A|B\n1|2|3\n", 2, "found 3"),
        ("repeated column", "A|B|A\n", 1, "appears twice"),
    ]

    @Test("malformed text fails with the file, the line and the reason", arguments: malformed.indices)
    func malformedText(caseIndex: Int) {
        let bad = Self.malformed[caseIndex]
        #expect {
            try PipeTable(parsing: bad.text, fileName: "sys.csv")
        } throws: { error in
            guard let error = error as? EvaluationError else { return false }
            let lineMatches = bad.line == 0 ? error.line == nil : error.line == bad.line
            return error.code == .malformedFile && error.file == "sys.csv" && lineMatches
                && error.message.contains(bad.fragment)
        }
    }

    @Test("the description reads file:line: message")
    func description() {
        let error = EvaluationError(code: .invalidValue, message: "bad", file: "ref.csv", line: 7)
        #expect(error.description == "ref.csv:7: bad")
    }
}

@Suite("MediScore file readers")
struct MediScoreFileTests {
    static func reading<T>(_ text: String, _ make: (PipeTable) throws(EvaluationError) -> T) throws -> T {
        try make(PipeTable(parsing: text, fileName: "f.csv"))
    }

    static let invalid:
        [(name: String, kind: String, text: String, line: Int?, code: EvaluationError.Code, fragment: String)] = [
            (
                "index without ProbeWidth", "index", "TaskID|ProbeFileID|ProbeFileName|ProbeHeight\nm|p|p.jpg|10\n", 1,
                .missingColumn, "ProbeWidth"
            ),
            (
                "index width not a number", "index",
                "TaskID|ProbeFileID|ProbeFileName|ProbeWidth|ProbeHeight\nm|p|p.jpg|wide|10\n", 2, .invalidValue,
                "\"wide\""
            ),
            (
                "reference IsTarget yes", "reference", "ProbeFileID|IsTarget\np1|Y\np2|yes\n", 3, .invalidValue,
                "IsTarget must be Y or N"
            ),
            (
                "reference without IsTarget", "reference", "ProbeFileID|Collection\np1|x\n", 1, .missingColumn,
                "IsTarget"
            ),
            ("reference key twice", "join", "ProbeFileID|IsTarget\np1|Y\np1|N\n", 3, .duplicateKey, "line 2"),
            (
                "system score not a number", "system", "ProbeFileID|ConfidenceScore\np1|0.5\np2|high\n", 3,
                .invalidValue, "ConfidenceScore"
            ),
            (
                "system score NaN", "system", "ProbeFileID|ConfidenceScore\np1|nan\n", 2, .invalidValue,
                "ConfidenceScore"
            ),
            (
                "unknown ProbeStatus", "system", "ProbeFileID|ConfidenceScore|ProbeStatus\np1|0.5|Done\n", 2,
                .invalidValue, "Processed, NonProcessed"
            ),
            (
                "unknown IsOptOut", "system", "ProbeFileID|ConfidenceScore|IsOptOut\np1|0.5|maybe\n", 2, .invalidValue,
                "IsOptOut"
            ),
            (
                "opt-out pixel 300", "system",
                "ProbeFileID|ConfidenceScore|ProbeStatus|ProbeOptOutPixelValue\np1|0.5|Processed|300\n", 2,
                .invalidValue, "0...255"
            ),
            (
                "both status columns", "system", "ProbeFileID|ConfidenceScore|IsOptOut|ProbeStatus\n", 1,
                .malformedFile, "both"
            ),
            (
                "system trial twice", "system", "ProbeFileID|ConfidenceScore\np1|0.5\np1|0.7\n", 3, .duplicateKey,
                "line 2"
            ),
            (
                "system without ConfidenceScore", "system", "ProbeFileID|Score\np1|0.5\n", 1, .missingColumn,
                "ConfidenceScore"
            ),
        ]

    @Test("invalid files fail with the file, line and a message naming the problem", arguments: invalid.indices)
    func invalidFiles(caseIndex: Int) {
        let bad = Self.invalid[caseIndex]
        #expect {
            let table = try PipeTable(parsing: bad.text, fileName: "f.csv")
            switch bad.kind {
            case "index": _ = try IndexFile(table: table)
            case "reference": _ = try ReferenceFile(table: table)
            case "system": _ = try SystemOutputFile(table: table)
            default:
                let index = IndexFile(rows: [
                    IndexRow(taskID: "m", probeFileID: "p1", probeFileName: "p1.jpg", probeWidth: 1, probeHeight: 1)
                ])
                _ = try TrialRecord.join(
                    index: index, reference: ReferenceFile(table: table),
                    system: SystemOutputFile(rows: [SystemOutputRow(probeFileID: "p1", confidenceScore: 1)]))
            }
        } throws: { error in
            guard let error = error as? EvaluationError else { return false }
            return error.code == bad.code && error.file == "f.csv" && error.line == bad.line
                && error.message.contains(bad.fragment)
        }
    }

    @Test("system output: statuses, opt-out pixel values, blank scores and extra columns")
    func systemOutput() throws {
        let system = try Self.reading(
            "ProbeFileID|TrainCamID|ConfidenceScore|OutputProbeMaskFileName|ProbeStatus|ProbeOptOutPixelValue\n"
                + "p1|cam|0.25|mask/p1.png|Processed|255\np2|cam||| NonProcessed |\n",
            SystemOutputFile.init(table:))
        #expect(
            system.rows[0]
                == SystemOutputRow(
                    probeFileID: "p1", confidenceScore: 0.25, probeMaskFileName: "mask/p1.png",
                    status: .probeStatus(.processed),
                    probeOptOutPixelValue: 255))
        #expect(system.rows[1].confidenceScore == nil)
        #expect(system.rows[1].status == .probeStatus(.nonProcessed))
        #expect(system.rows[1].probeMaskFileName == nil)
        #expect(system.minimumScore == 0.25)
    }

    @Test("a system output written in the newer form reads back unchanged")
    func systemRoundTrip() throws {
        let original = SystemOutputFile(rows: [
            SystemOutputRow(
                probeFileID: "p1", confidenceScore: 0.125, probeMaskFileName: "m/p1.png",
                status: .probeStatus(.processed), probeOptOutPixelValue: 255),
            SystemOutputRow(probeFileID: "p2", confidenceScore: nil, status: .probeStatus(.nonProcessed)),
            SystemOutputRow(probeFileID: "p3", confidenceScore: 1e-7, status: .probeStatus(.optOutLocalization)),
        ])
        let text = original.table().rendered()
        #expect(
            text.hasPrefix("ProbeFileID|ConfidenceScore|OutputProbeMaskFileName|ProbeStatus|ProbeOptOutPixelValue\n"))
        let parsed = try Self.reading(text, SystemOutputFile.init(table:))
        #expect(parsed.rows == original.rows)
    }

    @Test("IsOptOut flags are written as their ProbeStatus equivalents")
    func flagsAsStatus() throws {
        let flags: [OptOutFlag] = [.no, .yes, .localization, .detection, .failedValidation]
        let rows = flags.enumerated().map {
            SystemOutputRow(probeFileID: "p\($0.offset)", confidenceScore: 0.5, status: .optOutFlag($0.element))
        }
        let table = SystemOutputFile(rows: rows).table()
        let column = try #require(table.columnIndex("ProbeStatus"))
        #expect(
            table.rows.map { $0.fields[column] } == [
                "Processed", "OptOutAll", "OptOutLocalization", "OptOutDetection", "FailedValidation",
            ])
    }

    @Test("splice index and system: trials are probe–donor pairs")
    func splice() throws {
        let index = try Self.reading(
            "TaskID|ProbeFileID|ProbeFileName|ProbeWidth|ProbeHeight|DonorFileID|DonorFileName|DonorWidth|DonorHeight\n"
                + "splice|p1|p1.jpg|10|10|d1|d1.jpg|5|5\nsplice|p1|p1.jpg|10|10|d2|d2.jpg|5|5\n",
            IndexFile.init(table:))
        #expect(index.isSplice)
        let reference = try Self.reading(
            "ProbeFileID|DonorFileID|IsTarget\np1|d1|Y\np1|d2|N\n", ReferenceFile.init(table:))
        let system = try Self.reading(
            "ProbeFileID|DonorFileID|ConfidenceScore|OutputProbeMaskFileName|OutputDonorMaskFileName|IsOptOut\n"
                + "p1|d2|0.2|||N\np1|d1|0.9|||N\n",
            SystemOutputFile.init(table:))
        let records = try TrialRecord.join(index: index, reference: reference, system: system)
        #expect(
            records.map(\.key) == [
                TrialKey(probeFileID: "p1", donorFileID: "d1"), TrialKey(probeFileID: "p1", donorFileID: "d2"),
            ])
        #expect(records.map(\.score) == [0.9, 0.2])
        #expect(index.table().rendered().hasSuffix("splice|p1|p1.jpg|10|10|d2|d2.jpg|5|5\n"))
    }
}
