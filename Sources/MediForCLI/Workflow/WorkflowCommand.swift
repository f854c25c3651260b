import ArgumentParser
import Foundation
import Logging
import MediForWorkflow
import ServiceLifecycle
import UnixSignals

/// `medifor workflow`: the Pipeline API and the workflow's internal stages, as a standalone role.
struct WorkflowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workflow",
        abstract: "Serve the Pipeline API and run the workflow stages against a queue and a results store.",
        discussion: """
            Serves mediforproto.Pipeline and workflowproto.Pipeline (plus gRPC health) and moves detections \
            through the queue: fan-out to analytic inboxes, results into the store, fusion once every analytic \
            has finished. Analytics and fusers are declared in --config (the analytic_config.json shape). Each \
            flag can also be set by its MEDIFOR_* variable; a flag wins.
            """
    )

    @Option(help: "Queue: HOST:PORT of a queue server, or sqlite:PATH / postgres://… opened directly. [env: MEDIFOR_QUEUE, default: 127.0.0.1:37706]")
    var queue: String?

    @Option(help: "Results store: sqlite:PATH or postgres://…. [env: MEDIFOR_STORE, default: sqlite:./medifor-data/results.sqlite]")
    var store: String?

    @Option(help: "Analytic configuration (JSON, {\"analytics\": [...]}). [env: MEDIFOR_CONFIG]")
    var config: String?

    @Option(help: "Shared storage root (input/ and output/). [env: MEDIFOR_STORAGE_ROOT, default: ./medifor-data/storage]")
    var storageRoot: String?

    @Option(help: "Address to listen on. [env: MEDIFOR_HOST, default: 0.0.0.0]")
    var host: String?

    @Option(help: "Pipeline gRPC port; 0 picks a free port. [env: MEDIFOR_PIPELINE_PORT, default: 50051]")
    var port: Int?

    @Option(help: "Fan-out stage loops. [env: MEDIFOR_NUM_FANOUT, default: 1]")
    var numFanout: Int?

    @Option(help: "Outbox stage loops. [env: MEDIFOR_NUM_OUTBOX, default: 1]")
    var numOutbox: Int?

    @Option(help: "Base out_dir of generated fusion requests. [env: MEDIFOR_FUSION_OUT_DIR, default: <storage root>/output]")
    var fusionOutDir: String?

    @Option(help: "Prefix of every queue name. [env: MEDIFOR_QUEUE_PREFIX, default: none]")
    var queuePrefix: String?

    @Flag(help: "Do not append /<analytic id> to out_dir at fan-out.")
    var skipOutdirSuffix = false

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let settings = try Settings(environment: environment)
        let registry = Observability.bootstrap(level: try logging.level(environment: environment))
        _ = registry
        let logger = Logger(label: "medifor.workflow")
        let queueLocation = try QueueLocation(parsing: settings.string(queue, env: "MEDIFOR_QUEUE", default: "127.0.0.1:37706"))
        let storeLocation = try StoreLocation(parsing: settings.string(
            store, env: "MEDIFOR_STORE", default: "sqlite:./medifor-data/results.sqlite"))
        let catalog = try WorkflowServer.loadCatalog(settings.optionalString(config, env: "MEDIFOR_CONFIG"))
        let storage = try MediaStorage(root: settings.string(storageRoot, env: "MEDIFOR_STORAGE_ROOT",
                                                             default: "./medifor-data/storage"))
        var workflowSettings = WorkflowSettings()
        workflowSettings.fanOutWorkers = try settings.int(numFanout, env: "MEDIFOR_NUM_FANOUT", default: 1)
        workflowSettings.outboxWorkers = try settings.int(numOutbox, env: "MEDIFOR_NUM_OUTBOX", default: 1)
        workflowSettings.fusionOutDir = settings.optionalString(fusionOutDir, env: "MEDIFOR_FUSION_OUT_DIR")
        workflowSettings.queues = WorkflowQueues(prefix: settings.string(queuePrefix, env: "MEDIFOR_QUEUE_PREFIX", default: ""))
        workflowSettings.skipOutDirSuffix = skipOutdirSuffix
        let host = settings.string(host, env: "MEDIFOR_HOST", default: "0.0.0.0")
        let port = try settings.int(port, env: "MEDIFOR_PIPELINE_PORT", default: 50051)

        let (queueBackend, queueService) = try queueLocation.open(logger: logger)
        let (resultStore, storeService) = try storeLocation.open(logger: logger)
        let workflow = Workflow(
            queue: queueBackend, store: resultStore, catalog: catalog, storage: storage, settings: workflowSettings,
            logger: logger)
        logger.info("starting workflow", metadata: [
            "queue": "\(queueLocation)", "store": "\(storeLocation)", "storage": "\(storage.root)",
            "analytics": "\(catalog.entries.map(\.id).joined(separator: ","))", "port": "\(port)",
        ])
        let services = [queueService, storeService].compactMap { $0 }
            + WorkflowServer.makeServices(workflow, host: host, port: port, logger: logger)
        let group = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
