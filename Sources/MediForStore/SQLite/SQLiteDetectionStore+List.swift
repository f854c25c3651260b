import GRDB
public import MediForProto

extension SQLiteDetectionStore {
    /// One page of detections (§15), paginated and scored in SQL.
    ///
    /// The population is the `detectionTag` table (every detection has a row). Filters: ids, creation range (on the
    /// row's first/last analytic creation), tags (`user_tags` over `tags`), plain-text metadata (every
    /// whitespace-separated term occurs, case-insensitively, in some metadata value) and the fused-score threshold.
    /// META_QUERY ranks by the number of query terms found. Every ORDER BY ends with `detection_id`, so pages are
    /// stable; without `order_by` the order is creation time, then id. `total` counts every filter.
    public func list(_ request: Mediforproto_DetectionListRequest) async throws -> Mediforproto_DetectionList {
        let plan = try ListPlan(request)
        var query = SQLiteListQuery(plan: plan)
        let (filtered, order) = query.build()
        let pageSQL = "\(filtered) ORDER BY \(order) LIMIT \(plan.pageSize) OFFSET \(plan.offset)"
        let countSQL = "SELECT count(*) FROM (\(filtered))"
        let arguments = StatementArguments(query.arguments)
        return try await withStore("list detections") {
            try await pool.read { db in
                let page = try Row.fetchAll(db, sql: pageSQL, arguments: arguments)
                let total = try Int.fetchOne(db, sql: countSQL, arguments: arguments) ?? 0
                let ids: [String] = page.map { $0["detection_id"] }
                let detections = try Self.detections(ids: ids, in: db)
                var list = Mediforproto_DetectionList()
                list.detections = zip(detections, page).map { detection, row in
                    plan.entry(detection, fusedScore: row["fused_score"])
                }
                list.total = Int32(clamping: total)
                list.pageToken = plan.nextToken(returned: page.count)
                return list
            }
        }
    }
}

/// Builds the SQLite list statement of a ``ListPlan`` with named arguments.
struct SQLiteListQuery {
    let plan: ListPlan
    private(set) var arguments: [String: (any DatabaseValueConvertible)?] = [:]

    init(plan: ListPlan) {
        self.plan = plan
    }

    /// Binds `value`, returning its placeholder.
    mutating func bind(_ value: some DatabaseValueConvertible) -> String {
        let name = "p\(arguments.count)"
        arguments[name] = value
        return ":\(name)"
    }

    /// The filtered selection (a full SELECT with `detection_id`, `created`, `fused_score` and sort columns) and
    /// its ORDER BY list.
    mutating func build() -> (String, String) {
        var columns = ["t.detection_id AS detection_id", "t.created AS created"]
        if let fuserID = plan.fuserID {
            let fuser = bind(fuserID)
            columns.append("""
                (SELECT f.score FROM fusion AS f
                 WHERE f.detection_id = t.detection_id AND f.fuser_id = \(fuser) AND f.succeeded = 1
                 ORDER BY f.analytic_count DESC, f.finished DESC, f.analytic_ids LIMIT 1) AS fused_score
                """)
        } else {
            columns.append("NULL AS fused_score")
        }
        var order: [String] = []
        for (index, sort) in plan.sorts.enumerated() {
            switch sort {
            case .score(let ascending):
                order.append("fused_score \(ascending ? "ASC" : "DESC") NULLS LAST")
            case .meta(let key, let ascending):
                let keyName = bind(key)
                columns.append("(SELECT m.value FROM json_each(t.meta) AS m WHERE m.key = \(keyName)) AS sort\(index)")
                order.append("sort\(index) \(ascending ? "ASC" : "DESC") NULLS LAST")
            case .metaQuery(let text, let ascending):
                let terms = ListPlan.terms(of: text)
                let rank = terms.isEmpty
                    ? "0" : terms.map { "(instr(t.meta_text, \(bind($0))) > 0)" }.joined(separator: " + ")
                columns.append("(\(rank)) AS sort\(index)")
                order.append("sort\(index) \(ascending ? "ASC" : "DESC") NULLS LAST")
            }
        }
        if plan.sorts.isEmpty { order.append("created ASC") }
        order.append("detection_id ASC")
        let conditions = filters()
        var sql = "SELECT \(columns.joined(separator: ", ")) FROM detectionTag AS t"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        if let threshold = plan.threshold {
            sql = "SELECT * FROM (\(sql)) WHERE fused_score \(threshold.isGreater ? ">" : "<") \(bind(threshold.value))"
        }
        return (sql, order.joined(separator: ", "))
    }

    private mutating func filters() -> [String] {
        var conditions: [String] = []
        if !plan.detectionIDs.isEmpty {
            let ids = (try? StoredJSON.encode(plan.detectionIDs)) ?? "[]"
            conditions.append("t.detection_id IN (SELECT value FROM json_each(\(bind(ids))))")
        }
        if let start = plan.startMs { conditions.append("t.last_created >= \(bind(start))") }
        if let end = plan.endMs { conditions.append("t.created <= \(bind(end))") }
        for (key, value) in plan.tags {
            let keyName = bind(key)
            conditions.append("""
                coalesce((SELECT u.value FROM json_each(t.user_tags) AS u WHERE u.key = \(keyName)),
                    (SELECT s.value FROM json_each(t.tags) AS s WHERE s.key = \(keyName))) = \(bind(value))
                """)
        }
        if let metaQuery = plan.metaQuery {
            for term in ListPlan.terms(of: metaQuery) {
                conditions.append("instr(t.meta_text, \(bind(term))) > 0")
            }
        }
        return conditions
    }
}
