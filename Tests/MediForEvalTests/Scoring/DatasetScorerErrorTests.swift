import Foundation
import MediForEval
import Testing

@Suite("dataset scorer errors")
struct DatasetScorerErrorTests {
    static func error(_ body: () throws -> Void) -> EvaluationError? {
        do {
            try body()
            return nil
        } catch let error as EvaluationError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    static let allRows = ScoringFixture.targets + ScoringFixture.nonTargets

    @Test("a system without a row for some trials is refused, naming the file and the trials")
    func missingRows() throws {
        let fixture = try ScoringFixture()
        defer { fixture.remove() }
        let url = try fixture.writeSystem(
            "partial", rows: Self.allRows.filter { $0 != "n2" && $0 != "t3" }.map { ($0, 0.5, "Processed", nil) })
        let error = Self.error {
            _ = try DatasetScorerTests.scorer().score(dataset: fixture.dataset(), systems: [.init(name: "p", url: url)])
        }
        #expect(error?.file == url.path)
        #expect(error?.message.contains("no row for 2 of 6") == true)
        #expect(error?.message.contains("t3, n2") == true)
        // MediScore's rule instead: the missing trials get the smallest score.
        var configuration = DatasetScorerTests.configuration
        configuration.missingRows = .minimumScore
        let report = try DatasetScorerTests.scorer(configuration).score(
            dataset: fixture.dataset(), systems: [.init(name: "p", url: url)])
        #expect(report.systems[0].detection.totalTrials == 6)
    }

    @Test("a system mask of the wrong size names the CSV line that lists it")
    func sizeMismatch() throws {
        let fixture = try ScoringFixture()
        defer { fixture.remove() }
        let small = [UInt8](repeating: 255, count: 10 * 8)
        let url = try fixture.writeSystem(
            "small", rows: Self.allRows.map { ($0, 0.5, "Processed", $0 == "t2" ? small : nil) }, maskSize: (10, 8))
        let error = Self.error {
            _ = try DatasetScorerTests.scorer().score(dataset: fixture.dataset(), systems: [.init(name: "s", url: url)])
        }
        #expect(error?.code == .sizeMismatch)
        #expect(error?.file == url.path)
        #expect(error?.line == 3)
        #expect(error?.description.contains("mask/t2.pgm is 10x8") == true)
    }

    @Test("a missing mask file and a malformed row are reported with file and line")
    func badFiles() throws {
        let fixture = try ScoringFixture()
        defer { fixture.remove() }
        let url = try fixture.writeSystem("gone", rows: Self.allRows.map { ($0, 0.5, "Processed", nil) })
        var text = try String(contentsOf: url, encoding: .utf8)
        text = text.replacingOccurrences(of: "t1|0.5||Processed", with: "t1|0.5|mask/none.png|Processed")
        try text.write(to: url, atomically: true, encoding: .utf8)
        let missing = Self.error {
            _ = try DatasetScorerTests.scorer().score(dataset: fixture.dataset(), systems: [.init(name: "g", url: url)])
        }
        #expect(missing?.file == url.path && missing?.line == 2)
        #expect(missing?.message.contains("none.png does not exist") == true)

        try (text + "n9|high||Processed\n").write(to: url, atomically: true, encoding: .utf8)
        let malformed = Self.error {
            _ = try DatasetScorerTests.scorer().score(dataset: fixture.dataset(), systems: [.init(name: "g", url: url)])
        }
        #expect(malformed?.file == url.path && malformed?.line == 8)
        #expect(malformed?.message.contains("ConfidenceScore must be a number") == true)
    }

    @Test("unknown factors, missing files, duplicate names and index trials without reference rows are refused")
    func configurationErrors() throws {
        let fixture = try ScoringFixture()
        defer { fixture.remove() }
        let truth = try fixture.writeGroundTruthSystem()
        var configuration = DatasetScorerTests.configuration
        configuration.factors = ["Operation", "Lighting"]
        let factor = Self.error {
            _ = try DatasetScorerTests.scorer(configuration).score(
                dataset: fixture.dataset(), systems: [.init(name: "t", url: truth)])
        }
        #expect(factor?.code == .missingColumn)
        #expect(factor?.message.contains("\"Lighting\"; the factors are Operation, Q, HostID, Constant") == true)

        let absent = fixture.directory.appendingPathComponent("nowhere.csv")
        let noFile = Self.error {
            _ = try DatasetScorerTests.scorer().score(
                dataset: fixture.dataset(), systems: [.init(name: "x", url: absent)])
        }
        #expect(noFile?.file == absent.path)

        let twice = Self.error {
            _ = try DatasetScorerTests.scorer().score(
                dataset: fixture.dataset(), systems: [.init(name: "same", url: truth), .init(name: "same", url: truth)])
        }
        #expect(twice?.code == .invalidConfiguration)

        let indexURL = fixture.directory.appendingPathComponent("index.csv")
        let index = try String(contentsOf: indexURL, encoding: .utf8)
        try (index + "manipulation|extra|probe/extra.jpg|40|32\n").write(
            to: indexURL, atomically: true, encoding: .utf8)
        let unreferenced = Self.error { _ = try fixture.dataset() }
        #expect(unreferenced?.file == indexURL.path)
        #expect(unreferenced?.message.contains("extra") == true)
    }

    @Test("kernel scaling keeps MediScore's sizes for large images and shrinks them, odd, for small ones")
    func kernelScaling() throws {
        let scaling = KernelScaling()
        #expect(scaling.kernelSize(15, width: 2000, height: 1500) == 15)
        #expect(scaling.kernelSize(15, width: 1024, height: 768) == 11)
        #expect(scaling.kernelSize(11, width: 1024, height: 768) == 9)
        #expect(scaling.kernelSize(15, width: 512, height: 384) == 5)
        #expect(scaling.kernelSize(11, width: 256, height: 256) == 3)
        #expect(scaling.kernelSize(15, width: 40, height: 32) == 3)
        #expect(scaling.kernelSize(0, width: 40, height: 32) == 0)
        #expect(scaling.kernelSize(1, width: 40, height: 32) == 1)
        let scaled = scaling.configuration(MaskScorer.Configuration(), width: 512, height: 512)
        #expect(scaled.erosionKernelSize == 7 && scaled.dilationKernelSize == 5)
        #expect(throws: EvaluationError.self) { try KernelScaling(minimumKernelSize: 2).validate() }
    }
}
