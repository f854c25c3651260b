import EntroQ
internal import GRDB

extension SQLiteBackend {
    /// How long a writer waits for another process's lock before failing with "busy".
    static let busyTimeoutSeconds: Double = 5

    /// The schema's history, oldest first. Never edit a registered migration: append a new one.
    ///
    /// GRDB records applied migrations in its `grdb_migrations` table, so opening an up-to-date file again
    /// changes nothing.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE entroq_tasks (
                        id TEXT NOT NULL PRIMARY KEY CHECK (id <> ''),
                        version INTEGER NOT NULL DEFAULT 0,
                        queue TEXT NOT NULL CHECK (queue <> ''),
                        at INTEGER NOT NULL,
                        created INTEGER NOT NULL,
                        modified INTEGER NOT NULL,
                        claimant TEXT NOT NULL DEFAULT '',
                        value TEXT CHECK (value IS NULL OR json_valid(value)),
                        claims INTEGER NOT NULL DEFAULT 0,
                        attempt INTEGER NOT NULL DEFAULT 0,
                        err TEXT NOT NULL DEFAULT ''
                    );
                    CREATE INDEX entroq_tasks_queue_at ON entroq_tasks (queue, at);
                    CREATE INDEX entroq_tasks_queue_id ON entroq_tasks (queue, id);
                    """)
        }
        return migrator
    }

    /// Opens a pool on `path` in WAL mode and applies pending migrations.
    ///
    /// Synchronous: GRDB migrates through its blocking barrier write, and this runs once, at startup.
    static func openMigratedPool(path: String) throws -> DatabasePool {
        var configuration = Configuration()
        configuration.label = "entroq.sqlite"
        configuration.busyMode = .timeout(busyTimeoutSeconds)
        let pool = try DatabasePool(path: path, configuration: configuration)
        let migrator = Self.migrator
        if try pool.read({ db in try migrator.hasBeenSuperseded(db) }) {
            throw QueueError(code: .internalError, message: "queue store schema is newer than this server")
        }
        try migrator.migrate(pool)
        return pool
    }

    /// The identifiers of the schema migrations applied to the file, in order.
    package func appliedMigrations() async throws(QueueError) -> [String] {
        try await withStore("read schema version") {
            try await pool.read { db in try Self.migrator.appliedMigrations(db) }
        }
    }
}
