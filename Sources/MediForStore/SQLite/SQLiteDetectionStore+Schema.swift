import GRDB

extension SQLiteDetectionStore {
    /// The schema's history, oldest first. Never edit a registered migration: append a new one.
    ///
    /// Mirrors the original Postgres tables (§21) with SQLite types: times are epoch milliseconds, JSON columns are
    /// checked text, `fusion.analytic_ids` is a sorted JSON array. Additions: `detectionTag.created` /
    /// `last_created` (first and last analytic row creation, for date filters and the default order),
    /// `detectionTag.meta_text` (lowercased metadata values for plain-text search), and generated `fusion` columns
    /// computing in SQL the analytic count, success and fused score (score 0 stays 0, opted-out is NULL).
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE detection (
                    detection_id TEXT NOT NULL CHECK (detection_id <> ''),
                    analytic_id TEXT NOT NULL CHECK (analytic_id <> ''),
                    task_id TEXT NOT NULL DEFAULT '\(nilTaskID)',
                    created INTEGER NOT NULL,
                    finished INTEGER,
                    probe_hash TEXT NOT NULL DEFAULT '',
                    donor_hash TEXT NOT NULL DEFAULT '',
                    detection TEXT CHECK (detection IS NULL OR json_valid(detection)),
                    PRIMARY KEY (detection_id, analytic_id)
                ) WITHOUT ROWID;
                CREATE INDEX detection_analytic_id ON detection (analytic_id);
                CREATE TABLE detectionTag (
                    detection_id TEXT NOT NULL PRIMARY KEY CHECK (detection_id <> ''),
                    tags TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(tags)),
                    user_tags TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(user_tags)),
                    meta TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(meta)),
                    meta_text TEXT NOT NULL DEFAULT '',
                    created INTEGER NOT NULL,
                    last_created INTEGER NOT NULL
                );
                CREATE INDEX detectionTag_created ON detectionTag (created, detection_id);
                CREATE INDEX detectionTag_last_created ON detectionTag (last_created);
                CREATE TABLE fusion (
                    detection_id TEXT NOT NULL CHECK (detection_id <> ''),
                    fuser_id TEXT NOT NULL CHECK (fuser_id <> ''),
                    analytic_ids TEXT NOT NULL CHECK (json_valid(analytic_ids)),
                    task_id TEXT NOT NULL DEFAULT '\(nilTaskID)',
                    created INTEGER NOT NULL,
                    finished INTEGER,
                    fusion TEXT CHECK (fusion IS NULL OR json_valid(fusion)),
                    analytic_count INTEGER GENERATED ALWAYS AS (json_array_length(analytic_ids)) STORED,
                    succeeded INTEGER GENERATED ALWAYS AS (
                        finished IS NOT NULL AND fusion IS NOT NULL
                        AND coalesce(json_extract(fusion, '$.status.code'), 0) = 0) STORED,
                    score REAL GENERATED ALWAYS AS (\(scoreExpression)) STORED,
                    PRIMARY KEY (detection_id, fuser_id, analytic_ids)
                );
                CREATE INDEX fusion_best ON fusion
                    (detection_id, fuser_id, succeeded, analytic_count DESC, finished DESC, analytic_ids, score);
                CREATE INDEX fusion_fuser_id ON fusion (fuser_id);
                CREATE INDEX fusion_finished ON fusion (finished);
                CREATE TABLE fusionTag (
                    detection_id TEXT NOT NULL PRIMARY KEY CHECK (detection_id <> ''),
                    tags TEXT CHECK (tags IS NULL OR json_valid(tags))
                );
                """)
        }
        return migrator
    }

    /// The fused score of a stored `Fusion` (§15.2), fixing the original's lost zero: a present `imgManip` /
    /// `vidManip` without `score` scores 0 (proto3 JSON omits a zero), opt-outs of detection score NULL.
    private static var scoreExpression: String {
        """
        CASE
            WHEN fusion IS NULL THEN NULL
            WHEN json_type(fusion, '$.imgManip') = 'object' THEN
                CASE WHEN coalesce(json_extract(fusion, '$.imgManip.optOut'), 'OPT_OUT_NONE')
                        IN ('OPT_OUT_ALL', 'OPT_OUT_DETECTION', 1, 2) THEN NULL
                    ELSE coalesce(json_extract(fusion, '$.imgManip.score'), 0.0) END
            WHEN json_type(fusion, '$.vidManip') = 'object' THEN
                CASE WHEN instr(coalesce(json_extract(fusion, '$.vidManip.optOut'), '[]'),
                        '"VIDEO_OPT_OUT_DETECTION"') > 0 THEN NULL
                    ELSE coalesce(json_extract(fusion, '$.vidManip.score'), 0.0) END
        END
        """
    }
}

extension SQLiteDetectionStore {
    /// Records `identifier` as applied without running anything: lets tests simulate a file from a newer server.
    package func recordMigration(_ identifier: String) async throws {
        try await withStore("record migration") {
            try await pool.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: [identifier])
            }
        }
    }
}
