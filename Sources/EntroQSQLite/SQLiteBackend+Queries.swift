public import EntroQ
internal import GRDB

extension SQLiteBackend {
    /// Lists the tasks with the given ids (in the order given, optionally only those in `query.queue`), or the
    /// tasks of `query.queue`; a query naming neither lists nothing.
    ///
    /// The claimant filter and limit of a queue listing run in SQL, so a long queue is not read whole.
    public func tasks(_ query: TaskQuery) async throws(QueueError) -> [EntroQTask] {
        if query.ids.isEmpty && query.queue.isEmpty { return [] }
        let now = clock.nowMs()
        let found = try await withStore("list tasks") {
            try await pool.read { db -> [EntroQTask] in
                guard query.ids.isEmpty else {
                    let stored = try TaskRecord.fetch(ids: query.ids, omitValues: query.omitValues, in: db)
                    var tasks = query.ids.compactMap { stored[$0] }
                    if !query.queue.isEmpty { tasks.removeAll { $0.queue != query.queue } }
                    return tasks
                }
                return try Self.queueTasks(query, now: now, in: db)
            }
        }
        return found.listed(query, now: now)
    }

    /// Statistics of the non-empty queues the query selects, from one grouped scan.
    ///
    /// Exact names and prefixes are OR-ed (both empty selects every queue) and compared literally: `%` and `_`
    /// in a prefix are ordinary characters.
    public func queueStats(_ query: QueueQuery) async throws(QueueError) -> [QueueStats] {
        let now = clock.nowMs()
        return try await withStore("queue stats") {
            try await pool.read { db in
                let (sql, arguments) = try Self.statsStatement(query, now: now)
                return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                    QueueStats(
                        name: try row.decode(forColumn: "queue"), numTasks: try row.decode(forColumn: "total"),
                        numClaimed: try row.decode(forColumn: "claimed"),
                        numAvailable: try row.decode(forColumn: "available"),
                        numFuture: try row.decode(forColumn: "future"),
                        maxClaims: try row.decode(forColumn: "max_claims"))
                }
            }
        }
    }

    /// The grouped statistics query for `query` at server time `now`, with its arguments.
    private static func statsStatement(_ query: QueueQuery, now: Int64) throws -> (String, StatementArguments) {
        var filters: [String] = []
        var arguments: StatementArguments = ["now": now, "limit": query.limit > 0 ? query.limit : -1]
        if !query.matchExact.isEmpty {
            filters.append("queue IN (SELECT e.value FROM json_each(:exact) AS e)")
            arguments += ["exact": try TaskRecord.jsonArray(query.matchExact)]
        }
        if !query.matchPrefix.isEmpty {
            filters.append("""
                EXISTS (SELECT 1 FROM json_each(:prefixes) AS p WHERE substr(queue, 1, length(p.value)) = p.value)
                """)
            arguments += ["prefixes": try TaskRecord.jsonArray(query.matchPrefix)]
        }
        let sql = """
            SELECT queue,
                COUNT(*) AS total,
                SUM(CASE WHEN at <= :now THEN 1 ELSE 0 END) AS available,
                SUM(CASE WHEN at > :now AND claims > 0 THEN 1 ELSE 0 END) AS claimed,
                SUM(CASE WHEN at > :now AND claims <= 0 THEN 1 ELSE 0 END) AS future,
                MAX(claims) AS max_claims
            FROM \(TaskRecord.table)
            \(filters.isEmpty ? "" : "WHERE " + filters.joined(separator: " OR "))
            GROUP BY queue
            LIMIT :limit
            """
        return (sql, arguments)
    }

    /// The tasks of `query.queue` not held by anyone but `query.claimant` (when given), at most `query.limit`.
    private static func queueTasks(_ query: TaskQuery, now: Int64, in db: Database) throws -> [EntroQTask] {
        var sql = """
            SELECT \(TaskRecord.selection(omitValues: query.omitValues)) FROM \(TaskRecord.table)
            WHERE queue = :queue
            """
        var arguments: StatementArguments = ["queue": query.queue, "now": now, "claimant": query.claimant]
        if !query.claimant.isEmpty {
            sql += " AND NOT (at > :now AND claims > 0 AND claimant <> '' AND claimant <> :claimant)"
        }
        sql += " ORDER BY id"
        if query.limit > 0 {
            sql += " LIMIT :limit"
            arguments += ["limit": query.limit]
        }
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map(TaskRecord.task(from:))
    }
}
