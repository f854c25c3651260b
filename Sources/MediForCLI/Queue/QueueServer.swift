import EntroQ
import EntroQPostgres
import EntroQService
import EntroQSQLite
import Foundation
import Logging
import Prometheus
import ServiceLifecycle

/// The composition of a queue server: a backend, the gRPC `api.EntroQ` + health server and the HTTP side.
package struct QueueServer {
    package struct Configuration: CustomStringConvertible {
        package var backend: QueueBackendSpec = .memory
        package var host = "0.0.0.0"
        package var grpcPort = 37706
        package var httpPort = 9100

        package var description: String {
            "backend=\(backend) host=\(host) grpc-port=\(grpcPort) http-port=\(httpPort)"
        }
    }

    /// The backend and, when it has background work (Postgres), the service that runs it.
    struct Backend {
        var queue: any QueueBackend
        var service: (any Service)?
    }

    /// Opens the backend a spec names, creating parent folders of a SQLite file.
    static func makeBackend(_ spec: QueueBackendSpec, logger: Logger) throws -> Backend {
        switch spec {
        case .memory:
            return Backend(queue: MemoryBackend(), service: nil)
        case .sqlite(let path):
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            return Backend(queue: try SQLiteBackend(path: path, logger: logger), service: nil)
        case .postgres(let url):
            let backend = try PostgresBackend(configuration: try PostgresBackend.Configuration(url: url), logger: logger)
            return Backend(queue: backend, service: backend)
        }
    }

    /// The services that serve `backend`, in start order; the caller runs them in one `ServiceGroup`.
    static func makeServices(
        _ configuration: Configuration, backend: Backend, registry: PrometheusCollectorRegistry, logger: Logger,
        onHTTPRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> [any Service] {
        let grpc = GRPCServerService(
            host: configuration.host, port: configuration.grpcPort,
            services: [EntroQGRPCService(backend: backend.queue, logger: logger)],
            health: HealthService(services: ["api.EntroQ"]), logger: logger)
        let http = QueueHTTPServer.makeApplication(
            backend: backend.queue, host: configuration.host, port: configuration.httpPort, registry: registry,
            logger: logger, onRunning: onHTTPRunning)
        return (backend.service.map { [$0] } ?? []) + [grpc, http]
    }
}
