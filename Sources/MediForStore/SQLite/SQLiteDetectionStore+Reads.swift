import GRDB
public import MediForProto

extension SQLiteDetectionStore {
    public func detection(id: String, wantFused: Bool) async throws -> StoredDetection {
        try await withStore("read detection") {
            try await pool.read { db in
                guard let detection = try Self.detections(ids: [id], in: db).first else {
                    throw StoreError.notFound("detection \(id) not found")
                }
                guard wantFused else { return detection }
                var result = detection
                result.fusions = try Self.bestFusions(detectionID: id, in: db)
                return result
            }
        }
    }

    public func fusions(detectionID: String) async throws -> [StoredFusion] {
        try await withStore("read fusions") {
            try await pool.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT fuser_id, analytic_ids, fusion, finished FROM fusion WHERE detection_id = ?
                        ORDER BY fuser_id, created, analytic_ids
                        """,
                    arguments: [detectionID]
                ).map(Self.fusion(from:))
            }
        }
    }

    public func analyticRow(detectionID: String, analyticID: String) async throws -> StoredAnalytic? {
        try await withStore("read analytic row") {
            try await pool.read { db in
                try Row.fetchOne(
                    db, sql: "SELECT * FROM detection WHERE detection_id = ? AND analytic_id = ?",
                    arguments: [detectionID, analyticID]
                ).map(Self.analytic(from:))
            }
        }
    }

    public func detectionIDs() async throws -> [String] {
        try await withStore("list detection ids") {
            try await pool.read { db in
                try String.fetchAll(
                    db,
                    sql: """
                        SELECT detection_id FROM detectionTag UNION SELECT detection_id FROM detection
                        ORDER BY detection_id
                        """)
            }
        }
    }

    public func tagInfo(_ request: Mediforproto_DetectionTagInfoRequest) async throws -> Mediforproto_DetectionTagInfo {
        var required: [String] = []
        var arguments: StatementArguments = []
        for (key, value) in request.requireTags.sorted(by: { $0.key < $1.key }) {
            required.append("""
                coalesce((SELECT u.value FROM json_each(t.user_tags) AS u WHERE u.key = ?),
                    (SELECT s.value FROM json_each(t.tags) AS s WHERE s.key = ?)) = ?
                """)
            arguments += [key, key, value]
        }
        let population = required.isEmpty ? "" : "WHERE " + required.joined(separator: " AND ")
        let sql = """
            SELECT 0 AS is_user, e.key AS key, e.value AS value, count(*) AS n
            FROM detectionTag AS t, json_each(t.tags) AS e \(population) GROUP BY e.key, e.value
            UNION ALL
            SELECT 1, e.key, e.value, count(*)
            FROM detectionTag AS t, json_each(t.user_tags) AS e \(population) GROUP BY e.key, e.value
            """
        let allArguments = arguments + arguments
        let counts = try await withStore("tag info") {
            try await pool.read { db in
                try Row.fetchAll(db, sql: sql, arguments: allArguments).map { row in
                    (isUser: row["is_user"] as Int64 == 1, key: row["key"] as String, value: row["value"] ?? "",
                     count: Int32(clamping: row["n"] as Int64))
                }
            }
        }
        var info = Mediforproto_DetectionTagInfo()
        for entry in counts where !TagPairKey.isSkipped(entry.key, prefixes: request.skipPrefixes) {
            let pair = TagPairKey.make(key: entry.key, value: entry.value)
            if entry.isUser {
                info.userTagCounts[pair] = entry.count
            } else {
                info.tagCounts[pair] = entry.count
            }
        }
        return info
    }

    /// The detections with these ids (tag row and analytic rows), in the order given; unknown ids are skipped.
    static func detections(ids: [String], in db: Database) throws -> [StoredDetection] {
        guard !ids.isEmpty else { return [] }
        let list = try StoredJSON.encode(ids)
        var found: [String: StoredDetection] = [:]
        let tagRows = try Row.fetchAll(
            db,
            sql: """
                SELECT detection_id, tags, user_tags, meta FROM detectionTag
                WHERE detection_id IN (SELECT value FROM json_each(?))
                """,
            arguments: [list])
        for row in tagRows {
            let id: String = row["detection_id"]
            found[id] = StoredDetection(
                id: id, tags: try StoredJSON.decodeMap(row["tags"]),
                userTags: try StoredJSON.decodeMap(row["user_tags"]),
                meta: try StoredJSON.decodeMap(row["meta"]))
        }
        let analyticRows = try Row.fetchAll(
            db,
            sql: """
                SELECT * FROM detection WHERE detection_id IN (SELECT value FROM json_each(?))
                ORDER BY detection_id, created, analytic_id
                """,
            arguments: [list])
        for row in analyticRows {
            let id: String = row["detection_id"]
            found[id, default: StoredDetection(id: id)].analytics.append(try analytic(from: row))
        }
        return ids.compactMap { found[$0] }
    }

    /// Per fuser, the finished successful fusion covering the most analytics (latest first on a tie).
    static func bestFusions(detectionID: String, in db: Database) throws -> [StoredFusion] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT fuser_id, analytic_ids, fusion, finished FROM (
                    SELECT *, row_number() OVER (
                        PARTITION BY fuser_id ORDER BY analytic_count DESC, finished DESC, analytic_ids) AS rank
                    FROM fusion WHERE detection_id = ? AND succeeded = 1)
                WHERE rank = 1 ORDER BY fuser_id
                """,
            arguments: [detectionID])
        return try rows.map(fusion(from:))
    }

    static func fusion(from row: Row) throws -> StoredFusion {
        StoredFusion(
            fuserID: row["fuser_id"], analyticIDs: try StoredJSON.decodeList(row["analytic_ids"]),
            fusion: try StoredJSON.decode(Mediforproto_Fusion.self, from: row["fusion"]),
            finishedMs: row["finished"])
    }

    static func analytic(from row: Row) throws -> StoredAnalytic {
        let finished: Int64? = row["finished"]
        return StoredAnalytic(
            analyticID: row["analytic_id"],
            detection: try StoredJSON.decode(Mediforproto_Detection.self, from: row["detection"]),
            createdMs: row["created"], finishedMs: finished, taskID: finished == nil ? row["task_id"] : nil)
    }
}
