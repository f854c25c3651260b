import ArgumentParser
import EntroQService
import Foundation
import Logging
import MediForUI
import MediForWorkflow
import ServiceLifecycle
import UnixSignals

/// `medifor ui`: the analysts' web UI against a running workflow (distributed mode).
struct UICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ui",
        abstract: "Serve the web UI for analysts, talking to a workflow over gRPC.",
        discussion: """
            The UI reads and writes the shared storage root: uploads go to <storage>/input, masks are read from \
            <storage>/output. --storage must name the same folder the workflow uses, at the same path. With \
            --queue the analytics page also shows queue depths. Each flag can also be set by its MEDIFOR_* \
            variable; a flag wins. `medifor serve` runs the same UI in-process.
            """
    )

    @Option(help: "The workflow's Pipeline API, HOST:PORT. [env: MEDIFOR_WORKFLOW, default: 127.0.0.1:50051]")
    var workflow: String?

    @Option(
        help: "Shared storage root (input/ and output/). [env: MEDIFOR_STORAGE_ROOT, default: ./medifor-data/storage]")
    var storage: String?

    @Option(help: "Address to listen on. [env: MEDIFOR_UI_HOST, default: 127.0.0.1]")
    var host: String?

    @Option(help: "HTTP port; 0 picks a free port. [env: MEDIFOR_UI_PORT, default: 8080]")
    var port: Int?

    @Option(help: "Queue server HOST:PORT, to show queue depths on the analytics page. [env: MEDIFOR_QUEUE]")
    var queue: String?

    @Option(help: "Largest file one upload may carry, in MB. [env: MEDIFOR_UI_MAX_UPLOAD_MB, default: 2048]")
    var maxUploadMb: Int?

    @Option(
        help: ArgumentHelp(
            "Serve templates, scripts and styles from this folder instead of the built-in ones (for development). "
                + "[env: MEDIFOR_UI_ASSETS]"))
    var assets: String?

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        _ = Observability.bootstrap(level: try logging.level(environment: environment))
        let settings = try Settings(environment: environment)
        let logger = Logger(label: "medifor.ui")
        let address = try HostPort(
            parsing: settings.string(workflow, env: "MEDIFOR_WORKFLOW", default: "127.0.0.1:50051"), what: "--workflow")
        var configuration = UIConfiguration(
            storageRoot: settings.string(storage, env: "MEDIFOR_STORAGE_ROOT", default: "./medifor-data/storage"))
        configuration.host = settings.string(host, env: "MEDIFOR_UI_HOST", default: "127.0.0.1")
        configuration.port = try settings.int(port, env: "MEDIFOR_UI_PORT", default: 8080)
        let megabytes = try settings.int(maxUploadMb, env: "MEDIFOR_UI_MAX_UPLOAD_MB", default: 2048)
        guard megabytes > 0 else { throw ValidationError("--max-upload-mb must be positive") }
        configuration.maxFileBytes = Int64(megabytes) << 20
        configuration.maxRequestBytes = max(configuration.maxRequestBytes, configuration.maxFileBytes)
        configuration.assetsDirectory = settings.optionalString(assets, env: "MEDIFOR_UI_ASSETS")
        configuration.workflowAddress = address.description

        var services: [any Service] = []
        var depths: (any QueueDepthSource)?
        if let queueAddress = settings.optionalString(queue, env: "MEDIFOR_QUEUE") {
            let server = try HostPort(parsing: queueAddress, what: "--queue")
            let client = try GRPCQueueClient(host: server.host, port: server.port)
            services.append(client)
            depths = QueueDepths(queue: client, queues: WorkflowQueues())
        }
        let client = try WorkflowClient(host: address.host, port: address.port, timeout: configuration.callTimeout)
        let ui = try await UIServer.make(
            configuration: configuration, workflow: client, queueDepths: depths, logger: logger)
        logger.info(
            "starting web UI",
            metadata: [
                "workflow": "\(address)", "storage": "\(configuration.storageRoot)",
                "listen": "\(configuration.host):\(configuration.port)",
            ])
        let group = ServiceGroup(
            configuration: .init(
                services: services + [ui], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
