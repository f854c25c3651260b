import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// `medifor queue serve`: the queue as a standalone server.
package struct QueueServeCommand: AsyncParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the task queue: gRPC api.EntroQ + health, REST/JSON under /api/v0, and /metrics.",
        discussion: """
            Backends: memory (lost on exit), sqlite:PATH (a file), postgres:URL \
            (postgres://user:password@host:port/database?schema=entroq). Each flag can also be set by its \
            MEDIFOR_* environment variable; a flag wins over the variable. SIGTERM or SIGINT shut down gracefully.
            """
    )

    @Option(help: "memory, sqlite:PATH or postgres:URL. [env: MEDIFOR_QUEUE_BACKEND, default: memory]")
    var backend: String?

    @Option(help: "Address to listen on. [env: MEDIFOR_HOST, default: 0.0.0.0]")
    var host: String?

    @Option(help: "gRPC port (api.EntroQ and health); 0 picks a free port. [env: MEDIFOR_GRPC_PORT, default: 37706]")
    var grpcPort: Int?

    @Option(help: "HTTP port (REST and /metrics); 0 picks a free port. [env: MEDIFOR_HTTP_PORT, default: 9100]")
    var httpPort: Int?

    @OptionGroup var logging: LoggingOptions

    package init() {}

    /// The effective configuration from flags, environment and defaults.
    package func resolve(environment: [String: String]) throws -> QueueServer.Configuration {
        let settings = try Settings(environment: environment)
        var config = QueueServer.Configuration()
        config.backend = try QueueBackendSpec(parsing: settings.string(backend, env: "MEDIFOR_QUEUE_BACKEND", default: "memory"))
        config.host = settings.string(host, env: "MEDIFOR_HOST", default: config.host)
        config.grpcPort = try settings.int(grpcPort, env: "MEDIFOR_GRPC_PORT", default: config.grpcPort)
        config.httpPort = try settings.int(httpPort, env: "MEDIFOR_HTTP_PORT", default: config.httpPort)
        for (name, port) in [("grpc-port", config.grpcPort), ("http-port", config.httpPort)] where !(0...65535).contains(port) {
            throw ValidationError("--\(name) must be between 0 and 65535, got \(port)")
        }
        return config
    }

    package func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let config = try resolve(environment: environment)
        let registry = Observability.bootstrap(level: try logging.level(environment: environment))
        let logger = Logger(label: "medifor.queue")
        logger.info("starting queue server", metadata: ["config": "\(config)"])
        let backend = try QueueServer.makeBackend(config.backend, logger: logger)
        let services = QueueServer.makeServices(config, backend: backend, registry: registry, logger: logger) { port in
            logger.info("queue HTTP listening", metadata: ["port": "\(port)"])
        }
        let group = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
