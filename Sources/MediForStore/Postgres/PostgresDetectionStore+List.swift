public import MediForProto
import PostgresNIO

extension PostgresDetectionStore {
    /// One page of detections (§15), paginated and scored in SQL.
    ///
    /// The population is the `detectionTag` table (every detection has a row). Filters: ids, creation range (on the
    /// row's first/last analytic creation), tags (`tags || user_tags @> filter`, GIN-indexed), metadata full text
    /// (`to_tsvector('english', meta) @@ plainto_tsquery('english', query)`: plain words, all required, no tsquery
    /// syntax errors; GIN-indexed) and the fused-score threshold. The fused score is the detection's `fused_score`
    /// row for the fuser. META_QUERY sorts by `ts_rank` of the same query. Every ORDER BY ends with `detection_id`,
    /// so pages are stable; without `order_by` the order is creation time, then id. `total` counts every filter.
    /// All statements read one snapshot.
    public func list(_ request: Mediforproto_DetectionListRequest) async throws -> Mediforproto_DetectionList {
        let plan = try ListPlan(request)
        let query = PostgresListQuery(plan: plan, names: names)
        return try await perform("list detections") {
            try await withTransaction(readOnly: true) { connection in
                let (page, total) = try await page(query, on: connection)
                let detections = try await detections(ids: page.map(\.id), on: connection)
                var list = Mediforproto_DetectionList()
                list.detections = zip(detections, page).map { plan.entry($0, fusedScore: $1.score) }
                list.total = Int32(clamping: total)
                list.pageToken = plan.nextToken(returned: page.count)
                return list
            }
        }
    }

    /// The ids and fused scores of the page, and `total`, read as the plan's ``ListPlan/Shape`` says.
    ///
    /// `total` comes first: it ends an empty or overrun listing early and picks the page's ``ListPlan/Access``.
    private func page(_ query: PostgresListQuery, on connection: PostgresConnection) async throws -> ([ListedRow], Int)
    {
        let plan = query.plan
        guard let counted = plan.countedPart else { return ([], 0) }
        let total = try await count(query.count(counted), on: connection)
        guard plan.offset < total else { return ([], total) }
        let access = plan.access(total: total, smallMatchCount: smallMatchCount)
        guard plan.shape == .scoredFirst else {
            let page = try query.page(counted, limit: plan.pageSize, offset: plan.offset, access: access)
            return (try await rows(page, on: connection), total)
        }
        let scored = try query.page(.scored, limit: plan.pageSize, offset: plan.offset, access: access)
        var page = try await rows(scored, on: connection)
        var scoredCount = plan.scoredCount(impliedBy: page.count)
        if scoredCount == nil { scoredCount = try await count(query.count(.scored), on: connection) }
        if let window = plan.unscoredWindow(scoredReturned: page.count, scoredCount: scoredCount ?? 0) {
            let unscored = try query.page(.unscored, limit: window.limit, offset: window.offset, access: access)
            page += try await rows(unscored, on: connection)
        }
        return (page, total)
    }

    private func rows(_ statement: PostgresQuery, on connection: PostgresConnection) async throws -> [ListedRow] {
        var rows: [ListedRow] = []
        let result = try await connection.query(statement, logger: logger)
        for try await (id, score) in result.decode((String, Double?).self) { rows.append((id: id, score: score)) }
        return rows
    }

    private func count(_ statement: PostgresQuery, on connection: PostgresConnection) async throws -> Int {
        var total: Int64 = 0
        for try await count in try await connection.query(statement, logger: logger).decode(Int64.self) {
            total = count
        }
        return Int(total)
    }
}

/// Builds the Postgres statements of a ``ListPlan``: each ``ListPlan/Part`` paged or counted, with positional
/// bindings.
///
/// The scored part reads `fused_score` through its (fuser, score, id) indexes, so a score ORDER BY and LIMIT walk an
/// index; it joins `detectionTag` only when a filter or sort needs it (a `fused_score` row always has a tag row, by
/// foreign key). A ``ListPlan/Access/matchesFirst`` page reads the filtered tag rows in a MATERIALIZED CTE, which
/// the planner computes on its own; an ``ListPlan/Access/indexFirst`` page leaves the join order to the planner.
struct PostgresListQuery {
    let plan: ListPlan
    let names: StoreNames

    /// The part's rows in the plan's order, `limit` of them after skipping `offset`.
    func page(_ part: ListPlan.Part, limit: Int, offset: Int, access: ListPlan.Access) throws -> PostgresQuery {
        var builder = Builder(plan: plan, names: names)
        let (source, conditions) = try builder.source(part, access: access)
        let order = try builder.order(part)
        let score =
            switch part {
            case .population: plan.fuserID == nil ? "NULL::double precision" : "s.score"
            case .scored: "s.score"
            case .unscored: "NULL::double precision"
            }
        let id = part == .scored ? "s.detection_id" : "t.detection_id"
        var sql = "\(source.with)SELECT \(id), \(score) FROM \(source.from)"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY \(order.joined(separator: ", ")) LIMIT \(limit) OFFSET \(offset)"
        return PostgresQuery(unsafeSQL: sql, binds: builder.binds)
    }

    /// The number of rows in the part.
    func count(_ part: ListPlan.Part) throws -> PostgresQuery {
        var builder = Builder(plan: plan, names: names)
        let (source, conditions) = try builder.source(part, access: nil)
        var sql = "SELECT count(*) FROM \(source.from)"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        return PostgresQuery(unsafeSQL: sql, binds: builder.binds)
    }

    /// Accumulates one statement's bindings.
    private struct Builder {
        let plan: ListPlan
        let names: StoreNames
        var binds = PostgresBindings()

        /// Binds `value`, returning its placeholder.
        mutating func bind(_ value: some PostgresThrowingDynamicTypeEncodable) throws -> String {
            try binds.append(value)
            return "$\(binds.count)"
        }

        /// The WITH prefix, FROM clause and WHERE conditions of `part`, for a page read with `access` or, when
        /// `nil`, a count.
        ///
        /// Where tag rows lead, each one's score is looked up in a LATERAL subquery with LIMIT 1 (the primary key
        /// allows one row anyway): the planner cannot turn it into a hash join, which it otherwise prefers, hashing
        /// all of `fused_score` to join a few thousand rows (48 ms instead of 17 ms for 2,000 matches of 100k).
        mutating func source(_ part: ListPlan.Part, access: ListPlan.Access?) throws -> (
            (with: String, from: String), [String]
        ) {
            var conditions = try filters()
            var with = ""
            var tagRows = "\(names.detectionTag) AS t"
            if access == .matchesFirst, !conditions.isEmpty {
                with = "WITH matches AS MATERIALIZED (SELECT * FROM \(names.detectionTag) AS t WHERE "
                    + conditions.joined(separator: " AND ") + ") "
                tagRows = "matches AS t"
                conditions = []
            }
            switch part {
            case .population:
                guard plan.fuserID != nil, access != nil else { return ((with, tagRows), conditions) }
                let score = try scoreLookup(columns: "s.score", scoredOnly: false)
                return ((with, "\(tagRows) LEFT JOIN LATERAL \(score) ON true"), conditions)
            case .scored:
                guard plan.hasFilters || (access != nil && plan.sortsReadTagRow) else {
                    return (("", "\(names.fusedScore) AS s"), try scoredConditions())
                }
                if access == .matchesFirst {
                    let score = try scoreLookup(columns: "s.detection_id, s.score", scoredOnly: true)
                    return ((with, "\(tagRows) CROSS JOIN LATERAL \(score)"), conditions)
                }
                let from = "\(names.fusedScore) AS s JOIN \(tagRows) ON t.detection_id = s.detection_id"
                return ((with, from), try scoredConditions() + conditions)
            case .unscored:
                let score = try scoreLookup(columns: "s.score", scoredOnly: true)
                return ((with, "\(tagRows) LEFT JOIN LATERAL \(score) ON true"), ["s.score IS NULL"] + conditions)
            }
        }

        /// The conditions on `s` of the scored part: the fuser, a score, the threshold.
        private mutating func scoredConditions() throws -> [String] {
            var scored = ["s.fuser_id = \(try bind(plan.fuserID ?? ""))", "s.score IS NOT NULL"]
            if let threshold = plan.threshold {
                scored.append("s.score \(threshold.isGreater ? ">" : "<") \(try bind(threshold.value))")
            }
            return scored
        }

        /// A LATERAL subquery `s` with `columns` of tag row `t`'s `fused_score` row for the fuser (only a scored
        /// one, past the threshold if there is one, when `scoredOnly`).
        private mutating func scoreLookup(columns: String, scoredOnly: Bool) throws -> String {
            var conditions = ["s.detection_id = t.detection_id"]
            if scoredOnly {
                conditions += try scoredConditions()
            } else {
                conditions.append("s.fuser_id = \(try bind(plan.fuserID ?? ""))")
            }
            return "(SELECT \(columns) FROM \(names.fusedScore) AS s WHERE "
                + conditions.joined(separator: " AND ") + " LIMIT 1) AS s"
        }

        /// The ORDER BY terms of `part`, ending with the id tiebreak.
        mutating func order(_ part: ListPlan.Part) throws -> [String] {
            var order: [String] = []
            for sort in part == .unscored ? plan.unscoredSorts : plan.sorts {
                switch sort {
                case .score(let ascending):
                    // Scored rows have no NULL; the plain direction is the one the score indexes are built in.
                    order.append("s.score \(ascending ? "ASC" : "DESC")\(part == .scored ? "" : " NULLS LAST")")
                case .meta(let key, let ascending):
                    // The same expression as the `Hash:md5` index (a bound key is folded into the custom plan).
                    order.append(
                        "(t.meta ->> \(try bind(key))::text) COLLATE \"C\" \(ascending ? "ASC" : "DESC") NULLS LAST")
                case .metaQuery(let text, let ascending):
                    order.append(
                        """
                        ts_rank(to_tsvector('english', t.meta), plainto_tsquery('english', \(try bind(text))::text)) \
                        \(ascending ? "ASC" : "DESC") NULLS LAST
                        """)
                }
            }
            if plan.sorts.isEmpty { order.append("t.created ASC") }
            order.append(part == .scored ? "s.detection_id ASC" : "t.detection_id ASC")
            return order
        }

        private mutating func filters() throws -> [String] {
            var conditions: [String] = []
            if !plan.detectionIDs.isEmpty {
                conditions.append("t.detection_id = ANY(\(try bind(plan.detectionIDs))::text[])")
            }
            if let start = plan.startMs { conditions.append("t.last_created >= \(try bind(start))") }
            if let end = plan.endMs { conditions.append("t.created <= \(try bind(end))") }
            if !plan.tags.isEmpty {
                let filter = try StoredJSON.encode(
                    Dictionary(plan.tags.map { ($0.key, $0.value) }) { _, last in last })
                conditions.append("(t.tags || t.user_tags) @> \(try bind(filter))::jsonb")
            }
            if let metaQuery = plan.metaQuery {
                conditions.append(
                    """
                    to_tsvector('english', t.meta) @@ plainto_tsquery('english', \(try bind(metaQuery))::text)
                    """)
            }
            return conditions
        }
    }
}
