public import EntroQ
internal import GRDB
public import Logging

/// A queue backend that keeps its tasks in a SQLite database file.
///
/// ## Lifecycle
///
/// Create one backend per database file, at startup:
///
/// ```swift
/// let backend = try SQLiteBackend(path: "/var/lib/medifor/queue.sqlite", logger: logger)
/// let task = try await backend.claim(ClaimRequest(claimant: "worker-1", queues: ["/ns/inbox"]))
/// ```
///
/// The initializer opens the file (creating it if needed) through a GRDB `DatabasePool` in WAL mode, applies
/// every pending schema migration, and refuses a file whose schema is newer than this code. It blocks while it
/// does so; every later call is asynchronous. The backend owns the pool for its whole life, and the file is
/// closed when the last reference to the backend goes away. There is no `run()` to keep active.
///
/// ## Concurrency
///
/// The backend is `Sendable`: call it from any number of tasks. Writes (claims and modifications) each run in
/// one immediate transaction on the pool's single writer connection, so they are serialized; listings and
/// statistics read a consistent snapshot on reader connections, concurrently with writes. Several processes
/// may open the same file; a writer that finds it locked waits a few seconds and then fails with
/// ``QueueError/Code/unavailable``.
///
/// Blocking claims wait on ``notifier``, which hears only about modifications made through backends sharing it.
/// Tasks written by another process, or that become available as time passes (future arrivals, expired leases),
/// are found by the claim's poll.
///
/// Time comes from the injected ``TimeSource``, never from SQLite, so tests can move it by hand.
public final class SQLiteBackend: QueueBackend {
    /// The database; writes go through its writer connection, listings through its readers.
    let pool: DatabasePool
    /// The server clock tasks are stamped with.
    let clock: any TimeSource
    /// Background logger: lifecycle at `info`, store failures at `info`, busy retries at `debug`.
    let logger: Logger
    /// Wakes blocking claims; exposed so a service can share it.
    public let notifier: QueueNotifier

    /// Opens (or creates) the queue database at `path` and brings its schema up to date.
    ///
    /// - Parameters:
    ///   - path: the database file; its directory must exist. SQLite adds `-wal` and `-shm` files beside it.
    ///   - clock: the server clock; ``SystemTimeSource`` by default.
    ///   - notifier: wakes blocking claims when tasks arrive.
    ///   - logger: receives lifecycle events and the details of store failures; logging is off by default.
    /// - Throws: ``QueueError`` with ``QueueError/Code/internalError`` when the file cannot be opened or
    ///   migrated, or was written by a newer schema; ``QueueError/Code/unavailable`` when it stays locked.
    public init(
        path: String, clock: any TimeSource = SystemTimeSource(), notifier: QueueNotifier = QueueNotifier(),
        logger: Logger = SQLiteBackend.loggingDisabled
    ) throws(QueueError) {
        do {
            pool = try Self.openMigratedPool(path: path)
        } catch {
            throw Self.storeError(error, operation: "open", logger: logger)
        }
        self.clock = clock
        self.notifier = notifier
        self.logger = logger
        logger.info("opened queue store", metadata: ["entroq.sqlite.path": "\(path)"])
    }

    /// A logger that discards everything: the default when none is injected.
    public static var loggingDisabled: Logger {
        Logger(label: "entroq.sqlite", factory: { _ in SwiftLogNoOpLogHandler() })
    }

    public func claim(_ request: ClaimRequest) async throws -> EntroQTask {
        try await claim(request, notifier: notifier)
    }

    public func time() async throws(QueueError) -> Int64 { clock.nowMs() }
}
