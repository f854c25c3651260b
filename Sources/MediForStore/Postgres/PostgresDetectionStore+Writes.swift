import Logging
public import MediForProto
import PostgresNIO

extension PostgresDetectionStore {
    public func createDetection(_ detection: NewDetection) async throws -> [String: String?] {
        let analytics = try detection.validatedAnalytics()
        let now = clock.nowMs()
        let ids = analytics.map(\.analyticID)
        let taskIDs = analytics.map(\.taskID)
        let requests = try analytics.map { try StoredJSON.encode($0.detection) }
        let tags = try StoredJSON.encode(detection.tags)
        let userTags = try StoredJSON.encode(detection.userTags)
        let meta = try StoredJSON.encode(detection.meta)
        let id = detection.id
        return try await perform("create detection") {
            try await withTransaction { connection in
                try await connection.query(
                    """
                    INSERT INTO \(unescaped: names.detectionTag) AS t \
                    (detection_id, tags, user_tags, meta, created, last_created) \
                    VALUES (\(id), \(tags)::jsonb, \(userTags)::jsonb, \(meta)::jsonb, \(now), \(now)) \
                    ON CONFLICT (detection_id) DO UPDATE SET tags = t.tags || excluded.tags, \
                    user_tags = t.user_tags || excluded.user_tags, meta = t.meta || excluded.meta
                    """, logger: logger)
                // Fusions stored before the tag row existed count from now on (a no-op for a new detection).
                try await mergeFusedScores(detectionID: id, on: connection)
                let inserted = try await connection.query(
                    """
                    INSERT INTO \(unescaped: names.detection) (detection_id, analytic_id, task_id, created, detection) \
                    SELECT \(id), u.a, u.t, \(now), u.d::jsonb FROM unnest(\(ids)::text[], \(taskIDs)::text[], \
                    \(requests)::text[]) AS u(a, t, d) \
                    ON CONFLICT (detection_id, analytic_id) DO NOTHING RETURNING analytic_id
                    """, logger: logger)
                var insertedCount = 0
                for try await _ in inserted.decode(String.self) { insertedCount += 1 }
                if insertedCount > 0 {
                    try await connection.query(
                        """
                        UPDATE \(unescaped: names.detectionTag) SET last_created = greatest(last_created, \(now)) \
                        WHERE detection_id = \(id)
                        """, logger: logger)
                }
                let rows = try await connection.query(
                    """
                    SELECT analytic_id, task_id, finished FROM \(unescaped: names.detection) \
                    WHERE detection_id = \(id) AND analytic_id = ANY(\(ids)::text[])
                    """, logger: logger)
                var result: [String: String?] = [:]
                for try await (analyticID, taskID, finished) in rows.decode((String, String, Int64?).self) {
                    result[analyticID] = finished == nil ? taskID : String?.none
                }
                return result
            }
        }
    }

    public func recordAnalyticResult(
        detectionID: String, analyticID: String, detection: Mediforproto_Detection
    ) async throws -> RecordOutcome {
        let json = try StoredJSON.encode(detection)
        let now = clock.nowMs()
        let outcome = try await perform("record analytic result") {
            try await withTransaction { connection -> RecordOutcome in
                let updated = try await connection.query(
                    """
                    UPDATE \(unescaped: names.detection) SET finished = \(now), task_id = \(nilTaskID), \
                    detection = \(json)::jsonb \
                    WHERE detection_id = \(detectionID) AND analytic_id = \(analyticID) AND finished IS NULL \
                    RETURNING 1
                    """, logger: logger)
                if try await Self.count(updated) > 0 { return .recorded }
                let existing = try await connection.query(
                    """
                    SELECT 1 FROM \(unescaped: names.detection) \
                    WHERE detection_id = \(detectionID) AND analytic_id = \(analyticID)
                    """, logger: logger)
                return try await Self.count(existing) > 0 ? .alreadyFinished : .notFound
            }
        }
        logOutcome(outcome, [LogKey.detectionID: "\(detectionID)", LogKey.analyticID: "\(analyticID)"])
        return outcome
    }

    public func createFusions(_ fusions: [NewFusion], tags: [String: String]) async throws -> [String: String?] {
        for fusion in fusions { try fusion.validate() }
        let now = clock.nowMs()
        let tagsJSON = try StoredJSON.encode(tags)
        let requests = try fusions.map { try StoredJSON.encode($0.fusion) }
        let detectionIDs = Array(Set(fusions.map(\.detectionID))).sorted()
        return try await perform("create fusions") {
            try await withTransaction { connection in
                if !tags.isEmpty {
                    try await connection.query(
                        """
                        INSERT INTO \(unescaped: names.fusionTag) AS t (detection_id, tags) \
                        SELECT u.id, \(tagsJSON)::jsonb FROM unnest(\(detectionIDs)::text[]) AS u(id) \
                        ON CONFLICT (detection_id) DO UPDATE SET tags = coalesce(t.tags, '{}') || excluded.tags
                        """, logger: logger)
                }
                var result: [String: String?] = [:]
                for (fusion, request) in zip(fusions, requests) {
                    let analyticIDs = fusion.normalizedAnalyticIDs
                    try await connection.query(
                        """
                        INSERT INTO \(unescaped: names.fusion) \
                        (detection_id, fuser_id, analytic_ids, task_id, created, fusion) \
                        VALUES (\(fusion.detectionID), \(fusion.fuserID), \(analyticIDs)::text[], \(fusion.taskID), \
                        \(now), \(request)::jsonb) ON CONFLICT DO NOTHING
                        """, logger: logger)
                    let rows = try await connection.query(
                        """
                        SELECT task_id, finished FROM \(unescaped: names.fusion) \
                        WHERE detection_id = \(fusion.detectionID) \
                        AND fuser_id = \(fusion.fuserID) AND analytic_ids = \(analyticIDs)::text[]
                        """, logger: logger)
                    for try await (taskID, finished) in rows.decode((String, Int64?).self) {
                        result[fusion.fuserID] = finished == nil ? taskID : String?.none
                    }
                }
                return result
            }
        }
    }

    public func recordFusionResult(
        detectionID: String, fuserID: String, analyticIDs: [String], fusion: Mediforproto_Fusion
    ) async throws -> RecordOutcome {
        let json = try StoredJSON.encode(fusion)
        let ids = Array(Set(analyticIDs)).sorted()
        let now = clock.nowMs()
        let outcome = try await perform("record fusion result") {
            try await withTransaction { connection -> RecordOutcome in
                let key: PostgresQuery = """
                    SELECT 1 FROM \(unescaped: names.fusion) WHERE detection_id = \(detectionID) \
                    AND fuser_id = \(fuserID) AND analytic_ids = \(ids)::text[]
                    """
                let updated = try await connection.query(
                    """
                    UPDATE \(unescaped: names.fusion) SET finished = \(now), task_id = \(nilTaskID), \
                    fusion = \(json)::jsonb WHERE detection_id = \(detectionID) AND fuser_id = \(fuserID) \
                    AND analytic_ids = \(ids)::text[] AND finished IS NULL RETURNING 1
                    """, logger: logger)
                if try await Self.count(updated) > 0 {
                    try await mergeFusedScores(detectionID: detectionID, fuserID: fuserID, on: connection)
                    return .recorded
                }
                return try await Self.count(try await connection.query(key, logger: logger)) > 0
                    ? .alreadyFinished : .notFound
            }
        }
        logOutcome(outcome, [LogKey.detectionID: "\(detectionID)", LogKey.fuserID: "\(fuserID)"])
        return outcome
    }

    public func deleteDetection(id: String) async throws -> Bool {
        try await perform("delete detection") {
            try await withTransaction { connection in
                var deleted = 0
                // Fusion rows first: a concurrent result for one of them either finished before (and its score row
                // is deleted below) or finds the row gone; locking the tag row first could deadlock with it.
                let tables = [names.fusion, names.fusedScore, names.fusionTag, names.detection, names.detectionTag]
                for table in tables {
                    let rows = try await connection.query(
                        "DELETE FROM \(unescaped: table) WHERE detection_id = \(id) RETURNING 1", logger: logger)
                    deleted += try await Self.count(rows)
                }
                return deleted > 0
            }
        }
    }

    public func updateUserTags(_ request: Mediforproto_UpdateDetectionTagsRequest) async throws {
        let id = request.detectionID
        try await perform("update tags") {
            try await withTransaction { connection in
                // A detection stored without a tag row (by an older writer) gets one rather than a silent no-op.
                let inserted = try await connection.query(
                    """
                    INSERT INTO \(unescaped: names.detectionTag) (detection_id, created, last_created) \
                    SELECT detection_id, min(created), max(created) FROM \(unescaped: names.detection) \
                    WHERE detection_id = \(id) GROUP BY detection_id ON CONFLICT DO NOTHING RETURNING 1
                    """, logger: logger)
                if try await Self.count(inserted) > 0 { try await mergeFusedScores(detectionID: id, on: connection) }
                let rows = try await connection.query(
                    """
                    SELECT user_tags::text FROM \(unescaped: names.detectionTag) WHERE detection_id = \(id) FOR UPDATE
                    """, logger: logger)
                var current: String?
                for try await text in rows.decode(String.self) { current = text }
                guard let current else { throw StoreError.notFound("detection \(id) not found") }
                let updated = try StoredJSON.encode(request.applied(to: try StoredJSON.decodeMap(current)))
                try await connection.query(
                    """
                    UPDATE \(unescaped: names.detectionTag) SET user_tags = \(updated)::jsonb WHERE detection_id = \(id)
                    """, logger: logger)
            }
        }
    }

    /// Merges the best successful fusion of one detection (of one fuser, or of each) into `fused_score`.
    private func mergeFusedScores(
        detectionID: String, fuserID: String? = nil, on connection: PostgresConnection
    ) async throws {
        var binds = PostgresBindings()
        binds.append(detectionID)
        var condition = "f.detection_id = $1"
        if let fuserID {
            binds.append(fuserID)
            condition += " AND f.fuser_id = $2"
        }
        let sql = Self.mergeFusedScoresSQL(names, where: condition)
        try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
    }

    /// The number of rows a query returned (draining it).
    static func count(_ rows: PostgresRowSequence) async throws -> Int {
        var count = 0
        for try await _ in rows { count += 1 }
        return count
    }

    /// Says why a result changed nothing (the original dropped these silently).
    func logOutcome(_ outcome: RecordOutcome, _ metadata: Logger.Metadata) {
        switch outcome {
        case .recorded: logger.debug("result stored", metadata: metadata)
        case .alreadyFinished: logger.debug("result ignored: already finished", metadata: metadata)
        case .notFound: logger.info("result ignored: no such pending row (deleted?)", metadata: metadata)
        }
    }
}
