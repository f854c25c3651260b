import ArgumentParser
import Foundation
import Logging
import MediForAnalytics
import MediForUI
import MediForWorkflow
import ServiceLifecycle
import UnixSignals

/// `medifor serve`: the whole system in one process, on files under `--data-dir`.
///
/// Runs the queue (SQLite file, also served over gRPC and REST for external workers), the results store (SQLite
/// file), the workflow with its Pipeline API, and a worker for every analytic and fuser of `--config` that has an
/// `address`. The roles talk through the same interfaces as in distributed mode.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run everything in one process with embedded storage (no external services).",
        discussion: "Data lives under --data-dir. SIGTERM or SIGINT shut down gracefully; restarting resumes."
    )

    @Option(help: "Folder for queue, results and media. [env: MEDIFOR_DATA_DIR, default: ./medifor-data]")
    var dataDir: String?

    @Option(help: "Address to listen on. [env: MEDIFOR_HOST, default: 127.0.0.1]")
    var host: String?

    @Option(help: "Queue gRPC port. [env: MEDIFOR_QUEUE_GRPC_PORT, default: 37706]")
    var queueGrpcPort: Int?

    @Option(help: "Queue REST and /metrics port. [env: MEDIFOR_QUEUE_HTTP_PORT, default: 9100]")
    var queueHttpPort: Int?

    @Option(help: "Pipeline gRPC port. [env: MEDIFOR_PIPELINE_PORT, default: 50051]")
    var pipelinePort: Int?

    @Option(help: "Analytic configuration: the analytic_config.json shape, each entry with an \"address\" (HOST:PORT) to run a worker for it. [env: MEDIFOR_CONFIG]")
    var config: String?

    @Flag(inversion: .prefixedNo, help: "Run the built-in analytics and fusers (mean, max, logreg).")
    var builtins = true

    @Option(name: .customLong("analytic"), help: "Run only these built-in analytics (repeatable; see `medifor analytic list`).")
    var analyticIDs: [String] = []

    @Option(help: "Web UI port; 0 picks a free port. [env: MEDIFOR_UI_PORT, default: 8080]")
    var uiPort: Int?

    @Flag(inversion: .prefixedNo, help: "Serve the web UI.")
    var ui = true

    @OptionGroup var fusionModel: FusionModelOption

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let settings = try Settings(environment: environment)
        let dataDir = settings.string(dataDir, env: "MEDIFOR_DATA_DIR", default: "./medifor-data")
        var queue = QueueServer.Configuration()
        queue.backend = .sqlite(path: URL(fileURLWithPath: dataDir).appendingPathComponent("queue.sqlite").path)
        queue.host = settings.string(host, env: "MEDIFOR_HOST", default: "127.0.0.1")
        queue.grpcPort = try settings.int(queueGrpcPort, env: "MEDIFOR_QUEUE_GRPC_PORT", default: queue.grpcPort)
        queue.httpPort = try settings.int(queueHttpPort, env: "MEDIFOR_QUEUE_HTTP_PORT", default: queue.httpPort)

        let pipelinePort = try settings.int(pipelinePort, env: "MEDIFOR_PIPELINE_PORT", default: 50051)
        let external = try WorkflowServer.loadCatalog(settings.optionalString(config, env: "MEDIFOR_CONFIG"))
        var analytics = builtins ? BuiltinAnalytics.all : []
        if !analyticIDs.isEmpty {
            analytics = try analyticIDs.map { id in
                guard let analytic = BuiltinAnalytics.named(id) else {
                    throw ValidationError("unknown built-in analytic '\(id)'; see `medifor analytic list`")
                }
                return analytic
            }
        }
        let fusers: [any ImageFuser] = builtins ? try fusionModel.fusers(settings) : []
        let catalog: AnalyticCatalog
        do {
            catalog = try EmbeddedAnalytics.catalog(analytics: analytics, fusers: fusers).merging(external)
        } catch {
            throw CLIError("analytic configuration: \(error) (built-in ids: \(analytics.map(\.descriptor.id).joined(separator: ", ")))")
        }

        let registry = Observability.bootstrap(level: try logging.level(environment: environment))
        let logger = Logger(label: "medifor.serve")
        logger.info("starting medifor", metadata: ["data-dir": "\(dataDir)", "queue": "\(queue)"])
        let backend = try QueueServer.makeBackend(queue.backend, logger: logger)
        let host = queue.host
        var services = QueueServer.makeServices(queue, backend: backend, registry: registry, logger: logger) { port in
            logger.info("queue REST API at http://\(host):\(port)/api/v0, metrics at /metrics")
        }
        let (store, storeService) = try StoreLocation.sqlite(path: dataDir + "/results.sqlite").open(logger: logger)
        let storage = try MediaStorage(root: dataDir + "/storage")
        let workflow = Workflow(
            queue: backend.queue, store: store, catalog: catalog, storage: storage, logger: logger)
        services += [storeService].compactMap { $0 }
        services += WorkflowServer.makeServices(workflow, host: host, port: pipelinePort, logger: logger)
        if builtins {
            services.append(EmbeddedAnalytics(
                queue: backend.queue, analytics: analytics, fusers: fusers, workerSettings: { WorkerSettings(id: $0) },
                logger: logger))
        }
        for entry in external.entries {
            guard let address = entry.address else {
                logger.warning("no address for \(entry.id); its tasks wait for an external worker")
                continue
            }
            let server = try HostPort(parsing: address, what: "address of \(entry.id)")
            var worker = WorkerSettings(id: entry.id)
            if let timeout = entry.timeoutSeconds { worker.callTimeoutSeconds = timeout }
            services.append(RemoteWorkerService(
                kind: entry.isFuser ? .fuser : .analytic, queue: backend.queue, host: server.host, port: server.port,
                settings: worker, logger: logger))
        }
        if ui {
            var uiConfiguration = UIConfiguration(storageRoot: storage.root)
            uiConfiguration.host = host
            uiConfiguration.port = try settings.int(uiPort, env: "MEDIFOR_UI_PORT", default: 8080)
            services.append(EmbeddedUI(
                configuration: uiConfiguration, pipeline: EmbeddedUI.pipelineServer(in: services),
                pipelinePort: pipelinePort, queue: backend.queue, logger: Logger(label: "medifor.ui")))
        }
        logger.info("Pipeline API at \(host):\(pipelinePort); storage at \(storage.root)", metadata: [
            "analytics": "\(catalog.entries.map(\.id).joined(separator: ","))",
        ])
        let group = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
