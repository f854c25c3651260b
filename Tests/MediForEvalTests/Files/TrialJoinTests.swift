import MediForEval
import Testing

@Suite("joining index, reference and system output")
struct TrialJoinTests {
    static func files(index ids: [String]) throws -> (IndexFile, ReferenceFile, SystemOutputFile) {
        let index = IndexFile(
            rows: ids.map {
                IndexRow(
                    taskID: "manipulation", probeFileID: $0, probeFileName: "\($0).jpg", probeWidth: 8, probeHeight: 8)
            })
        let reference = try ReferenceFile(
            table: PipeTable(
                parsing:
                    "ProbeFileID|IsTarget|ProbeMaskFileName|Op\nc|N||none\na|Y|a-mask.png|splice\n"
                    + "b|Y|b-mask.png|clone\nz|N||none\n",
                fileName: "ref.csv"))
        let system = try SystemOutputFile(
            table: PipeTable(
                parsing: "ProbeFileID|ConfidenceScore|OutputProbeMaskFileName|ProbeStatus|ProbeOptOutPixelValue\n"
                    + "a|0.8|m/a.png|Processed|255\nb||m/b.png|NonProcessed|\nc|0.3|||\nx|0.05|||\n",
                fileName: "sys.csv"))
        return (index, reference, system)
    }

    @Test("trials follow the reference order, only those indexed, with factors, masks and status")
    func join() throws {
        let (index, reference, system) = try Self.files(index: ["a", "b", "c"])
        let records = try TrialRecord.join(index: index, reference: reference, system: system)
        #expect(records.map(\.key.probeFileID) == ["c", "a", "b"])  // z is not indexed
        #expect(records.map(\.isTarget) == [false, true, true])
        #expect(records[1].factors == ["Op": "splice"])
        #expect(records[1].referenceMaskFileName == "a-mask.png")
        #expect(records[1].systemMaskFileName == "m/a.png")
        #expect(records[1].optOutPixelValue == 255)
        #expect(records[2].status == .probeStatus(.nonProcessed))
    }

    @Test("a missing score gets the smallest score in the system output, including rows not indexed")
    func missingScoreMinimum() throws {
        let (index, reference, system) = try Self.files(index: ["a", "b", "c"])
        let records = try TrialRecord.join(index: index, reference: reference, system: system)
        // b has a blank score; the smallest score in sys.csv is x's 0.05.
        #expect(records[2].score == 0.05)
        #expect(records[2].hasSystemScore == false)
        #expect(records[0].hasSystemScore)
    }

    @Test("with the exclude policy a trial without a score is dropped, as MediScore's released code does")
    func missingScoreExcluded() throws {
        let (index, reference, system) = try Self.files(index: ["a", "b", "c", "z"])
        let records = try TrialRecord.join(index: index, reference: reference, system: system, missingScores: .exclude)
        // b (blank score) and z (no system row) are dropped.
        #expect(records.map(\.key.probeFileID) == ["c", "a"])
    }

    @Test("a trial listed twice in the index is scored twice, as MediScore's inner join does")
    func duplicatedIndexRow() throws {
        let (index, reference, system) = try Self.files(index: ["a", "c", "a"])
        let records = try TrialRecord.join(index: index, reference: reference, system: system)
        #expect(records.map(\.key.probeFileID) == ["c", "a", "a"])
    }

    @Test("a system output without any score cannot fill a missing one")
    func noScoresAtAll() throws {
        let (index, reference, _) = try Self.files(index: ["a"])
        let empty = SystemOutputFile(
            rows: [SystemOutputRow(probeFileID: "a", confidenceScore: nil)], fileName: "sys.csv")
        #expect {
            try TrialRecord.join(index: index, reference: reference, system: empty)
        } throws: { ($0 as? EvaluationError)?.code == .invalidValue && ($0 as? EvaluationError)?.file == "sys.csv" }
    }
}
