import EntroQ
import EntroQService
import GRPCCore
import Logging
import MediForAnalytics
import MediForWorkflow
import ServiceLifecycle

/// The built-in analytics and fusers of `medifor serve`: each one a MediFor Analytic/Fuser gRPC server on a
/// loopback port the system picks, with a worker that feeds it from the queue, exactly as an external analytic is
/// fed in distributed mode.
struct EmbeddedAnalytics: Service {
    let queue: any QueueBackend
    let analytics: [any ForensicAnalytic]
    let fusers: [any ImageFuser]
    let workerSettings: @Sendable (String) -> WorkerSettings
    let logger: Logger

    /// Catalogue entries for everything this service runs.
    static func catalog(analytics: [any ForensicAnalytic], fusers: [any ImageFuser]) throws -> AnalyticCatalog {
        try AnalyticCatalog(entries: analytics.map { CatalogEntry(meta: $0.descriptor.meta) }
            + fusers.map { CatalogEntry(meta: $0.meta) })
    }

    func run() async throws {
        try await withThrowingDiscardingTaskGroup { group in
            var servers: [(id: String, kind: RemoteWorkerService.Kind, server: GRPCServerService)] = []
            for analytic in analytics {
                let service = NativeAnalyticService(analytic: analytic, logger: logger)
                servers.append((analytic.descriptor.id, .analytic, Self.loopbackServer(service, logger: logger)))
            }
            for fuser in fusers {
                servers.append((fuser.id, .fuser, Self.loopbackServer(NativeFuserService(fuser: fuser), logger: logger)))
            }
            for (_, _, server) in servers { group.addTask { try await server.run() } }
            for (id, kind, server) in servers {
                guard let port = try await server.listeningPort() else {
                    throw CLIError("the built-in \(kind.rawValue) \(id) could not listen on loopback")
                }
                let worker = RemoteWorkerService(
                    kind: kind, queue: queue, host: "127.0.0.1", port: port, settings: workerSettings(id), logger: logger)
                group.addTask { try await worker.run() }
            }
            logger.info("built-in analytics running", metadata: [
                "analytics": "\(analytics.map(\.descriptor.id).joined(separator: ","))",
                "fusers": "\(fusers.map(\.id).joined(separator: ","))",
            ])
        }
    }

    static func loopbackServer(_ service: any RegistrableRPCService, logger: Logger) -> GRPCServerService {
        GRPCServerService(
            host: "127.0.0.1", port: 0, services: [service], health: HealthService(services: [""]),
            maxMessageBytes: 16 << 20, logger: logger)
    }
}
