import EntroQ
import Logging
import PostgresNIO
import Synchronization

extension PostgresBackend {
    /// One step of the schema's history; steps run in `version` order, each once.
    struct Migration: Sendable {
        var version: Int
        var statements: [String]
    }

    /// The schema version this build writes and reads.
    public static var schemaVersion: Int { migrations(SQLNames(schema: "entroq")).last?.version ?? 0 }

    /// The schema's history. Never edit a released step: append a new one.
    ///
    /// Times are epoch milliseconds (`bigint`) from the backend's ``TimeSource``, not `timestamptz`, so no
    /// statement reads the database's clock. Ids and queues use the "C" collation: byte order keeps the random
    /// pivot of a claim meaningful and lets prefix matches use the indexes.
    static func migrations(_ names: SQLNames) -> [Migration] {
        [
            Migration(
                version: 1,
                statements: [
                    """
                    CREATE TABLE IF NOT EXISTS \(names.tasks) (
                        id text COLLATE "C" PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
                        version integer NOT NULL DEFAULT 0,
                        queue text COLLATE "C" NOT NULL DEFAULT '',
                        at bigint NOT NULL,
                        created bigint NOT NULL,
                        modified bigint NOT NULL,
                        claimant text NOT NULL DEFAULT '' CHECK (length(claimant) <= 64),
                        value jsonb,
                        claims integer NOT NULL DEFAULT 0,
                        attempt integer NOT NULL DEFAULT 0,
                        err text NOT NULL DEFAULT ''
                    )
                    """,
                    "CREATE INDEX IF NOT EXISTS tasks_queue_at ON \(names.tasks) (queue, at)",
                    "CREATE INDEX IF NOT EXISTS tasks_queue_id ON \(names.tasks) (queue, id)",
                ])
        ]
    }

    /// Creates the schema, or upgrades it to ``schemaVersion``; harmless when it is current.
    ///
    /// Concurrent callers (several servers starting at once) are serialised by an advisory lock. Queue operations
    /// call this on first use, so calling it is optional; it is the way to fail early at startup.
    ///
    /// - Throws: ``QueueError/Code/unavailable`` when the server cannot be reached;
    ///   ``QueueError/Code/internalError`` when the stored schema is newer than this build or DDL fails.
    public func migrate() async throws {
        do {
            try checkNotFinished()
            try await runMigrations()
        } catch {
            throw queueError(for: error, operation: "migrate")
        }
    }

    /// Drops the schema and everything in it. For tests and teardown; the next operation recreates it.
    package func dropSchema() async throws {
        do {
            try await withConnection { connection in
                _ = try await connection.query(
                    "DROP SCHEMA IF EXISTS \(unescaped: names.quotedSchema) CASCADE", logger: logger)
            }
            state.withLock { $0.isMigrated = false }
        } catch {
            throw queueError(for: error, operation: "drop schema")
        }
    }

    /// Migrates once per backend; later calls return at once.
    func ensureMigrated() async throws {
        if state.withLock({ $0.isMigrated }) { return }
        try await runMigrations()
    }

    private func runMigrations() async throws {
        let latest = Self.schemaVersion
        // Fast path without DDL, so a role that may not create schemas can use a prepared one.
        if let stored = try await storedVersion(), stored >= latest {
            try checkSupported(stored)
            state.withLock { $0.isMigrated = true }
            return
        }
        try await withTransaction { connection in
            let lockKey = "entroq.migrate.\(names.schema)"
            try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\(lockKey)))", logger: logger)
            try await connection.query("CREATE SCHEMA IF NOT EXISTS \(unescaped: names.quotedSchema)", logger: logger)
            try await connection.query(
                "CREATE TABLE IF NOT EXISTS \(unescaped: names.meta) (key text PRIMARY KEY, value text NOT NULL)",
                logger: logger)
            let current = try await Self.readVersion(names, on: connection, logger: logger) ?? 0
            try checkSupported(current)
            for migration in Self.migrations(names) where migration.version > current {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                logger.info("queue schema migrated", metadata: ["entroq.schema.version": "\(migration.version)"])
            }
            let version = String(latest)
            try await connection.query(
                """
                INSERT INTO \(unescaped: names.meta) (key, value) VALUES ('schema_version', \(version)) \
                ON CONFLICT (key) DO UPDATE SET value = excluded.value
                """, logger: logger)
        }
        state.withLock { $0.isMigrated = true }
    }

    /// Refuses a schema written by a newer build: its tables may mean things this one does not know.
    private func checkSupported(_ version: Int) throws(QueueError) {
        guard version > Self.schemaVersion else { return }
        logger.info("queue schema is newer than this server", metadata: ["entroq.schema.version": "\(version)"])
        let message = "queue schema version \(version) is newer than supported (\(Self.schemaVersion))"
        throw QueueError(code: .internalError, message: message)
    }

    /// The recorded schema version, or `nil` when the schema or its meta table does not exist.
    private func storedVersion() async throws -> Int? {
        try await withConnection { connection in
            let metaTable = "\(names.quotedSchema).meta"
            let rows = try await connection.query("SELECT to_regclass(\(metaTable))::text", logger: logger)
            var exists = false
            for try await (name) in rows.decode(String?.self) { exists = name != nil }
            guard exists else { return nil }
            return try await Self.readVersion(names, on: connection, logger: logger)
        }
    }

    private static func readVersion(_ names: SQLNames, on connection: PostgresConnection, logger: Logger)
        async throws -> Int?
    {
        let rows = try await connection.query(
            "SELECT value FROM \(unescaped: names.meta) WHERE key = 'schema_version'", logger: logger)
        var version: Int?
        for try await value in rows.decode(String.self) { version = Int(value) }
        return version
    }
}
