import EntroQ
import EntroQPostgres
import EntroQService
import Foundation
import GRPCCore
import Logging
import MediForAnalytics
import MediForStore
import MediForWorkflow

/// The distributed roles for `medifor bench pipeline --postgres`, composed in this process but talking to each
/// other only over loopback gRPC, as separate processes do: a queue server on Postgres, the workflow (Postgres
/// store) reaching it through a gRPC queue client, and the `noop` analytic and `mean` fuser servers fed by workers
/// with their own queue client.
enum DistributedRoles {
    static func measure(count: Int, folder: String, postgresURL: String, logger: Logger) async throws
        -> PipelineBenchResult
    {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let suffix = UUID().uuidString.prefix(8).lowercased()
        var queueConfiguration = try PostgresBackend.Configuration(url: postgresURL)
        queueConfiguration.schema = "benchq_\(suffix)"
        let backend = try PostgresBackend(configuration: queueConfiguration, logger: logger)
        var storeConfiguration = try PostgresDetectionStore.Configuration(url: postgresURL)
        storeConfiguration.schema = "benchs_\(suffix)"
        let store = try PostgresDetectionStore(configuration: storeConfiguration, logger: logger)
        let queueServer = GRPCServerService(
            host: "127.0.0.1", port: 0, services: [EntroQGRPCService(backend: backend, logger: logger)],
            health: nil, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            defer { group.cancelAll() }
            group.addTask { try await backend.run() }
            group.addTask { try await store.run() }
            group.addTask { try await queueServer.server.serve() }
            guard let queuePort = try await queueServer.listeningPort() else { throw CLIError("queue server did not start") }
            let workflowQueue = try GRPCQueueClient(host: "127.0.0.1", port: queuePort)
            let workerQueue = try GRPCQueueClient(host: "127.0.0.1", port: queuePort)
            group.addTask { try await workflowQueue.run() }
            group.addTask { try await workerQueue.run() }
            let noop = [BuiltinAnalytics.named("noop")!]
            let fusers: [any ImageFuser] = [ScoreFuser(rule: .mean)]
            let workflow = Workflow(
                queue: workflowQueue, store: store,
                catalog: try EmbeddedAnalytics.catalog(analytics: noop, fusers: fusers),
                storage: try MediaStorage(root: folder + "/storage"), logger: logger)
            let pipeline = GRPCServerService(
                host: "127.0.0.1", port: 0, services: [PipelineService(workflow: workflow)], health: nil, logger: logger)
            group.addTask { try await pipeline.server.serve() }
            group.addTask { try await WorkflowStages(workflow: workflow).run() }
            let roles = EmbeddedAnalytics(
                queue: workerQueue, analytics: noop, fusers: fusers,
                workerSettings: { id in
                    var settings = WorkerSettings(id: id)
                    settings.concurrency = 4
                    return settings
                }, logger: logger)
            group.addTask { try await roles.run() }
            guard let port = try await pipeline.listeningPort() else { throw CLIError("pipeline server did not start") }
            let result = try await PipelineBenchDriver(count: count, storageRoot: workflow.storage.root, store: store)
                .run(host: "127.0.0.1", port: port)
            try? await store.dropSchema()
            try? await backend.dropSchema()
            return result
        }
    }
}
