import Foundation
import GRDB
public import MediForProto

extension SQLiteDetectionStore {
    /// One page of detections (§15), paginated and scored in SQL.
    ///
    /// The population is the `detectionTag` table (every detection has a row). Filters: ids, creation range (on the
    /// row's first/last analytic creation), tags (`user_tags` over `tags`, through `tag_pair`), plain-text metadata
    /// (every whitespace-separated term occurs, case-insensitively, in some metadata value) and the fused-score
    /// threshold. The fused score is the detection's `fused_score` row for the fuser. META_QUERY ranks by the number
    /// of query terms found. Every ORDER BY ends with `detection_id`, so pages are stable; without `order_by` the
    /// order is creation time, then id. `total` counts every filter. All statements read one snapshot.
    public func list(_ request: Mediforproto_DetectionListRequest) async throws -> Mediforproto_DetectionList {
        let plan = try ListPlan(request)
        let query = SQLiteListQuery(plan: plan)
        return try await withStore("list detections") {
            try await pool.read { db in
                let (page, total) = try Self.page(query, smallMatchCount: smallMatchCount, in: db)
                let detections = try Self.detections(ids: page.map(\.id), in: db)
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
    private static func page(
        _ query: SQLiteListQuery, smallMatchCount: Int, in db: Database
    ) throws -> ([ListedRow], Int) {
        let plan = query.plan
        guard let counted = plan.countedPart else { return ([], 0) }
        let total = try count(query.count(counted), in: db)
        guard plan.offset < total else { return ([], total) }
        let access = plan.access(total: total, smallMatchCount: smallMatchCount)
        guard plan.shape == .scoredFirst else {
            let page = query.page(counted, limit: plan.pageSize, offset: plan.offset, access: access)
            return (try rows(page, in: db), total)
        }
        var page = try rows(query.page(.scored, limit: plan.pageSize, offset: plan.offset, access: access), in: db)
        let scoredCount = try plan.scoredCount(impliedBy: page.count) ?? count(query.count(.scored), in: db)
        if let window = plan.unscoredWindow(scoredReturned: page.count, scoredCount: scoredCount) {
            page += try rows(query.page(.unscored, limit: window.limit, offset: window.offset, access: access), in: db)
        }
        return (page, total)
    }

    private static func rows(_ statement: SQLiteStatement, in db: Database) throws -> [ListedRow] {
        try Row.fetchAll(db, sql: statement.sql, arguments: statement.arguments).map {
            (id: $0["detection_id"], score: $0["fused_score"])
        }
    }

    private static func count(_ statement: SQLiteStatement, in db: Database) throws -> Int {
        try Int.fetchOne(db, sql: statement.sql, arguments: statement.arguments) ?? 0
    }
}

/// One SQLite statement with its named arguments.
struct SQLiteStatement {
    var sql: String
    var arguments: StatementArguments
}

/// Builds the SQLite statements of a ``ListPlan``: each ``ListPlan/Part`` paged or counted, selecting
/// `detection_id` and `fused_score`.
///
/// The scored part reads `fused_score` through its (fuser, score, id) indexes, so a score ORDER BY and LIMIT walk an
/// index; it joins `detectionTag` only when a filter or sort needs it (a `fused_score` row always has a tag row, by
/// foreign key). A page's ``ListPlan/Access`` is imposed on the planner: CROSS JOIN fixes which table leads, and a
/// unary `+` keeps a filter from choosing the index (SQLite's documented ways to steer it).
struct SQLiteListQuery {
    let plan: ListPlan

    /// The part's rows in the plan's order, `limit` of them after skipping `offset`.
    func page(_ part: ListPlan.Part, limit: Int, offset: Int, access: ListPlan.Access) -> SQLiteStatement {
        var builder = Builder(plan: plan)
        let (source, conditions) = builder.source(part, access: access)
        let order = builder.order(part)
        let score =
            switch part {
            case .population: plan.fuserID == nil ? "NULL" : "s.score"
            case .scored: "s.score"
            case .unscored: "NULL"
            }
        let id = part == .scored ? "s.detection_id" : "t.detection_id"
        var sql = "SELECT \(id) AS detection_id, \(score) AS fused_score FROM \(source)"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY \(order.joined(separator: ", ")) LIMIT \(limit) OFFSET \(offset)"
        return SQLiteStatement(sql: sql, arguments: StatementArguments(builder.arguments))
    }

    /// The number of rows in the part.
    func count(_ part: ListPlan.Part) -> SQLiteStatement {
        var builder = Builder(plan: plan)
        let (source, conditions) = builder.source(part, access: nil)
        var sql = "SELECT count(*) FROM \(source)"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        return SQLiteStatement(sql: sql, arguments: StatementArguments(builder.arguments))
    }

    /// The SQL string literal of the JSON path `$."key"`, or `nil` when the key cannot be quoted in a path (it is
    /// empty, or holds a double quote, a backslash or a control character).
    static func metaPathLiteral(_ key: String) -> String? {
        guard !key.isEmpty, !key.unicodeScalars.contains(where: { $0 == "\"" || $0 == "\\" || $0.value < 0x20 })
        else { return nil }
        return "'$.\"\(key.replacingOccurrences(of: "'", with: "''"))\"'"
    }

    /// Accumulates one statement's named arguments.
    private struct Builder {
        let plan: ListPlan
        var arguments: [String: (any DatabaseValueConvertible)?] = [:]

        /// Binds `value`, returning its placeholder.
        mutating func bind(_ value: some DatabaseValueConvertible) -> String {
            let name = "p\(arguments.count)"
            arguments[name] = value
            return ":\(name)"
        }

        /// The FROM clause and WHERE conditions of `part`, for a page read with `access` or, when `nil`, a count.
        mutating func source(_ part: ListPlan.Part, access: ListPlan.Access?) -> (String, [String]) {
            var conditions = filters(indexed: access != .indexFirst)
            switch part {
            case .population:
                guard let fuserID = plan.fuserID, access != nil else { return ("detectionTag AS t", conditions) }
                let join = "s.detection_id = t.detection_id AND s.fuser_id = \(bind(fuserID))"
                return ("detectionTag AS t LEFT JOIN fused_score AS s ON \(join)", conditions)
            case .scored:
                var scored = ["s.fuser_id = \(bind(plan.fuserID ?? ""))", "s.score IS NOT NULL"]
                if let threshold = plan.threshold {
                    scored.append("s.score \(threshold.isGreater ? ">" : "<") \(bind(threshold.value))")
                }
                guard plan.hasFilters || (access != nil && plan.sortsReadTagRow) else {
                    return ("fused_score AS s", scored)
                }
                let join = "ON s.detection_id = t.detection_id"
                let source =
                    switch access {
                    case nil: "fused_score AS s JOIN detectionTag AS t \(join)"
                    case .matchesFirst: "detectionTag AS t CROSS JOIN fused_score AS s \(join)"
                    case .indexFirst: "fused_score AS s CROSS JOIN detectionTag AS t \(join)"
                    }
                return (source, scored + conditions)
            case .unscored:
                conditions.insert(
                    """
                    NOT EXISTS (SELECT 1 FROM fused_score AS s WHERE s.detection_id = t.detection_id \
                    AND s.fuser_id = \(bind(plan.fuserID ?? "")) AND s.score IS NOT NULL)
                    """, at: 0)
                return ("detectionTag AS t", conditions)
            }
        }

        /// The ORDER BY terms of `part`, ending with the id tiebreak.
        mutating func order(_ part: ListPlan.Part) -> [String] {
            var order: [String] = []
            for sort in part == .unscored ? plan.unscoredSorts : plan.sorts {
                switch sort {
                case .score(let ascending):
                    // Scored rows have no NULL, and a plain direction matches the score indexes.
                    order.append("s.score \(ascending ? "ASC" : "DESC")\(part == .scored ? "" : " NULLS LAST")")
                case .meta(let key, let ascending):
                    order.append("\(metaValue(key)) \(ascending ? "ASC" : "DESC") NULLS LAST")
                case .metaQuery(let text, let ascending):
                    let terms = ListPlan.terms(of: text)
                    let rank =
                        terms.isEmpty
                        ? "0" : terms.map { "(instr(t.meta_text, \(bind($0))) > 0)" }.joined(separator: " + ")
                    order.append("(\(rank)) \(ascending ? "ASC" : "DESC") NULLS LAST")
                }
            }
            if plan.sorts.isEmpty { order.append("t.created ASC") }
            order.append(part == .scored ? "s.detection_id ASC" : "t.detection_id ASC")
            return order
        }

        /// The text of `meta[key]`. A key that can be written as a JSON path literal uses `json_extract` (the same
        /// expression as the `Hash:md5` index, so that sort walks the index); any other key reads `json_each`.
        mutating func metaValue(_ key: String) -> String {
            guard let path = SQLiteListQuery.metaPathLiteral(key) else {
                return "(SELECT m.value FROM json_each(t.meta) AS m WHERE m.key = \(bind(key)))"
            }
            return "json_extract(t.meta, \(path))"
        }

        /// The filter conditions on `t`; unless `indexed`, a unary `+` keeps each from choosing the plan's index.
        private mutating func filters(indexed: Bool) -> [String] {
            let column = { (name: String) in indexed ? "t.\(name)" : "+t.\(name)" }
            var conditions: [String] = []
            if !plan.detectionIDs.isEmpty {
                let ids = (try? StoredJSON.encode(plan.detectionIDs)) ?? "[]"
                conditions.append("\(column("detection_id")) IN (SELECT value FROM json_each(\(bind(ids))))")
            }
            if let start = plan.startMs { conditions.append("\(column("last_created")) >= \(bind(start))") }
            if let end = plan.endMs { conditions.append("\(column("created")) <= \(bind(end))") }
            for (key, value) in plan.tags {
                conditions.append(
                    """
                    \(column("detection_id")) IN (SELECT p.detection_id FROM tag_pair AS p \
                    WHERE p.key = \(bind(key)) AND p.value = \(bind(value)))
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
}
