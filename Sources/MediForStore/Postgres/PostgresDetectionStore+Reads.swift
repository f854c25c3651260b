public import MediForProto
import PostgresNIO

extension PostgresDetectionStore {
    public func detection(id: String, wantFused: Bool) async throws -> StoredDetection {
        try await perform("read detection") {
            try await withTransaction(readOnly: true) { connection in
                guard var detection = try await detections(ids: [id], on: connection).first else {
                    throw StoreError.notFound("detection \(id) not found")
                }
                if wantFused { detection.fusions = try await bestFusions(detectionID: id, on: connection) }
                return detection
            }
        }
    }

    public func fusions(detectionID: String) async throws -> [StoredFusion] {
        try await perform("read fusions") {
            let rows = try await client.query(
                """
                SELECT fuser_id, analytic_ids, fusion::text, finished FROM \(unescaped: names.fusion) \
                WHERE detection_id = \(detectionID) ORDER BY fuser_id, created, analytic_ids
                """, logger: logger)
            return try await Self.fusions(from: rows)
        }
    }

    public func analyticRow(detectionID: String, analyticID: String) async throws -> StoredAnalytic? {
        try await perform("read analytic row") {
            let rows = try await client.query(
                """
                SELECT \(unescaped: Self.analyticColumns) FROM \(unescaped: names.detection) \
                WHERE detection_id = \(detectionID) AND analytic_id = \(analyticID)
                """, logger: logger)
            var found: StoredAnalytic?
            for try await row in rows { found = try Self.analytic(from: row).1 }
            return found
        }
    }

    public func detectionIDs() async throws -> [String] {
        try await perform("list detection ids") {
            let rows = try await client.query(
                """
                SELECT detection_id FROM \(unescaped: names.detectionTag) UNION \
                SELECT detection_id FROM \(unescaped: names.detection) ORDER BY 1
                """, logger: logger)
            var ids: [String] = []
            for try await id in rows.decode(String.self) { ids.append(id) }
            return ids
        }
    }

    /// Tag pair counts (§18); skip prefixes are compared literally with `starts_with`, never as LIKE patterns.
    public func tagInfo(_ request: Mediforproto_DetectionTagInfoRequest) async throws -> Mediforproto_DetectionTagInfo {
        let required = try StoredJSON.encode(request.requireTags)
        let prefixes = request.skipPrefixes.filter { !$0.isEmpty }
        return try await perform("tag info") {
            let rows = try await client.query(
                """
                WITH population AS (SELECT tags, user_tags FROM \(unescaped: names.detectionTag) \
                WHERE (tags || user_tags) @> \(required)::jsonb) \
                SELECT false, e.key, e.value, count(*) FROM population, jsonb_each_text(population.tags) AS e \
                WHERE NOT EXISTS (SELECT 1 FROM unnest(\(prefixes)::text[]) AS p WHERE starts_with(e.key, p)) \
                GROUP BY e.key, e.value \
                UNION ALL \
                SELECT true, e.key, e.value, count(*) FROM population, jsonb_each_text(population.user_tags) AS e \
                WHERE NOT EXISTS (SELECT 1 FROM unnest(\(prefixes)::text[]) AS p WHERE starts_with(e.key, p)) \
                GROUP BY e.key, e.value
                """, logger: logger)
            var info = Mediforproto_DetectionTagInfo()
            for try await (isUser, key, value, count) in rows.decode((Bool, String, String, Int64).self) {
                let pair = TagPairKey.make(key: key, value: value)
                if isUser {
                    info.userTagCounts[pair] = Int32(clamping: count)
                } else {
                    info.tagCounts[pair] = Int32(clamping: count)
                }
            }
            return info
        }
    }

    static let analyticColumns = "detection_id, analytic_id, task_id, created, finished, detection::text"

    static func analytic(from row: PostgresRow) throws -> (String, StoredAnalytic) {
        let (detectionID, analyticID, taskID, created, finished, json) = try row.decode(
            (String, String, String, Int64, Int64?, String?).self)
        let analytic = StoredAnalytic(
            analyticID: analyticID, detection: try StoredJSON.decode(Mediforproto_Detection.self, from: json),
            createdMs: created, finishedMs: finished, taskID: finished == nil ? taskID : nil)
        return (detectionID, analytic)
    }

    /// The detections with these ids (tag row and analytic rows), in the order given; unknown ids are skipped.
    func detections(ids: [String], on connection: PostgresConnection) async throws -> [StoredDetection] {
        guard !ids.isEmpty else { return [] }
        var found: [String: StoredDetection] = [:]
        let tagRows = try await connection.query(
            """
            SELECT detection_id, tags::text, user_tags::text, meta::text FROM \(unescaped: names.detectionTag) \
            WHERE detection_id = ANY(\(ids)::text[])
            """, logger: logger)
        for try await (id, tags, userTags, meta) in tagRows.decode((String, String, String, String).self) {
            found[id] = StoredDetection(
                id: id, tags: try StoredJSON.decodeMap(tags), userTags: try StoredJSON.decodeMap(userTags),
                meta: try StoredJSON.decodeMap(meta))
        }
        let analyticRows = try await connection.query(
            """
            SELECT \(unescaped: Self.analyticColumns) FROM \(unescaped: names.detection) \
            WHERE detection_id = ANY(\(ids)::text[]) ORDER BY detection_id, created, analytic_id
            """, logger: logger)
        for try await row in analyticRows {
            let (id, analytic) = try Self.analytic(from: row)
            found[id, default: StoredDetection(id: id)].analytics.append(analytic)
        }
        return ids.compactMap { found[$0] }
    }

    /// Per fuser, the finished successful fusion covering the most analytics (latest first on a tie).
    func bestFusions(detectionID: String, on connection: PostgresConnection) async throws -> [StoredFusion] {
        let rows = try await connection.query(
            """
            SELECT DISTINCT ON (fuser_id) fuser_id, analytic_ids, fusion::text, finished \
            FROM \(unescaped: names.fusion) WHERE detection_id = \(detectionID) AND succeeded \
            ORDER BY fuser_id, analytic_count DESC, finished DESC, analytic_ids
            """, logger: logger)
        return try await Self.fusions(from: rows)
    }

    static func fusions(from rows: PostgresRowSequence) async throws -> [StoredFusion] {
        var fusions: [StoredFusion] = []
        for try await (fuserID, analyticIDs, json, finished) in rows.decode((String, [String], String?, Int64?).self) {
            fusions.append(
                StoredFusion(
                    fuserID: fuserID, analyticIDs: analyticIDs,
                    fusion: try StoredJSON.decode(Mediforproto_Fusion.self, from: json), finishedMs: finished))
        }
        return fusions
    }
}
