import EntroQ
import EntroQPostgres
import EntroQSQLite
import EntroQService
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Logging
import MediForProto
import MediForStore
import MediForWorkflow
import SwiftProtobuf
import Testing

/// Which queue and store a test runs on.
enum TestBackend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    var testDescription: String { rawValue }
}

/// A whole workflow on loopback: queue and store (SQLite files or a real Postgres), the Pipeline gRPC server under
/// both package names, the internal stages, and analytic and fusion workers calling test analytics over gRPC.
///
/// Catalogue: `alpha_1` (score as written in the probe), `beta_1` (half that) and the fuser `mean_1`.
struct WorkflowHarness: Sendable {
    let storage: MediaStorage
    let workflow: Workflow
    let pipeline: Mediforproto_Pipeline.Client<HTTP2ClientTransport.Posix>
    let legacy: Workflowproto_Pipeline.Client<HTTP2ClientTransport.Posix>
    let alpha: TestAnalytic
    let beta: TestAnalytic
    let fuser: TestFuser
    let root: String

    static let catalog = try! AnalyticCatalog.parse(Data("""
        {"analytics": [
          {"id": "alpha_1", "name": "Alpha", "description": "test analytic", "media": ["IMAGE"]},
          {"id": "beta_1", "name": "Beta", "description": "test analytic at half score", "media": ["IMAGE"]},
          {"id": "mean_1", "name": "Mean", "description": "mean of scores", "media": ["FUSION_IMAGE"]}
        ]}
        """.utf8))

    /// Writes a probe into a scratch folder (outside the storage root); `content` goes after a JPEG signature so
    /// the file is identified as an image.
    func writeProbe(_ name: String, _ content: String, inStorage: Bool = true) throws -> String {
        let folder = inStorage ? storage.root + "/inbox" : root + "/outside"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/" + name
        try Data([0xFF, 0xD8, 0xFF, 0xE0] + Array(content.utf8)).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A Detect request for an image probe.
    static func request(_ path: String, id: String = "", tags: [String: String] = [:], analytics: [String] = [])
        -> Mediforproto_DetectionRequest
    {
        Mediforproto_DetectionRequest.with {
            $0.id = id
            $0.request.imgManipReq.image.uri = path
            $0.tags = tags
            $0.analyticID = analytics
        }
    }

    /// Polls until the detection has every analytic and fusion finished, or fails after `seconds`.
    func waitFinished(_ id: String, fused: Bool = true, seconds: Double = 30) async throws -> Mediforproto_DetectionInfo {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while true {
            let info = try await pipeline.getDetectionInfo(.with {
                $0.id = id
                $0.wantFused = true
            })
            let analyticsDone = info.analyticsTotal > 0 && info.analyticsFinished == info.analyticsTotal
            let fusionDone = !fused || info.fusionInfo.contains { $0.stage == .finished }
            if analyticsDone && fusionDone { return info }
            guard ContinuousClock.now < deadline else {
                Issue.record("detection \(id) did not finish: \(info.analyticsFinished)/\(info.analyticsTotal)")
                return info
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}

/// Settings that make tests quick: short polls, so claims do not wait long when a notification is missed.
func quickSettings() -> WorkflowSettings {
    var settings = WorkflowSettings()
    settings.pollMs = 500
    settings.stageRetryDelayMs = 200
    return settings
}

/// Runs `body` with a complete workflow on `backend`. `workerSettings` adjusts every worker.
func withWorkflow(
    _ backend: TestBackend, settings: WorkflowSettings = quickSettings(),
    workerSettings: @escaping @Sendable (inout WorkerSettings) -> Void = { _ in },
    _ body: @escaping @Sendable (WorkflowHarness) async throws -> Void
) async throws {
    var logger = Logger(label: "medifor.test")
    logger.logLevel = ProcessInfo.processInfo.environment["MEDIFOR_TEST_LOG"] == nil ? .critical : .debug
    let root = FileManager.default.temporaryDirectory.path + "/medifor-wf-" + UUID().uuidString
    defer { try? FileManager.default.removeItem(atPath: root) }
    let storage = try MediaStorage(root: root + "/storage")

    let queue: any QueueBackend
    let store: any DetectionStore
    var background: [@Sendable () async throws -> Void] = []
    switch backend {
    case .sqlite:
        queue = try SQLiteBackend(path: root + "/queue.sqlite")
        store = try SQLiteDetectionStore(path: root + "/results.sqlite")
    case .postgres:
        guard let url = ProcessInfo.processInfo.environment["MEDIFOR_TEST_POSTGRES_URL"], !url.isEmpty else {
            Issue.record("MEDIFOR_TEST_POSTGRES_URL is not set: start the test server with eval \"$(scripts/postgres.sh start)\"")
            return
        }
        let schema = "wf_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
        var queueConfig = try PostgresBackend.Configuration(url: url)
        queueConfig.schema = schema + "_q"
        let postgresQueue = try PostgresBackend(configuration: queueConfig)
        var storeConfig = try PostgresDetectionStore.Configuration(url: url)
        storeConfig.schema = schema + "_s"
        storeConfig.maximumConnections = 4
        let postgresStore = try PostgresDetectionStore(configuration: storeConfig)
        queue = postgresQueue
        store = postgresStore
        background = [{ try await postgresQueue.run() }, { try await postgresStore.run() }]
    }
    let workflow = Workflow(
        queue: queue, store: store, catalog: WorkflowHarness.catalog, storage: storage, settings: settings,
        logger: logger)
    let alpha = TestAnalytic()
    let beta = TestAnalytic(scale: 0.5)
    let fuser = TestFuser()

    // Servers in the outer group, their clients (stages, workers, the test's Pipeline client) in the inner one. The
    // clients stop first; then the servers shut down gracefully: cancelling a gRPC server while a client opens a
    // stream can leave that stream unserved, which NIO traps on.
    var servers: [GRPCServerService] = []
    try await withThrowingTaskGroup(of: Void.self) { group in
        defer { group.cancelAll() }
        for task in background { group.addTask { try await task() } }
        func serve(_ services: [any RegistrableRPCService]) async throws -> Int {
            let server = GRPCServerService(host: "127.0.0.1", port: 0, services: services, health: nil, logger: logger)
            servers.append(server)
            group.addTask { try await server.server.serve() }
            return try #require(try await server.listeningPort())
        }
        let pipelinePort = try await serve([PipelineService(workflow: workflow), LegacyPipelineService(workflow: workflow)])
        let ports = [
            ("alpha_1", RemoteWorkerService.Kind.analytic, try await serve([alpha])),
            ("beta_1", .analytic, try await serve([beta])),
            ("mean_1", .fuser, try await serve([fuser])),
        ]
        defer { for server in servers { server.server.beginGracefulShutdown() } }
        try await withThrowingTaskGroup(of: Void.self) { clients in
            defer { clients.cancelAll() }
            clients.addTask { try await WorkflowStages(workflow: workflow).run() }
            for (id, kind, port) in ports {
                var worker = WorkerSettings(id: id)
                worker.pollMs = 500
                workerSettings(&worker)
                let service = RemoteWorkerService(
                    kind: kind, queue: queue, host: "127.0.0.1", port: port, settings: worker, logger: logger)
                clients.addTask { try await service.run() }
            }
            let transport = try HTTP2ClientTransport.Posix(
                target: .ipv4(address: "127.0.0.1", port: pipelinePort), transportSecurity: .plaintext)
            try await withGRPCClient(transport: transport) { client in
                let harness = WorkflowHarness(
                    storage: storage, workflow: workflow, pipeline: Mediforproto_Pipeline.Client(wrapping: client),
                    legacy: Workflowproto_Pipeline.Client(wrapping: client), alpha: alpha, beta: beta, fuser: fuser,
                    root: root)
                try await body(harness)
            }
        }
        if backend == .postgres {
            try? await (queue as? PostgresBackend)?.dropSchema()
            try? await (store as? PostgresDetectionStore)?.dropSchema()
        }
    }
}
