import GRDB
import Logging
public import MediForProto

extension SQLiteDetectionStore {
    public func createDetection(_ detection: NewDetection) async throws -> [String: String?] {
        let analytics = try detection.validatedAnalytics()
        let now = clock.nowMs()
        let encoded = try analytics.map { ($0, try StoredJSON.encode($0.detection)) }
        let tags = try StoredJSON.encode(detection.tags)
        let userTags = try StoredJSON.encode(detection.userTags)
        let meta = try StoredJSON.encode(detection.meta)
        return try await withStore("create detection") {
            try await pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO detectionTag (detection_id, tags, user_tags, meta, created, last_created)
                        VALUES (:id, :tags, :userTags, :meta, :now, :now)
                        ON CONFLICT (detection_id) DO UPDATE SET
                            tags = json_patch(tags, excluded.tags),
                            user_tags = json_patch(user_tags, excluded.user_tags),
                            meta = json_patch(meta, excluded.meta)
                        """,
                    arguments: ["id": detection.id, "tags": tags, "userTags": userTags, "meta": meta, "now": now])
                try Self.refreshSearchText(detectionID: detection.id, in: db)
                try Self.refreshTagPairs(detectionID: detection.id, in: db)
                // Fusions stored before the tag row existed count from now on (a no-op for a new detection).
                try Self.mergeFusedScores(detectionID: detection.id, in: db)
                var taskIDs: [String: String?] = [:]
                var inserted = false
                for (analytic, json) in encoded {
                    try db.execute(
                        sql: """
                            INSERT INTO detection (detection_id, analytic_id, task_id, created, detection)
                            VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                            """,
                        arguments: [detection.id, analytic.analyticID, analytic.taskID, now, json])
                    if db.changesCount > 0 {
                        inserted = true
                        taskIDs[analytic.analyticID] = analytic.taskID
                        continue
                    }
                    let existing = try Row.fetchOne(
                        db, sql: "SELECT task_id, finished FROM detection WHERE detection_id = ? AND analytic_id = ?",
                        arguments: [detection.id, analytic.analyticID])
                    let isFinished = (existing?["finished"] as Int64?) != nil
                    taskIDs[analytic.analyticID] = isFinished ? String?.none : existing?["task_id"] as String?
                }
                if inserted {
                    try db.execute(
                        sql: "UPDATE detectionTag SET last_created = max(last_created, ?) WHERE detection_id = ?",
                        arguments: [now, detection.id])
                }
                return taskIDs
            }
        }
    }

    public func recordAnalyticResult(
        detectionID: String, analyticID: String, detection: Mediforproto_Detection
    ) async throws -> RecordOutcome {
        let json = try StoredJSON.encode(detection)
        let now = clock.nowMs()
        let outcome = try await withStore("record analytic result") {
            try await pool.write { db -> RecordOutcome in
                try db.execute(
                    sql: """
                        UPDATE detection SET finished = ?, task_id = ?, detection = ?
                        WHERE detection_id = ? AND analytic_id = ? AND finished IS NULL
                        """,
                    arguments: [now, nilTaskID, json, detectionID, analyticID])
                if db.changesCount > 0 { return .recorded }
                let exists = try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM detection WHERE detection_id = ? AND analytic_id = ?)",
                    arguments: [detectionID, analyticID]) ?? false
                return exists ? .alreadyFinished : .notFound
            }
        }
        logOutcome(outcome, [LogKey.detectionID: "\(detectionID)", LogKey.analyticID: "\(analyticID)"])
        return outcome
    }

    public func createFusions(_ fusions: [NewFusion], tags: [String: String]) async throws -> [String: String?] {
        for fusion in fusions { try fusion.validate() }
        let now = clock.nowMs()
        let rows = try fusions.map { fusion in
            (fusion, try StoredJSON.encode(fusion.normalizedAnalyticIDs), try StoredJSON.encode(fusion.fusion))
        }
        let tagsJSON = try StoredJSON.encode(tags)
        let detectionIDs = Set(fusions.map(\.detectionID))
        return try await withStore("create fusions") {
            try await pool.write { db in
                if !tags.isEmpty {
                    for detectionID in detectionIDs {
                        try db.execute(
                            sql: """
                                INSERT INTO fusionTag (detection_id, tags) VALUES (?, ?) ON CONFLICT (detection_id)
                                DO UPDATE SET tags = json_patch(coalesce(tags, '{}'), excluded.tags)
                                """,
                            arguments: [detectionID, tagsJSON])
                    }
                }
                var taskIDs: [String: String?] = [:]
                for (fusion, analyticIDs, json) in rows {
                    try db.execute(
                        sql: """
                            INSERT INTO fusion (detection_id, fuser_id, analytic_ids, task_id, created, fusion)
                            VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                            """,
                        arguments: [fusion.detectionID, fusion.fuserID, analyticIDs, fusion.taskID, now, json])
                    if db.changesCount > 0 {
                        taskIDs[fusion.fuserID] = fusion.taskID
                        continue
                    }
                    let existing = try Row.fetchOne(
                        db,
                        sql: """
                            SELECT task_id, finished FROM fusion
                            WHERE detection_id = ? AND fuser_id = ? AND analytic_ids = ?
                            """,
                        arguments: [fusion.detectionID, fusion.fuserID, analyticIDs])
                    let isFinished = (existing?["finished"] as Int64?) != nil
                    taskIDs[fusion.fuserID] = isFinished ? String?.none : existing?["task_id"] as String?
                }
                return taskIDs
            }
        }
    }

    public func recordFusionResult(
        detectionID: String, fuserID: String, analyticIDs: [String], fusion: Mediforproto_Fusion
    ) async throws -> RecordOutcome {
        let json = try StoredJSON.encode(fusion)
        let ids = try StoredJSON.encode(Array(Set(analyticIDs)).sorted())
        let now = clock.nowMs()
        let outcome = try await withStore("record fusion result") {
            try await pool.write { db -> RecordOutcome in
                try db.execute(
                    sql: """
                        UPDATE fusion SET finished = ?, task_id = ?, fusion = ?
                        WHERE detection_id = ? AND fuser_id = ? AND analytic_ids = ? AND finished IS NULL
                        """,
                    arguments: [now, nilTaskID, json, detectionID, fuserID, ids])
                if db.changesCount > 0 {
                    try Self.mergeFusedScores(detectionID: detectionID, fuserID: fuserID, in: db)
                    return .recorded
                }
                let exists = try Bool.fetchOne(
                    db,
                    sql: """
                        SELECT EXISTS (SELECT 1 FROM fusion
                            WHERE detection_id = ? AND fuser_id = ? AND analytic_ids = ?)
                        """,
                    arguments: [detectionID, fuserID, ids]) ?? false
                return exists ? .alreadyFinished : .notFound
            }
        }
        logOutcome(outcome, [LogKey.detectionID: "\(detectionID)", LogKey.fuserID: "\(fuserID)"])
        return outcome
    }

    public func deleteDetection(id: String) async throws -> Bool {
        try await withStore("delete detection") {
            try await pool.write { db in
                var deleted = 0
                for table in ["fusion", "fused_score", "fusionTag", "detection", "tag_pair", "detectionTag"] {
                    try db.execute(sql: "DELETE FROM \(table) WHERE detection_id = ?", arguments: [id])
                    deleted += db.changesCount
                }
                return deleted > 0
            }
        }
    }

    public func updateUserTags(_ request: Mediforproto_UpdateDetectionTagsRequest) async throws {
        let now = clock.nowMs()
        try await withStore("update tags") {
            try await pool.write { db in
                let id = request.detectionID
                let current = try String.fetchOne(
                    db, sql: "SELECT user_tags FROM detectionTag WHERE detection_id = ?", arguments: [id])
                if current == nil {
                    // A detection stored without a tag row (by an older writer) gets one rather than a silent no-op.
                    let created = try Int64.fetchOne(
                        db, sql: "SELECT min(created) FROM detection WHERE detection_id = ?", arguments: [id])
                    guard let created else { throw StoreError.notFound("detection \(id) not found") }
                    let last = try Int64.fetchOne(
                        db, sql: "SELECT max(created) FROM detection WHERE detection_id = ?", arguments: [id]) ?? now
                    try db.execute(
                        sql: "INSERT INTO detectionTag (detection_id, created, last_created) VALUES (?, ?, ?)",
                        arguments: [id, created, last])
                    try Self.mergeFusedScores(detectionID: id, in: db)
                }
                let updated = request.applied(to: try StoredJSON.decodeMap(current))
                try db.execute(
                    sql: "UPDATE detectionTag SET user_tags = ? WHERE detection_id = ?",
                    arguments: [try StoredJSON.encode(updated), id])
                try Self.refreshTagPairs(detectionID: id, in: db)
            }
        }
    }

    /// Recomputes the lowercased metadata search text of one tag row.
    private static func refreshSearchText(detectionID: String, in db: Database) throws {
        let meta = try String.fetchOne(
            db, sql: "SELECT meta FROM detectionTag WHERE detection_id = ?", arguments: [detectionID])
        let text = StoredJSON.searchText(of: try StoredJSON.decodeMap(meta))
        try db.execute(
            sql: "UPDATE detectionTag SET meta_text = ? WHERE detection_id = ?", arguments: [text, detectionID])
    }

    /// Rewrites the `tag_pair` rows of one detection from its tag row (user tags winning).
    private static func refreshTagPairs(detectionID: String, in db: Database) throws {
        try db.execute(sql: "DELETE FROM tag_pair WHERE detection_id = ?", arguments: [detectionID])
        try db.execute(
            sql: """
                INSERT INTO tag_pair (key, value, detection_id)
                SELECT e.key, e.value, t.detection_id
                FROM detectionTag AS t, json_each(json_patch(t.tags, t.user_tags)) AS e WHERE t.detection_id = ?
                """,
            arguments: [detectionID])
    }

    /// Merges the best successful fusion of one detection (of one fuser, or of each) into `fused_score`.
    private static func mergeFusedScores(detectionID: String, fuserID: String? = nil, in db: Database) throws {
        if let fuserID {
            try db.execute(
                sql: mergeFusedScoresSQL(where: "f.detection_id = ? AND f.fuser_id = ?"),
                arguments: [detectionID, fuserID])
        } else {
            try db.execute(sql: mergeFusedScoresSQL(where: "f.detection_id = ?"), arguments: [detectionID])
        }
    }

    /// Says at `debug` why a result changed nothing (the original dropped these silently).
    func logOutcome(_ outcome: RecordOutcome, _ metadata: Logger.Metadata) {
        switch outcome {
        case .recorded: logger.debug("result stored", metadata: metadata)
        case .alreadyFinished: logger.debug("result ignored: already finished", metadata: metadata)
        case .notFound: logger.info("result ignored: no such pending row (deleted?)", metadata: metadata)
        }
    }
}
