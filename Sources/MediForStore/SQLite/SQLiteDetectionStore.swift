import GRDB
public import Logging
import Synchronization

/// A ``DetectionStore`` in a SQLite database file (the embedded mode).
///
/// ## Lifecycle
///
/// ```swift
/// let store = try SQLiteDetectionStore(path: "/var/lib/medifor/results.sqlite", logger: logger)
/// try await store.migrate()   // optional: the first operation migrates too
/// ```
///
/// The initializer opens the file (creating it if needed) through a GRDB `DatabasePool` in WAL mode; every later
/// call is asynchronous. ``migrate()`` applies pending schema migrations in order and refuses a file written by a
/// newer schema; every operation runs it first if it has not run yet. There is no `run()` to keep active; the file
/// is closed when the last reference to the store goes away.
///
/// Writes run in one transaction each on the pool's writer; reads see a consistent snapshot on reader connections.
/// A writer that finds the file locked by another process waits a few seconds, then fails with
/// ``StoreError/Code/unavailable``.
public final class SQLiteDetectionStore: DetectionStore {
    let pool: DatabasePool
    let clock: StoreClock
    let logger: Logger
    /// The most matching detections a list page reads in full before sorting (``ListPlan/smallMatchCount``).
    let smallMatchCount: Int
    private let isMigrated = Mutex(false)

    /// Opens (or creates) the store at `path`.
    ///
    /// - Parameters:
    ///   - path: the database file; its directory must exist.
    ///   - clock: where row timestamps come from.
    ///   - logger: receives lifecycle events at `info` and failure details at `debug`/`info`; silent by default.
    /// - Throws: ``StoreError`` (`internalError` or `unavailable`) when the file cannot be opened.
    public convenience init(
        path: String, clock: StoreClock = .system, logger: Logger = SQLiteDetectionStore.loggingDisabled
    ) throws {
        try self.init(path: path, clock: clock, logger: logger, smallMatchCount: nil)
    }

    /// Opens (or creates) the store at `path`, with `smallMatchCount` instead of the measured default (tests pass 0
    /// so that every filtered list page walks an index).
    package init(path: String, clock: StoreClock, logger: Logger, smallMatchCount: Int?) throws {
        self.clock = clock
        self.logger = logger
        self.smallMatchCount = smallMatchCount ?? ListPlan.smallMatchCount
        do {
            var configuration = Configuration()
            configuration.label = "medifor.store.sqlite"
            configuration.busyMode = .timeout(5)
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw Self.storeError(error, operation: "open", logger: logger)
        }
        logger.info("opened results store", metadata: [LogKey.path: "\(path)"])
    }

    /// A logger that discards everything: the default when none is injected.
    public static var loggingDisabled: Logger {
        Logger(label: "medifor.store.sqlite", factory: { _ in SwiftLogNoOpLogHandler() })
    }

    /// Applies pending schema migrations; harmless when the schema is current.
    ///
    /// - Throws: ``StoreError/Code/internalError`` when the file was written by a newer schema or DDL fails.
    public func migrate() async throws {
        do {
            let migrator = Self.migrator
            if try await pool.read({ db in try migrator.hasBeenSuperseded(db) }) {
                logger.info("results store schema is newer than this server")
                throw StoreError(code: .internalError, message: "results store schema is newer than this server")
            }
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                migrator.asyncMigrate(pool) { result in continuation.resume(with: result.map { _ in () }) }
            }
            isMigrated.withLock { $0 = true }
        } catch {
            throw Self.storeError(error, operation: "migrate", logger: logger)
        }
    }

    /// The identifiers of the applied schema migrations, oldest first.
    package func appliedMigrations() async throws -> [String] {
        try await withStore("read schema version") {
            try await pool.read { db in try Self.migrator.appliedMigrations(db) }
        }
    }

    /// Runs a store access after migrating, turning every failure into a ``StoreError``.
    func withStore<T>(_ operation: String, _ body: () async throws -> T) async throws -> T {
        if !isMigrated.withLock({ $0 }) { try await migrate() }
        do {
            return try await body()
        } catch {
            throw Self.storeError(error, operation: operation, logger: logger)
        }
    }

    /// The caller-safe form of `error`: no SQL, paths or driver messages; the details go to `logger`.
    static func storeError(_ error: any Error, operation: String, logger: Logger) -> StoreError {
        if let error = error as? StoreError { return error }
        let metadata: Logger.Metadata = [LogKey.operation: "\(operation)", LogKey.errorDetail: "\(error)"]
        if error is CancellationError {
            return StoreError(code: .unavailable, message: "\(operation) cancelled")
        }
        if let error = error as? DatabaseError {
            switch error.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                logger.debug("results store is busy", metadata: metadata)
                return StoreError(code: .unavailable, message: "results store is busy")
            case .SQLITE_CONSTRAINT:
                logger.debug("results store constraint failed", metadata: metadata)
                return StoreError.invalidArgument("a value cannot be stored")
            default:
                break
            }
        }
        logger.info("results store error", metadata: metadata)
        return StoreError(code: .internalError, message: "results store error")
    }
}

/// Metadata keys of this module's log lines.
enum LogKey {
    static let path = "medifor.store.path"
    static let schema = "medifor.store.schema"
    static let operation = "medifor.store.operation"
    static let detectionID = "medifor.detection.id"
    static let analyticID = "medifor.analytic.id"
    static let fuserID = "medifor.fuser.id"
    static let version = "medifor.store.schema_version"
    static let errorType = "error.type"
    static let errorDetail = "error.detail"
}
