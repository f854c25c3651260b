public import Logging
import PostgresNIO
public import ServiceLifecycle
import Synchronization

/// A ``DetectionStore`` in a PostgreSQL schema (the distributed mode).
///
/// ## Lifecycle
///
/// Create the store with a ``Configuration`` (for example from ``Configuration/init(url:)``), then run it: it is a
/// swift-service-lifecycle `Service`, so add it to the process's `ServiceGroup` before the services that use it, or
/// call ``run()`` in a child task of your own. ``run()`` drives the connection pool and returns when its task is
/// cancelled or on graceful shutdown.
///
/// - Operations issued before ``run()`` starts wait for it (the pool cannot lease connections until then).
/// - The first operation creates or upgrades the schema (``migrate()``); call ``migrate()`` at startup to fail early
///   on a bad server or a schema written by a newer version.
/// - Once ``run()`` has returned, every operation fails with ``StoreError/Code/unavailable``; a store runs once.
///
/// Row times come from the injected ``StoreClock``, never from the database's `now()`.
public final class PostgresDetectionStore: DetectionStore, Service {
    /// Where the store lives.
    public let configuration: Configuration
    let clock: StoreClock
    let logger: Logger
    let client: PostgresClient
    let names: StoreNames
    /// The most matching detections a list page reads in full before sorting (``ListPlan/smallMatchCount``).
    let smallMatchCount: Int
    let state = Mutex(RunState.idle)

    /// Where ``run()`` is. Transitions: `idle` → `running` → `finished`, once each.
    enum RunState: Sendable {
        case idle, running, finished
    }

    private let migrated = Mutex(false)

    /// Creates a store; nothing connects until ``run()``.
    ///
    /// - Parameters:
    ///   - configuration: server, credentials and schema.
    ///   - clock: where row timestamps come from.
    ///   - logger: lifecycle events at `info`, per-operation failures at `debug`; silent by default.
    /// - Throws: ``StoreError/Code/invalidArgument`` when the configuration is invalid.
    public convenience init(
        configuration: Configuration, clock: StoreClock = .system,
        logger: Logger = Logger(label: "medifor.store.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws(StoreError) {
        try self.init(configuration: configuration, clock: clock, logger: logger, smallMatchCount: nil)
    }

    /// Creates a store with `smallMatchCount` instead of the measured default (tests pass 0 so that every filtered
    /// list page walks an index).
    package init(
        configuration: Configuration, clock: StoreClock, logger: Logger, smallMatchCount: Int?
    ) throws(StoreError) {
        try configuration.validate()
        self.smallMatchCount = smallMatchCount ?? ListPlan.smallMatchCount
        self.configuration = configuration
        self.clock = clock
        var logger = logger
        logger[metadataKey: LogKey.schema] = "\(configuration.schema)"
        self.logger = logger
        self.names = StoreNames(schema: configuration.schema)
        self.client = PostgresClient(configuration: configuration.clientConfiguration, backgroundLogger: logger)
    }

    /// Runs the connection pool until the task is cancelled or a graceful shutdown begins.
    ///
    /// - Throws: ``StoreError/Code/invalidArgument`` when called a second time.
    public func run() async throws {
        let isFirstRun = state.withLock { state in
            guard state == .idle else { return false }
            state = .running
            return true
        }
        guard isFirstRun else { throw StoreError.invalidArgument("a PostgresDetectionStore runs only once") }
        logger.info("results store starting", metadata: ["medifor.store.server": "\(configuration)"])
        await cancelWhenGracefulShutdown { await self.client.run() }
        state.withLock { $0 = .finished }
        logger.info("results store stopped")
    }

    /// Runs one operation: migrates first if needed, then maps every non-``StoreError`` failure to a
    /// ``StoreError`` that shows no driver detail, logging the detail at `debug`.
    func perform<Result: Sendable>(
        _ operation: String, _ body: () async throws -> Result
    ) async throws -> Result {
        do {
            if state.withLock({ $0 == .finished }) {
                throw StoreError(code: .unavailable, message: "results store unavailable")
            }
            if !migrated.withLock({ $0 }) {
                try await runMigrations()
                migrated.withLock { $0 = true }
            }
            return try await body()
        } catch {
            throw storeError(for: error, operation: operation)
        }
    }

    /// Forgets that the schema is migrated (after ``dropSchema()``).
    func markUnmigrated() { migrated.withLock { $0 = false } }

    /// The caller-safe error for `error`; a ``StoreError`` passes through unchanged.
    func storeError(for error: any Error, operation: String) -> StoreError {
        if let error = error as? StoreError { return error }
        let kind = Self.classify(error)
        logger.debug(
            "results store operation failed",
            metadata: [
                LogKey.operation: "\(operation)", LogKey.errorType: "\(kind)",
                LogKey.errorDetail: "\(String(reflecting: error))",
            ])
        let message = kind == .unavailable ? "results store unavailable" : "results store error"
        return StoreError(code: kind, message: message)
    }

    /// What a driver failure means to a caller.
    static func classify(_ error: any Error) -> StoreError.Code {
        if error is CancellationError { return .unavailable }
        if let error = error as? PSQLError {
            switch error.code {
            case .server:
                let state = error.serverInfo?[.sqlState] ?? ""
                if state.hasPrefix("08") || ["53300", "57P01", "57P02", "57P03", "57014"].contains(state) {
                    return .unavailable
                }
                if state.hasPrefix("22") || state.hasPrefix("23") { return .invalidArgument }
                return .internalError
            case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed,
                .queryCancelled, .sslUnsupported, .failedToAddSSLHandler:
                return .unavailable
            default:
                return .internalError
            }
        }
        // The pool's own errors (circuit breaker, cancelled lease) live in a module we do not import.
        if String(reflecting: type(of: error)).hasSuffix("ConnectionPoolError") { return .unavailable }
        return .internalError
    }

    /// Runs `body` in a transaction on one pooled connection: committed when it returns, rolled back when it throws.
    func withTransaction<Result: Sendable>(
        readOnly: Bool = false, _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await client.withConnection { connection in
            let begin = readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN"
            try await connection.query(PostgresQuery(unsafeSQL: begin), logger: logger)
            let result: Result
            do {
                result = try await body(connection)
            } catch {
                do {
                    try await connection.query("ROLLBACK", logger: logger)
                } catch let rollbackError {
                    // A connection that cannot roll back must not go back to the pool mid-transaction.
                    logger.debug(
                        "rollback failed", metadata: [LogKey.errorDetail: "\(String(reflecting: rollbackError))"])
                    try? await connection.close()
                }
                throw error
            }
            try await connection.query("COMMIT", logger: logger)
            return result
        }
    }
}

/// Quoted names of the store's tables in its schema.
struct StoreNames: Sendable, Hashable {
    let schema: String
    var quotedSchema: String { "\"\(schema)\"" }
    var detection: String { "\(quotedSchema).detection" }
    var detectionTag: String { "\(quotedSchema).\"detectionTag\"" }
    var fusion: String { "\(quotedSchema).fusion" }
    var fusionTag: String { "\(quotedSchema).\"fusionTag\"" }
    var fusedScore: String { "\(quotedSchema).fused_score" }
    var meta: String { "\(quotedSchema).meta" }
}
