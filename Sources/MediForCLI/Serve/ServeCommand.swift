import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// `medifor serve`: the whole system in one process, on files under `--data-dir`.
///
/// At this stage it runs the task queue on a SQLite file; later roles join the same process.
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

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let settings = Settings(environment: environment)
        let dataDir = settings.string(dataDir, env: "MEDIFOR_DATA_DIR", default: "./medifor-data")
        var queue = QueueServer.Configuration()
        queue.backend = .sqlite(path: URL(fileURLWithPath: dataDir).appendingPathComponent("queue.sqlite").path)
        queue.host = settings.string(host, env: "MEDIFOR_HOST", default: "127.0.0.1")
        queue.grpcPort = try settings.int(queueGrpcPort, env: "MEDIFOR_QUEUE_GRPC_PORT", default: queue.grpcPort)
        queue.httpPort = try settings.int(queueHttpPort, env: "MEDIFOR_QUEUE_HTTP_PORT", default: queue.httpPort)

        let registry = Observability.bootstrap(level: try logging.level(environment: environment))
        let logger = Logger(label: "medifor.serve")
        logger.info("starting medifor", metadata: ["data-dir": "\(dataDir)", "queue": "\(queue)"])
        let backend = try QueueServer.makeBackend(queue.backend, logger: logger)
        let host = queue.host
        let services = QueueServer.makeServices(queue, backend: backend, registry: registry, logger: logger) { port in
            logger.info("queue REST API at http://\(host):\(port)/api/v0, metrics at /metrics")
        }
        let group = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
