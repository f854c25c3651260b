import Logging
import PostgresNIO

extension PostgresDetectionStore {
    /// One step of the schema's history; steps run in `version` order, each once.
    struct Migration: Sendable {
        var version: Int
        var statements: [String]
    }

    /// The schema version this build writes and reads.
    public static var schemaVersion: Int { migrations(StoreNames(schema: "medifor")).last?.version ?? 0 }

    /// The schema's history. Never edit a released step: append a new one.
    ///
    /// The original tables (§21) with these changes: times are epoch milliseconds (`bigint`) from the injected
    /// clock; task ids are `text` (queue ids); ids use the "C" collation (byte order, as SQLite sorts); the tag row
    /// also keeps the first and last analytic creation time (date filters, default order); `fusion` gains generated
    /// columns computing in SQL the analytic count, success and fused score (score 0 stays 0; opted-out is NULL).
    ///
    /// Version 2 adds what lets a list page walk an index instead of scoring and sorting every detection:
    /// `fused_score`, one row per (detection, fuser) holding the best finished successful fusion's rank and score
    /// (§15.2), indexed by (fuser, score, id) in both directions, filled from the existing fusions, referencing the
    /// tag row (deleted with it) and kept current by every write in its transaction; and an index on the `Hash:md5`
    /// metadata value, the original UI's sort key.
    static func migrations(_ names: StoreNames) -> [Migration] {
        [
            Migration(
                version: 1,
                statements: [
                    """
                    CREATE TABLE \(names.detection) (
                        detection_id text COLLATE "C" NOT NULL CHECK (detection_id <> ''),
                        analytic_id text COLLATE "C" NOT NULL CHECK (analytic_id <> ''),
                        task_id text NOT NULL DEFAULT '\(nilTaskID)',
                        created bigint NOT NULL,
                        finished bigint,
                        probe_hash text NOT NULL DEFAULT '',
                        donor_hash text NOT NULL DEFAULT '',
                        detection jsonb,
                        PRIMARY KEY (detection_id, analytic_id)
                    )
                    """,
                    "CREATE INDEX detection_analytic_id ON \(names.detection) (analytic_id)",
                    """
                    CREATE TABLE \(names.detectionTag) (
                        detection_id text COLLATE "C" PRIMARY KEY CHECK (detection_id <> ''),
                        tags jsonb NOT NULL DEFAULT '{}',
                        user_tags jsonb NOT NULL DEFAULT '{}',
                        meta jsonb NOT NULL DEFAULT '{}',
                        created bigint NOT NULL,
                        last_created bigint NOT NULL
                    )
                    """,
                    "CREATE INDEX detectiontag_all_tags ON \(names.detectionTag) USING gin ((tags || user_tags))",
                    """
                    CREATE INDEX detectiontag_meta_fts ON \(names.detectionTag)
                    USING gin (to_tsvector('english', meta))
                    """,
                    "CREATE INDEX detectiontag_created ON \(names.detectionTag) (created, detection_id)",
                    "CREATE INDEX detectiontag_last_created ON \(names.detectionTag) (last_created)",
                    """
                    CREATE TABLE \(names.fusion) (
                        detection_id text COLLATE "C" NOT NULL CHECK (detection_id <> ''),
                        fuser_id text COLLATE "C" NOT NULL CHECK (fuser_id <> ''),
                        analytic_ids text[] COLLATE "C" NOT NULL,
                        task_id text NOT NULL DEFAULT '\(nilTaskID)',
                        created bigint NOT NULL,
                        finished bigint,
                        fusion jsonb,
                        analytic_count integer GENERATED ALWAYS AS (cardinality(analytic_ids)) STORED,
                        succeeded boolean GENERATED ALWAYS AS (
                            finished IS NOT NULL AND fusion IS NOT NULL
                            AND coalesce(fusion -> 'status' ->> 'code', '0') = '0') STORED,
                        score double precision GENERATED ALWAYS AS (\(scoreExpression)) STORED,
                        PRIMARY KEY (detection_id, fuser_id, analytic_ids)
                    )
                    """,
                    """
                    CREATE INDEX fusion_best ON \(names.fusion)
                    (detection_id, fuser_id, analytic_count DESC, finished DESC, analytic_ids) INCLUDE (score)
                    WHERE succeeded
                    """,
                    "CREATE INDEX fusion_fuser_id ON \(names.fusion) (fuser_id)",
                    "CREATE INDEX fusion_finished ON \(names.fusion) (finished)",
                    """
                    CREATE TABLE \(names.fusionTag) (
                        detection_id text COLLATE "C" PRIMARY KEY CHECK (detection_id <> ''),
                        tags jsonb
                    )
                    """,
                ]),
            Migration(
                version: 2,
                statements: [
                    """
                    CREATE TABLE \(names.fusedScore) (
                        detection_id text COLLATE "C" NOT NULL
                            REFERENCES \(names.detectionTag) (detection_id) ON DELETE CASCADE,
                        fuser_id text COLLATE "C" NOT NULL,
                        analytic_count integer NOT NULL,
                        finished bigint NOT NULL,
                        analytic_ids text[] COLLATE "C" NOT NULL,
                        score double precision,
                        PRIMARY KEY (detection_id, fuser_id)
                    )
                    """,
                    """
                    CREATE INDEX fused_score_ascending ON \(names.fusedScore) (fuser_id, score, detection_id)
                    WHERE score IS NOT NULL
                    """,
                    """
                    CREATE INDEX fused_score_descending ON \(names.fusedScore) (fuser_id, score DESC, detection_id)
                    WHERE score IS NOT NULL
                    """,
                    """
                    CREATE INDEX detectiontag_meta_md5 ON \(names.detectionTag)
                    (((meta ->> 'Hash:md5') COLLATE "C"), detection_id)
                    """,
                    """
                    INSERT INTO \(names.fusedScore)
                    (detection_id, fuser_id, analytic_count, finished, analytic_ids, score)
                    SELECT DISTINCT ON (f.detection_id, f.fuser_id)
                        f.detection_id, f.fuser_id, f.analytic_count, f.finished, f.analytic_ids, f.score
                    FROM \(names.fusion) AS f JOIN \(names.detectionTag) AS t ON t.detection_id = f.detection_id
                    WHERE f.succeeded
                    ORDER BY f.detection_id, f.fuser_id, f.analytic_count DESC, f.finished DESC, f.analytic_ids
                    """,
                    "ANALYZE \(names.fusedScore)",
                ]),
        ]
    }

    /// Merges into `fused_score` the best finished successful fusion per (detection, fuser) among the fusion rows
    /// `f` passing `condition`, for detections with a tag row.
    ///
    /// A stored row is replaced only by a better one (more analytics, then later, then the smaller analytic list:
    /// the order of §15.2), so merging is idempotent and never loses a better fusion merged before, even when two
    /// transactions merge at once (the upsert compares with the latest committed row, not with its snapshot). A
    /// fusion row only ever becomes successful (a finished row is never rewritten) or is deleted with its detection,
    /// so merging each newly finished fusion keeps `fused_score` equal to the best of the `fusion` rows.
    static func mergeFusedScoresSQL(_ names: StoreNames, where condition: String) -> String {
        """
        INSERT INTO \(names.fusedScore) AS s (detection_id, fuser_id, analytic_count, finished, analytic_ids, score)
        SELECT DISTINCT ON (f.detection_id, f.fuser_id)
            f.detection_id, f.fuser_id, f.analytic_count, f.finished, f.analytic_ids, f.score
        FROM \(names.fusion) AS f JOIN \(names.detectionTag) AS t ON t.detection_id = f.detection_id
        WHERE f.succeeded AND \(condition)
        ORDER BY f.detection_id, f.fuser_id, f.analytic_count DESC, f.finished DESC, f.analytic_ids
        ON CONFLICT (detection_id, fuser_id) DO UPDATE SET
            analytic_count = excluded.analytic_count, finished = excluded.finished,
            analytic_ids = excluded.analytic_ids, score = excluded.score
        WHERE (excluded.analytic_count, excluded.finished) > (s.analytic_count, s.finished)
            OR ((excluded.analytic_count, excluded.finished) = (s.analytic_count, s.finished)
                AND excluded.analytic_ids < s.analytic_ids)
        """
    }

    /// The fused score of a stored `Fusion` (§15.2); a present result without `score` is 0 (proto3 JSON omits it).
    private static var scoreExpression: String {
        """
        CASE
            WHEN fusion IS NULL THEN NULL
            WHEN jsonb_typeof(fusion -> 'imgManip') = 'object' THEN
                CASE WHEN coalesce(fusion -> 'imgManip' ->> 'optOut', 'OPT_OUT_NONE')
                        IN ('OPT_OUT_ALL', 'OPT_OUT_DETECTION', '1', '2') THEN NULL
                    ELSE coalesce((fusion -> 'imgManip' ->> 'score')::double precision, 0) END
            WHEN jsonb_typeof(fusion -> 'vidManip') = 'object' THEN
                CASE WHEN coalesce(fusion -> 'vidManip' -> 'optOut', '[]'::jsonb) @> '["VIDEO_OPT_OUT_DETECTION"]'
                    THEN NULL
                    ELSE coalesce((fusion -> 'vidManip' ->> 'score')::double precision, 0) END
        END
        """
    }

    /// Creates the schema, or upgrades it to ``schemaVersion``; harmless when it is current.
    ///
    /// Concurrent callers are serialised by an advisory lock. Operations call this on first use.
    ///
    /// - Throws: ``StoreError/Code/unavailable`` when the server cannot be reached;
    ///   ``StoreError/Code/internalError`` when the stored schema is newer than this build or DDL fails.
    public func migrate() async throws {
        try await perform("migrate") {}
    }

    /// Drops the schema and everything in it. For tests; the next operation recreates it.
    package func dropSchema() async throws {
        do {
            try await client.query("DROP SCHEMA IF EXISTS \(unescaped: names.quotedSchema) CASCADE", logger: logger)
            markUnmigrated()
        } catch {
            throw storeError(for: error, operation: "drop schema")
        }
    }

    func runMigrations() async throws {
        let latest = Self.schemaVersion
        try await withTransaction { connection in
            let lockKey = "medifor.store.migrate.\(names.schema)"
            try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\(lockKey)))", logger: logger)
            try await connection.query("CREATE SCHEMA IF NOT EXISTS \(unescaped: names.quotedSchema)", logger: logger)
            try await connection.query(
                "CREATE TABLE IF NOT EXISTS \(unescaped: names.meta) (key text PRIMARY KEY, value text NOT NULL)",
                logger: logger)
            let rows = try await connection.query(
                "SELECT value FROM \(unescaped: names.meta) WHERE key = 'schema_version'", logger: logger)
            var current = 0
            for try await value in rows.decode(String.self) { current = Int(value) ?? 0 }
            if current > latest {
                logger.info("results schema is newer than this server", metadata: [LogKey.version: "\(current)"])
                throw StoreError(
                    code: .internalError,
                    message: "results schema version \(current) is newer than supported (\(latest))")
            }
            guard current < latest else { return }
            for migration in Self.migrations(names) where migration.version > current {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                logger.info("results schema migrated", metadata: [LogKey.version: "\(migration.version)"])
            }
            let version = String(latest)
            try await connection.query(
                """
                INSERT INTO \(unescaped: names.meta) (key, value) VALUES ('schema_version', \(version)) \
                ON CONFLICT (key) DO UPDATE SET value = excluded.value
                """, logger: logger)
        }
    }
}

extension PostgresDetectionStore {
    /// Undoes version 2 (drops what it created) and records version 1: leaves the schema as a version 1 server wrote
    /// it, so tests can check the upgrade of existing data. The version 1 tables are written alike by both versions.
    package func downgradeToFirstSchema() async throws {
        try await perform("downgrade schema") {
            try await withTransaction { connection in
                try await connection.query("DROP TABLE \(unescaped: names.fusedScore)", logger: logger)
                try await connection.query(
                    "DROP INDEX \(unescaped: names.quotedSchema).detectiontag_meta_md5", logger: logger)
                try await connection.query(
                    "UPDATE \(unescaped: names.meta) SET value = '1' WHERE key = 'schema_version'", logger: logger)
            }
            markUnmigrated()
        }
    }

    /// Overwrites the recorded schema version: lets tests simulate a schema from a newer server.
    package func recordSchemaVersion(_ version: Int) async throws {
        try await perform("record schema version") {
            let text = String(version)
            try await client.query(
                "UPDATE \(unescaped: names.meta) SET value = \(text) WHERE key = 'schema_version'", logger: logger)
        }
    }
}
