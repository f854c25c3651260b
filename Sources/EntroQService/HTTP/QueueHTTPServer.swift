import EntroQ
import Hummingbird
import Logging
import Prometheus
import ServiceLifecycle

/// The queue's HTTP side: the REST/JSON API under `/api/v0`, Prometheus `/metrics` and `/healthz`.
///
/// Build it, then run ``application`` in a `ServiceGroup` (it is a `Service`); graceful shutdown stops accepting
/// connections and finishes requests in flight. `onRunning` receives the bound port (useful with port 0).
public enum QueueHTTPServer {
    /// Makes the HTTP application serving `backend` on `host:port`.
    public static func makeApplication(
        backend: any QueueBackend, host: String, port: Int, registry: PrometheusCollectorRegistry, logger: Logger,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol & Service {
        let router = Router()
        router.middlewares.add(MetricsMiddleware())
        EntroQRESTAPI(backend: backend, logger: logger).addRoutes(to: router)
        QueueMetrics(backend: backend, registry: registry).addRoutes(to: router)
        router.get("/healthz") { _, _ in "ok\n" }
        return Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "medifor-queue"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }
}
