// EntroQPostgres: the EntroQ queue stored in PostgreSQL, shared by any number of server processes.
//
// This target owns the SQL schema, its migrations and the LISTEN/NOTIFY wake-ups. It imports EntroQ (the rules
// engine it applies), PostgresNIO, Logging and ServiceLifecycle, and nothing else of ours: no driver type or SQL
// text appears in its public API or in the errors it throws.
import EntroQ
import Logging
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// A ``QueueBackend`` that keeps tasks in a PostgreSQL schema.
///
/// ## Lifecycle
///
/// Create the backend with a ``Configuration`` (for example from ``Configuration/init(url:)``), then run it: it is
/// a swift-service-lifecycle `Service`, so add it to the process's `ServiceGroup` before the services that use it,
/// or call ``run()`` in a child task of your own. ``run()`` drives the connection pool and a dedicated connection
/// that LISTENs for task notifications; it returns when its task is cancelled or on graceful shutdown.
///
/// - Queue operations issued before ``run()`` starts wait for it (the pool cannot lease connections until then).
/// - The first operation creates or upgrades the schema (``migrate()``); call ``migrate()`` at startup to fail
///   early on a bad server or a schema written by a newer version.
/// - Once ``run()`` has returned, every operation fails with ``QueueError/Code/unavailable``; a backend runs once.
///
/// Time comes from the injected ``TimeSource``, never from the database's clock, so all servers sharing a schema
/// should use synchronised clocks, and tests can move time by hand.
///
/// Blocking claims wait on ``notifier``: a modification wakes the claims waiting in this process at once, and
/// those of every other process sharing the schema through `pg_notify` on channel `<schema>_tasks`. Tasks that
/// become available by the passage of time are found by the claim's poll.
public final class PostgresBackend: QueueBackend, Service {
    /// Where the queue lives.
    public let configuration: Configuration
    /// Wakes blocking claims; exposed so a service can share it.
    public let notifier: QueueNotifier
    let clock: any TimeSource
    let logger: Logger
    let client: PostgresClient
    let names: SQLNames
    let state = Mutex(BackendState())

    /// Creates a backend; nothing connects until ``run()``.
    ///
    /// - Parameters:
    ///   - configuration: server, credentials and schema.
    ///   - clock: the server clock tasks are stamped with; ``SystemTimeSource`` by default.
    ///   - notifier: wakes blocking claims; pass a shared one to wake claims of other backends in this process.
    ///   - logger: receives lifecycle events at `info` and per-operation failures at `debug`; silent by default.
    /// - Throws: ``QueueError/Code/invalidArgument`` when the configuration is invalid.
    public init(
        configuration: Configuration, clock: any TimeSource = SystemTimeSource(),
        notifier: QueueNotifier = QueueNotifier(),
        logger: Logger = Logger(label: "entroq.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws(QueueError) {
        try configuration.validate()
        self.configuration = configuration
        self.clock = clock
        self.notifier = notifier
        var logger = logger
        logger[metadataKey: LogKey.schema] = "\(configuration.schema)"
        self.logger = logger
        self.names = SQLNames(schema: configuration.schema)
        self.client = PostgresClient(configuration: configuration.clientConfiguration, backgroundLogger: logger)
    }

    /// Claims one task, waiting for a notification or the request's poll interval between looks.
    ///
    /// - Throws: ``QueueError/Code/cancelled`` when the caller went away (no claim is committed after that),
    ///   ``QueueError/Code/invalidArgument`` for a malformed request, ``QueueError/Code/unavailable`` when the store
    ///   is down.
    public func claim(_ request: ClaimRequest) async throws -> EntroQTask {
        let request = try request.validated()
        // Remember what is being waited for, so a (re)established listener can wake these claims to look again.
        state.withLock { $0.beginClaim(request.queues) }
        defer { state.withLock { $0.endClaim(request.queues) } }
        return try await claim(request, notifier: notifier)
    }

    /// The injected clock's time in epoch milliseconds (never the database's clock).
    public func time() async throws -> Int64 { clock.nowMs() }
}

/// Metadata keys of this module's log lines.
enum LogKey {
    static let schema = "entroq.postgres.schema"
    static let operation = "entroq.operation"
    static let queue = "entroq.queue"
    static let errorType = "error.type"
    static let errorDetail = "error.detail"
    static let attempt = "entroq.postgres.attempt"
}

/// The backend's mutable state, guarded by a `Mutex`.
struct BackendState: Sendable {
    /// Where ``PostgresBackend/run()`` is. Transitions: `idle` → `running` → `finished`, once each.
    enum RunState: Sendable {
        /// Created; operations wait for the pool.
        case idle
        /// ``PostgresBackend/run()`` is active.
        case running
        /// ``PostgresBackend/run()`` returned; operations fail.
        case finished
    }

    var runState = RunState.idle
    /// Set once the schema is known to be at the current version.
    var isMigrated = false
    /// Whether the notification listener is subscribed now.
    var isListening = false
    /// How many times the listener has subscribed (reconnections included).
    var subscriptions = 0
    /// Callers of ``PostgresBackend/waitUntilListening()``, by ticket.
    var listeningWaiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
    var nextTicket: UInt64 = 0
    /// Queues blocking claims of this process wait on, with the number of claims on each.
    var claimedQueues: [String: Int] = [:]

    mutating func beginClaim(_ queues: [String]) {
        for queue in Set(queues) { claimedQueues[queue, default: 0] += 1 }
    }

    mutating func endClaim(_ queues: [String]) {
        for queue in Set(queues) {
            let count = (claimedQueues[queue] ?? 1) - 1
            claimedQueues[queue] = count > 0 ? count : nil
        }
    }
}
