import GRDB

extension SQLiteDetectionStore {
    /// The schema's history, oldest first. Never edit a registered migration: append a new one.
    ///
    /// Mirrors the original Postgres tables (§21) with SQLite types: times are epoch milliseconds, JSON columns are
    /// checked text, `fusion.analytic_ids` is a sorted JSON array. Additions: `detectionTag.created` /
    /// `last_created` (first and last analytic row creation, for date filters and the default order),
    /// `detectionTag.meta_text` (lowercased metadata values for plain-text search), and generated `fusion` columns
    /// computing in SQL the analytic count, success and fused score (score 0 stays 0, opted-out is NULL).
    ///
    /// v2 adds what lets a list page walk an index instead of scoring and sorting every detection: `fused_score`,
    /// one row per (detection, fuser) holding the best finished successful fusion's rank and score (§15.2), indexed
    /// by (fuser, score, id) in both directions; `tag_pair`, one row per effective tag (`user_tags` over `tags`) of a
    /// detection, for tag filters; and an index on the `Hash:md5` metadata value, the original UI's sort key. Both
    /// tables are filled from the existing rows, reference the tag row (deleted with it) and are kept current by
    /// every write, in the write's transaction.
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
        migrator.registerMigration("v2") { db in
            try db.execute(sql: """
                CREATE TABLE fused_score (
                    detection_id TEXT NOT NULL REFERENCES detectionTag (detection_id) ON DELETE CASCADE,
                    fuser_id TEXT NOT NULL,
                    analytic_count INTEGER NOT NULL,
                    finished INTEGER NOT NULL,
                    analytic_ids TEXT NOT NULL,
                    score REAL,
                    PRIMARY KEY (detection_id, fuser_id)
                ) WITHOUT ROWID;
                CREATE INDEX fused_score_ascending ON fused_score (fuser_id, score, detection_id)
                    WHERE score IS NOT NULL;
                CREATE INDEX fused_score_descending ON fused_score (fuser_id, score DESC, detection_id)
                    WHERE score IS NOT NULL;
                CREATE TABLE tag_pair (
                    key TEXT NOT NULL,
                    value TEXT NOT NULL,
                    detection_id TEXT NOT NULL REFERENCES detectionTag (detection_id) ON DELETE CASCADE,
                    PRIMARY KEY (key, value, detection_id)
                ) WITHOUT ROWID;
                CREATE INDEX tag_pair_detection_id ON tag_pair (detection_id);
                CREATE INDEX detectionTag_meta_md5 ON detectionTag (json_extract(meta, '$."Hash:md5"'), detection_id);
                INSERT INTO tag_pair (key, value, detection_id)
                    SELECT e.key, e.value, t.detection_id
                    FROM detectionTag AS t, json_each(json_patch(t.tags, t.user_tags)) AS e;
                INSERT INTO fused_score (detection_id, fuser_id, analytic_count, finished, analytic_ids, score)
                    SELECT detection_id, fuser_id, analytic_count, finished, analytic_ids, score FROM (
                        SELECT f.*, row_number() OVER (PARTITION BY f.detection_id, f.fuser_id
                            ORDER BY f.analytic_count DESC, f.finished DESC, f.analytic_ids) AS rank
                        FROM fusion AS f JOIN detectionTag AS t ON t.detection_id = f.detection_id
                        WHERE f.succeeded = 1)
                    WHERE rank = 1;
                """)
        }
        return migrator
    }

    /// Merges into `fused_score` the best finished successful fusion per (detection, fuser) among the fusion rows
    /// `f` passing `condition`, for detections with a tag row.
    ///
    /// A stored row is replaced only by a better one (more analytics, then later, then the smaller analytic list:
    /// the order of §15.2), so merging is idempotent and never loses a better fusion merged before. A fusion row
    /// only ever becomes successful (a finished row is never rewritten) or is deleted with its detection, so merging
    /// each newly finished fusion keeps `fused_score` equal to the best of the `fusion` rows.
    static func mergeFusedScoresSQL(where condition: String) -> String {
        """
        INSERT INTO fused_score (detection_id, fuser_id, analytic_count, finished, analytic_ids, score)
        SELECT detection_id, fuser_id, analytic_count, finished, analytic_ids, score FROM (
            SELECT f.detection_id, f.fuser_id, f.analytic_count, f.finished, f.analytic_ids, f.score,
                row_number() OVER (PARTITION BY f.detection_id, f.fuser_id
                    ORDER BY f.analytic_count DESC, f.finished DESC, f.analytic_ids) AS rank
            FROM fusion AS f JOIN detectionTag AS t ON t.detection_id = f.detection_id
            WHERE f.succeeded = 1 AND \(condition))
        WHERE rank = 1
        ON CONFLICT (detection_id, fuser_id) DO UPDATE SET
            analytic_count = excluded.analytic_count, finished = excluded.finished,
            analytic_ids = excluded.analytic_ids, score = excluded.score
        WHERE (excluded.analytic_count, excluded.finished) > (fused_score.analytic_count, fused_score.finished)
            OR ((excluded.analytic_count, excluded.finished) = (fused_score.analytic_count, fused_score.finished)
                AND excluded.analytic_ids < fused_score.analytic_ids)
        """
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
    /// Undoes migration v2 (drops what it created, forgets it): leaves the file as a v1 server wrote it, so tests
    /// can check the upgrade of existing data. The v1 tables are written alike by both versions.
    package func downgradeToFirstSchema() async throws {
        try await withStore("downgrade schema") {
            try await pool.write { db in
                try db.execute(
                    sql: """
                        DROP TABLE fused_score;
                        DROP TABLE tag_pair;
                        DROP INDEX detectionTag_meta_md5;
                        DELETE FROM grdb_migrations WHERE identifier = 'v2';
                        """)
            }
        }
    }

    /// Records `identifier` as applied without running anything: lets tests simulate a file from a newer server.
    package func recordMigration(_ identifier: String) async throws {
        try await withStore("record migration") {
            try await pool.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: [identifier])
            }
        }
    }
}
