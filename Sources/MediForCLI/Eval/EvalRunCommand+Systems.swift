import Foundation
import GRPCCore
import MediForAnalytics
import MediForEval
import MediForWorkflow

extension EvalRunCommand {
    /// Runs the analytics (offline or through the workflow) and the fusers over every probe.
    func runSystems(dataset data: EvaluationDataset, layout: EvalRunLayout, console: PipelineConsole) async throws
        -> DatasetRunner.Outcome
    {
        var seen = Set<String>()
        let probes = data.index.rows.compactMap { row -> DatasetRunner.Probe? in
            guard seen.insert(row.probeFileID).inserted else { return nil }
            return DatasetRunner.Probe(id: row.probeFileID, path: data.url(forDatasetPath: row.probeFileName).path)
        }
        let available = try fusionModel.fusers(try Settings(environment: ProcessInfo.processInfo.environment))
        let fusers = fuserIDs == ["none"] ? [] : available.filter { fuserIDs.isEmpty || fuserIDs.contains($0.id) }
        let runner = DatasetRunner(
            layout: layout, fusers: fusers,
            concurrency: concurrency ?? ProcessInfo.processInfo.activeProcessorCount)
        var shown = -Double.infinity
        let progress = { (done: Int, total: Int, seconds: Double) in
            // At most one update a second (each is a line of its own when standard error is not a terminal).
            guard done == total || seconds - shown >= 1 else { return }
            shown = seconds
            console.progress(String(format: "[%d/%d] probes, %.1f s", done, total, seconds))
        }
        guard client.addr != nil else {
            let analytics = analyticIDs.isEmpty ? BuiltinAnalytics.all : analyticIDs.compactMap(BuiltinAnalytics.named)
            return try await runner.run(
                probes: probes, analytics: analytics.map(\.descriptor.id), source: .offline(analytics),
                datasetPath: data.directory.path, progress: progress)
        }
        let environment = ProcessInfo.processInfo.environment
        let settings = try client.resolve(environment: environment)
        let storage: MediaStorage
        do {
            storage = try MediaStorage(
                root: try Settings(environment: environment).string(
                    storageRoot, env: "MEDIFOR_STORAGE_ROOT", default: "./medifor-data/storage"))
        } catch let error as MediaError {
            throw CLIError(error.message)
        }
        do {
            return try await runThroughWorkflow(settings, storage: storage, runner: runner, probes: probes,
                datasetPath: data.directory.path, progress: progress)
        } catch let error as RPCError {
            throw CLIError(PipelineFailure.describe(error, address: settings.address))
        }
    }

    private func runThroughWorkflow(
        _ settings: PipelineClientConfiguration, storage: MediaStorage, runner: DatasetRunner,
        probes: [DatasetRunner.Probe], datasetPath: String, progress: (Int, Int, Double) -> Void
    ) async throws -> DatasetRunner.Outcome {
        try await settings.withConnection { connection in
            let ids = analyticIDs.isEmpty ? try await PipelineAnalytics.imageAnalytics(connection) : analyticIDs
            guard !ids.isEmpty else { throw CLIError("the server at \(settings.address) offers no image analytic") }
            let pipeline = PipelineAnalytics(
                connection: connection, storage: storage, analyticIDs: ids,
                runID: String(UUID().uuidString.prefix(8)).lowercased(),
                probeTimeout: .milliseconds(Int64(probeTimeout * 1000)))
            return try await runner.run(
                probes: probes, analytics: ids, source: .pipeline(pipeline), datasetPath: datasetPath,
                progress: progress)
        }
    }
}
