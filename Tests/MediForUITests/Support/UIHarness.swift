import EntroQ
import EntroQSQLite
import EntroQService
import Foundation
import GRPCCore
import Hummingbird
import HummingbirdTesting
import Logging
import MediForAnalytics
import MediForProto
import MediForStore
import MediForWorkflow
import NIOCore
import Testing

@testable import MediForUI

/// A whole system on loopback for the UI's handler tests: queue and results store on SQLite files, the Pipeline
/// gRPC server, the workflow stages, the native `ela` and `noop` analytics and the `mean` fuser served over gRPC
/// with their workers, and the UI (in the router test framework) talking to the Pipeline over real gRPC.
struct UIHarness: Sendable {
    let root: String
    let storage: MediaStorage
    let queue: any QueueBackend

    static let analytics: [any ForensicAnalytic] = ["ela", "noop"].compactMap { BuiltinAnalytics.named($0) }
    static let fuser = ScoreFuser(rule: .mean)

    /// Runs `body` with the UI's test client; `adjust` changes the UI's settings (size limits, …).
    static func withUI(
        adjust: @Sendable (inout UIConfiguration) -> Void = { _ in },
        _ body: @escaping @Sendable (UIHarness, any TestClientProtocol) async throws -> Void
    ) async throws {
        var logger = Logger(label: "medifor.test.ui")
        logger.logLevel = ProcessInfo.processInfo.environment["MEDIFOR_TEST_LOG"] == nil ? .critical : .debug
        let root = FileManager.default.temporaryDirectory.path + "/medifor-ui-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        let storage = try MediaStorage(root: root + "/storage")
        let queue = try SQLiteBackend(path: root + "/queue.sqlite")
        let store = try SQLiteDetectionStore(path: root + "/results.sqlite")
        let catalog = try AnalyticCatalog(
            entries: analytics.map { CatalogEntry(meta: $0.descriptor.meta) } + [CatalogEntry(meta: fuser.meta)])
        var settings = WorkflowSettings()
        settings.pollMs = 300
        settings.stageRetryDelayMs = 200
        let workflow = Workflow(
            queue: queue, store: store, catalog: catalog, storage: storage, settings: settings, logger: logger)
        // Servers run in the outer group and stop gracefully last; workers and stages run in the inner group and
        // are cancelled first, so no client reconnects to a server that is going away.
        var servers: [GRPCServerService] = []
        try await withThrowingTaskGroup(of: Void.self) { serverGroup in
            func serve(_ services: [any RegistrableRPCService], health: HealthService? = nil) async throws -> Int {
                let server = GRPCServerService(
                    host: "127.0.0.1", port: 0, services: services, health: health, logger: logger)
                servers.append(server)
                serverGroup.addTask { try await server.server.serve() }
                return try #require(try await server.listeningPort())
            }
            let pipelinePort = try await serve(
                [PipelineService(workflow: workflow)], health: HealthService(services: ["", "mediforproto.Pipeline"]))
            var workers: [(String, RemoteWorkerService.Kind, Int)] = []
            for analytic in analytics {
                workers.append(
                    (
                        analytic.descriptor.id, .analytic,
                        try await serve([NativeAnalyticService(analytic: analytic, logger: logger)])
                    ))
            }
            workers.append((fuser.id, .fuser, try await serve([NativeFuserService(fuser: fuser)])))
            defer { for server in servers { server.server.beginGracefulShutdown() } }
            try await withThrowingTaskGroup(of: Void.self) { group in
                defer { group.cancelAll() }
                group.addTask { try await WorkflowStages(workflow: workflow).run() }
                for (id, kind, port) in workers {
                    var worker = WorkerSettings(id: id)
                    worker.pollMs = 300
                    let service = RemoteWorkerService(
                        kind: kind, queue: queue, host: "127.0.0.1", port: port, settings: worker, logger: logger)
                    group.addTask { try await service.run() }
                }
                var configuration = UIConfiguration(storageRoot: storage.root)
                configuration.port = 0
                configuration.pollInterval = .milliseconds(100)
                adjust(&configuration)
                let client = try WorkflowClient(host: "127.0.0.1", port: pipelinePort)
                let ui = try await UIServer.make(
                    configuration: configuration, workflow: client,
                    queueDepths: TestQueueDepths(queue: queue), logger: logger)
                let harness = UIHarness(root: root, storage: storage, queue: queue)
                try await ui.application.test(.router) { client in try await body(harness, client) }
            }
        }
    }
}

/// Queue depths read straight from the test queue.
struct TestQueueDepths: QueueDepthSource {
    let queue: any QueueBackend

    func depths(analytics: [String], fusers: [String]) async throws -> [String: QueueDepth] {
        let queues = WorkflowQueues()
        var result: [String: QueueDepth] = [:]
        for id in analytics + fusers {
            let name = analytics.contains(id) ? queues.analyticInbox(id) : queues.fuserInbox(id)
            let stats = try await queue.queueStats(QueueQuery(matchExact: [name]))
            result[id] = QueueDepth(
                waiting: stats.first?.numAvailable ?? 0, running: stats.first?.numClaimed ?? 0,
                delayed: stats.first?.numFuture ?? 0, maxClaims: stats.first?.maxClaims ?? 0)
        }
        return result
    }
}
