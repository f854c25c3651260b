import ArgumentParser
import Logging
import Metrics
import Prometheus
import Synchronization

/// Options every long-running subcommand shares.
struct LoggingOptions: ParsableArguments {
    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical. [env: MEDIFOR_LOG_LEVEL]")
    var logLevel: String?

    /// The effective level: the flag, then `MEDIFOR_LOG_LEVEL`, then `info`.
    func level(environment: [String: String]) throws -> Logger.Level {
        let raw = logLevel ?? environment["MEDIFOR_LOG_LEVEL"] ?? "info"
        guard let level = Logger.Level(rawValue: raw.lowercased()) else {
            throw ValidationError("unknown log level '\(raw)'")
        }
        return level
    }
}

/// Process-wide observability setup, done once by the command that runs.
enum Observability {
    private static let bootstrapped = Mutex(false)

    /// Bootstraps logging to standard error at `level` and metrics into a new Prometheus registry.
    static func bootstrap(level: Logger.Level) -> PrometheusCollectorRegistry {
        let registry = PrometheusCollectorRegistry()
        let first = bootstrapped.withLock { done in
            defer { done = true }
            return !done
        }
        if first {
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
            MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        }
        return registry
    }
}
