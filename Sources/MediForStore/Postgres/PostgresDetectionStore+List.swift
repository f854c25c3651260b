public import MediForProto
import PostgresNIO

extension PostgresDetectionStore {
    /// One page of detections (§15), paginated and scored in SQL.
    ///
    /// The population is the `detectionTag` table (every detection has a row). Filters: ids, creation range (on the
    /// row's first/last analytic creation), tags (`tags || user_tags @> filter`, GIN-indexed), metadata full text
    /// (`to_tsvector('english', meta) @@ plainto_tsquery('english', query)`: plain words, all required, no tsquery
    /// syntax errors; GIN-indexed) and the fused-score threshold. META_QUERY sorts by `ts_rank` of the same query.
    /// Every ORDER BY ends with `detection_id`, so pages are stable; without `order_by` the order is creation time,
    /// then id. `total` counts every filter. Both statements read one snapshot.
    public func list(_ request: Mediforproto_DetectionListRequest) async throws -> Mediforproto_DetectionList {
        let plan = try ListPlan(request)
        var builder = PostgresListQuery(plan: plan, names: names)
        let (filtered, order) = try builder.build()
        let pageSQL = """
            SELECT detection_id, fused_score FROM (\(filtered)) AS page ORDER BY \(order) \
            LIMIT \(plan.pageSize) OFFSET \(plan.offset)
            """
        let countSQL = "SELECT count(*) FROM (\(filtered)) AS matching"
        let binds = builder.binds
        return try await perform("list detections") {
            try await withTransaction(readOnly: true) { connection in
                let rows = try await connection.query(PostgresQuery(unsafeSQL: pageSQL, binds: binds), logger: logger)
                var page: [(String, Double?)] = []
                for try await row in rows.decode((String, Double?).self) { page.append(row) }
                let counted = try await connection.query(
                    PostgresQuery(unsafeSQL: countSQL, binds: binds), logger: logger)
                var total: Int64 = 0
                for try await count in counted.decode(Int64.self) { total = count }
                let detections = try await detections(ids: page.map(\.0), on: connection)
                var list = Mediforproto_DetectionList()
                list.detections = zip(detections, page).map { plan.entry($0, fusedScore: $1.1) }
                list.total = Int32(clamping: total)
                list.pageToken = plan.nextToken(returned: page.count)
                return list
            }
        }
    }
}

/// Builds the Postgres list statement of a ``ListPlan`` with positional bindings.
struct PostgresListQuery {
    let plan: ListPlan
    let names: StoreNames
    private(set) var binds = PostgresBindings()

    init(plan: ListPlan, names: StoreNames) {
        self.plan = plan
        self.names = names
    }

    /// Binds `value`, returning its placeholder.
    mutating func bind(_ value: some PostgresThrowingDynamicTypeEncodable) throws -> String {
        try binds.append(value)
        return "$\(binds.count)"
    }

    /// The filtered selection (with `detection_id`, `created`, `fused_score` and sort columns) and its ORDER BY.
    mutating func build() throws -> (String, String) {
        var columns = ["t.detection_id", "t.created"]
        if let fuserID = plan.fuserID {
            columns.append("""
                (SELECT f.score FROM \(names.fusion) AS f WHERE f.detection_id = t.detection_id \
                AND f.fuser_id = \(try bind(fuserID)) AND f.succeeded \
                ORDER BY f.analytic_count DESC, f.finished DESC, f.analytic_ids LIMIT 1) AS fused_score
                """)
        } else {
            columns.append("NULL::double precision AS fused_score")
        }
        var order: [String] = []
        for (index, sort) in plan.sorts.enumerated() {
            let direction: String
            switch sort {
            case .score(let ascending):
                order.append("fused_score \(ascending ? "ASC" : "DESC") NULLS LAST")
                continue
            case .meta(let key, let ascending):
                columns.append("(t.meta ->> \(try bind(key))::text) COLLATE \"C\" AS sort\(index)")
                direction = ascending ? "ASC" : "DESC"
            case .metaQuery(let text, let ascending):
                columns.append("""
                    ts_rank(to_tsvector('english', t.meta), plainto_tsquery('english', \(try bind(text))::text)) \
                    AS sort\(index)
                    """)
                direction = ascending ? "ASC" : "DESC"
            }
            order.append("sort\(index) \(direction) NULLS LAST")
        }
        if plan.sorts.isEmpty { order.append("created ASC") }
        order.append("detection_id ASC")
        var sql = "SELECT \(columns.joined(separator: ", ")) FROM \(names.detectionTag) AS t"
        let conditions = try filters()
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        if let threshold = plan.threshold {
            let value = try bind(threshold.value)
            sql = "SELECT * FROM (\(sql)) AS scored WHERE fused_score \(threshold.isGreater ? ">" : "<") \(value)"
        }
        return (sql, order.joined(separator: ", "))
    }

    private mutating func filters() throws -> [String] {
        var conditions: [String] = []
        if !plan.detectionIDs.isEmpty {
            conditions.append("t.detection_id = ANY(\(try bind(plan.detectionIDs))::text[])")
        }
        if let start = plan.startMs { conditions.append("t.last_created >= \(try bind(start))") }
        if let end = plan.endMs { conditions.append("t.created <= \(try bind(end))") }
        if !plan.tags.isEmpty {
            let filter = try StoredJSON.encode(Dictionary(plan.tags.map { ($0.key, $0.value) }) { _, last in last })
            conditions.append("(t.tags || t.user_tags) @> \(try bind(filter))::jsonb")
        }
        if let metaQuery = plan.metaQuery {
            conditions.append("""
                to_tsvector('english', t.meta) @@ plainto_tsquery('english', \(try bind(metaQuery))::text)
                """)
        }
        return conditions
    }
}
