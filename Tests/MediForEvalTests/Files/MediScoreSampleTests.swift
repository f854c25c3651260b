import MediForEval
import Testing

/// NIST MediScore's own detection check cases on its 7-probe sample data
/// (`data/test_suite/detectionScorerTests/sample/`), inlined. Each expected row is the second line of MediScore's
/// `checkfiles/<case>/<case>_all_report.csv`, compared field for field after the same rounding.
@Suite("MediScore sample check files")
struct MediScoreSampleTests {
    static let index = """
        TaskID|ProbeFileID|ProbeFileName|ProbeWidth|ProbeHeight
        Manipulation|F18|F18.jpg|100|100
        Manipulation|F166|F166.jpg|100|100
        Manipulation|F165|F165.jpg|100|100
        Manipulation|F86|F86.jpg|100|100
        Manipulation|F87|F87.jpg|100|100
        Manipulation|F88|F88.jpg|100|100
        Manipulation|F172|F172.jpg|100|100
        """

    static let reference = """
        TaskID|ProbeFileID|ProbeFileName|ProbeMaskFileName|DonorFileID|DonorFileName|DonorMaskFileName|IsTarget|ProbePostProcessed|DonorPostProcessed|ManipulationQuality|IsManipulationTypeRemoval|IsManipulationTypeSplice|IsManipulationTypeCopyClone|Collection|BaseFileName|Lighting|IsControl|CorrespondingControlFileName|SemanticConsistency
        Manipulation|F18|F18.jpg|F18-mask.png||||Y|none|none||FALSE|FALSE|FALSE|Nimble-SCI|F18.jpg|same|FALSE|F18.jpg|
        Manipulation|F166|F166.jpg|F166-mask.png||||N|none|none||FALSE|FALSE|FALSE|Nimble-SCI|F166.jpg|same|FALSE|F166.jpg|
        Manipulation|F165|F165.jpg|F165-mask.png||||N|none|none||FALSE|FALSE|FALSE|Nimble-SCI|F165.jpg|same|FALSE|F165.jpg|
        Manipulation|F86|F86.jpg|F86-mask.png||||Y|none|none||FALSE|FALSE|FALSE|Nimble-SCI|F86.jpg|same|FALSE|F86.jpg|
        Manipulation|F87|F87.jpg|F87-mask.png||||N|none|none||FALSE|FALSE|FALSE|Nimble-SCI|F87.jpg|same|FALSE|F87.jpg|
        Manipulation|F88|F88.jpg|F88-mask.png||||Y|none|none||FALSE|FALSE|FALSE|Nimble-SCI|F88.jpg|same|FALSE|F88.jpg|
        Manipulation|F172|F172.jpg|F172-mask.png||||Y|none|none||FALSE|FALSE|FALSE|Nimble-SCI|F172.jpg|same|FALSE|F172.jpg|
        """

    /// `D_NC2016_Manipulation_ImgOnly_p-me_{1,2,3,4}.csv`, every field quoted as in the originals.
    static func system(scores: [String], statusColumn: String, statuses: [String]) -> String {
        let ids = ["F18", "F166", "F165", "F86", "F87", "F88", "F172"]
        var lines = ["\"ProbeFileID\"|\"ConfidenceScore\"|\"OutputProbeMaskFileName\"|\"\(statusColumn)\""]
        for index in ids.indices {
            lines.append("\"\(ids[index])\"|\(scores[index])|\"mask/\(ids[index])-mask.png\"|\"\(statuses[index])\"")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static let meScores = ["0.034", "0.021", "0.021", "0.016", "0.016", "0.016", "0.015"]

    static let cases: [(name: String, system: String, optOut: Bool, expected: String)] = [
        (
            "test_c2_1", system(scores: meScores, statusColumn: "IsOptOut", statuses: Array(repeating: "Y", count: 7)),
            false, "1.0|all|0.333333|0.708333|0.1|0|0.25|0.9|0|0|0|0|0|0"
        ),
        (
            "test_c2_3",
            system(
                scores: Array(repeating: "0.016", count: 7), statusColumn: "IsOptOut",
                statuses: Array(repeating: "Y", count: 7)),
            false, "1.0|all|0.5|0.5|0.1|0|0.1|0.9|0|0|0|0|0|0"
        ),
        (
            "test_c2_6",
            system(scores: meScores, statusColumn: "IsOptOut", statuses: ["N", "N", "N", "Y", "N", "N", "N"]),
            true, "0.86|tr|0.388889|0.666667|0.1|0|0.333333|0.9|0|0|0|0|0|0"
        ),
        (
            "test_c2_8",
            system(
                scores: meScores, statusColumn: "ProbeStatus",
                statuses: [
                    "Processed", "NonProcessed", "OptOutAll", "OptOutDetection", "OptOutAll", "Processed",
                    "OptOutLocalization",
                ]),
            true, "0.57|tr|0.333333|0.833333|0.1|0|0.333333|0.9|0|0|0|0|0|0"
        ),
    ]

    @Test("our report row equals MediScore's check file", arguments: cases.indices)
    func checkFile(caseIndex: Int) throws {
        let check = Self.cases[caseIndex]
        let index = try IndexFile(table: PipeTable(parsing: Self.index, fileName: "NC2016-manipulation-index.csv"))
        let reference = try ReferenceFile(
            table: PipeTable(parsing: Self.reference, fileName: "NC2016-manipulation-ref.csv"))
        let system = try SystemOutputFile(table: PipeTable(parsing: check.system, fileName: "\(check.name).csv"))
        let records = try TrialRecord.join(index: index, reference: reference, system: system)
        let summary = try DetectionScorer(configuration: .init(appliesOptOut: check.optOut)).summary(of: records)
        let report = summary.mediScoreReport()
        #expect(report.header == DetectionSummary.mediScoreReportHeader)
        #expect(report.rows.first?.fields.joined(separator: "|") == check.expected, "\(check.name)")
    }

    @Test("reference factor columns are everything but keys, names and IsTarget")
    func factors() throws {
        let reference = try ReferenceFile(table: PipeTable(parsing: Self.reference, fileName: "ref.csv"))
        #expect(reference.factorColumns.first == "ProbePostProcessed")
        #expect(reference.factorColumns.count == 12)
        #expect(reference.rows[0].factors["Collection"] == "Nimble-SCI")
        #expect(reference.rows[0].factors["ManipulationQuality"] == "")
        #expect(reference.rows[0].probeMaskFileName == "F18-mask.png")
        #expect(reference.rows[0].donorFileID == nil)
    }
}
