import EntroQ
import Hummingbird
import Prometheus

/// Serves Prometheus `/metrics`: live per-queue gauges read from the backend at scrape time, followed by every
/// metric recorded through swift-metrics into `registry` (HTTP request counts and durations, among others).
public struct QueueMetrics: Sendable {
    let backend: any QueueBackend
    let registry: PrometheusCollectorRegistry

    /// Creates the endpoint.
    public init(backend: any QueueBackend, registry: PrometheusCollectorRegistry) {
        self.backend = backend
        self.registry = registry
    }

    /// Adds `GET /metrics` to `router`.
    public func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.get("/metrics") { _, _ -> Response in
            let body = try await render()
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
        }
    }

    /// The exposition text.
    public func render() async throws -> String {
        let stats = try await backend.queueStats(QueueQuery())
        var text = ""
        let gauges: [(name: String, help: String, value: (QueueStats) -> Int)] = [
            ("entroq_queue_tasks", "Tasks in the queue.", \.numTasks),
            ("entroq_queue_available_tasks", "Tasks that can be claimed now.", \.numAvailable),
            ("entroq_queue_claimed_tasks", "Tasks held under a lease after a claim.", \.numClaimed),
            ("entroq_queue_future_tasks", "Tasks whose arrival is in the future and were never claimed.", \.numFuture),
            ("entroq_queue_max_claims", "Highest claim count of any task in the queue.", \.maxClaims),
        ]
        for gauge in gauges {
            text += "# HELP \(gauge.name) \(gauge.help)\n# TYPE \(gauge.name) gauge\n"
            for stat in stats.sorted(by: { $0.name < $1.name }) {
                text += "\(gauge.name){queue=\"\(Self.escape(stat.name))\"} \(gauge.value(stat))\n"
            }
        }
        return text + registry.emitToString()
    }

    /// Escapes a label value as the exposition format requires.
    static func escape(_ value: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(value.utf8.count)
        for character in value {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
