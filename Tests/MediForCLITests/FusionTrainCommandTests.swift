import ArgumentParser
import Foundation
import MediForAnalytics
import MediForBenchmark
import MediForTestSupport
import Testing

@testable import MediForCLI

@Suite("medifor fusion train")
struct FusionTrainCommandTests {
    /// A small generated benchmark (6 host photos, 3 targets per operation) in a new temporary folder.
    static func benchmark() throws -> URL {
        let samples = try #require(
            SampleImageFolder.path, "sample images not found: run scripts/bootstrap.sh test (installs scikit-image)")
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("medifor-train-\(UUID().uuidString)")
        let hosts = root.appendingPathComponent("hosts")
        try FileManager.default.createDirectory(at: hosts, withIntermediateDirectories: true)
        for name in ["astronaut.png", "chelsea.png", "coffee.png", "rocket.jpg", "camera.png", "moon.png"] {
            try FileManager.default.copyItem(
                at: URL(fileURLWithPath: samples).appendingPathComponent(name), to: hosts.appendingPathComponent(name))
        }
        var configuration = BenchmarkConfiguration(seed: 5, size: .small)
        configuration.targetsPerOperation = 3
        let dataset = root.appendingPathComponent("bench")
        _ = try BenchmarkGenerator(configuration: configuration).generate(hosts: hosts, output: dataset)
        return dataset
    }

    @Test("without --run, the analytics are run over the dataset into <dataset>/run first, and that run is reused")
    func trainsWithoutARun() async throws {
        let dataset = try Self.benchmark()
        defer { try? FileManager.default.removeItem(at: dataset.deletingLastPathComponent()) }
        let model = dataset.deletingLastPathComponent().appendingPathComponent("model.json")
        let arguments = [
            "train", "--dataset", dataset.path, "--out", model.path, "--analytic", "dctblock", "--analytic", "ela",
        ]
        var command = try #require(try FusionCommand.parseAsRoot(arguments) as? FusionTrainCommand)
        try await command.run()

        let run = dataset.appendingPathComponent("run")
        for id in ["dctblock", "ela"] {
            let csv = try String(contentsOf: run.appendingPathComponent("\(id)/\(id).csv"), encoding: .utf8)
            #expect(csv.split(separator: "\n").count == 54 + 1, "\(id): one row per probe and a header")
        }
        #expect(!FileManager.default.fileExists(atPath: run.appendingPathComponent("logreg").path), "no fuser is run")
        let trained = try FusionModel(json: Data(contentsOf: model))
        #expect(Set(trained.analyticIDs) == ["dctblock", "ela"])
        #expect(trained.training?.samples == 54)
        #expect(trained.training?.heldOutAUC["logreg"] != nil)

        // A second training finds the run and does not redo it.
        let runJSON = run.appendingPathComponent("run.json")
        let before = try FileManager.default.attributesOfItem(atPath: runJSON.path)[.modificationDate] as? Date
        try FileManager.default.removeItem(at: model)
        command = try #require(try FusionCommand.parseAsRoot(arguments) as? FusionTrainCommand)
        try await command.run()
        let after = try FileManager.default.attributesOfItem(atPath: runJSON.path)[.modificationDate] as? Date
        #expect(before != nil && before == after)
        #expect(FileManager.default.fileExists(atPath: model.path))
    }

    @Test("--fusion-model: a trained model replaces the built-in one for logreg; a bad file is named in the error")
    func fusionModelOption() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("medifor-model-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var model = DefaultFusionModel.model
        model.bias = 2.5
        let path = folder.appendingPathComponent("model.json").path
        try model.jsonData().write(to: URL(fileURLWithPath: path))
        let settings = try Settings(environment: [:])

        let fusers = try FusionModelOption.parse(["--fusion-model", path]).fusers(settings)
        #expect(fusers.map(\.id) == ["mean", "max", "logreg"])
        #expect((fusers.last as? LogRegFuser)?.model == model)
        let builtIn = try FusionModelOption.parse([]).fusers(settings)
        #expect((builtIn.last as? LogRegFuser)?.model == DefaultFusionModel.model)
        let fromEnvironment = try FusionModelOption.parse([]).fusers(
            try Settings(environment: ["MEDIFOR_FUSION_MODEL": path]))
        #expect((fromEnvironment.last as? LogRegFuser)?.model.bias == 2.5)

        let broken = folder.appendingPathComponent("broken.json").path
        try Data("{\"formatVersion\": 2}".utf8).write(to: URL(fileURLWithPath: broken))
        for (file, words) in [(broken, "cannot be used"), (folder.appendingPathComponent("none.json").path, "cannot read")] {
            do {
                _ = try FusionModelOption.parse(["--fusion-model", file]).fusers(settings)
                Issue.record("\(file) was accepted")
            } catch let error as ValidationError {
                #expect(error.message.contains(words) && error.message.contains(file), "\(error.message)")
            }
        }
    }

    @Test("a dataset folder without a benchmark is an error, not a crash")
    func missingDataset() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("medifor-none-\(UUID().uuidString)")
        var command = try #require(
            try FusionCommand.parseAsRoot(["train", "--dataset", folder.path, "--out", folder.path + "/m.json"])
                as? FusionTrainCommand)
        await #expect(throws: (any Error).self) { try await command.run() }
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/m.json"))
    }
}
