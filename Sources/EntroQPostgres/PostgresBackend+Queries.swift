import EntroQ
import Logging
import PostgresNIO

extension PostgresBackend {
    /// Lists the tasks with the given ids (in the order given, optionally only those in `query.queue`), or the
    /// tasks of `query.queue` in id order; a query naming neither lists nothing.
    ///
    /// The claimant filter and the limit of a queue listing are applied in SQL.
    ///
    /// - Throws: ``QueueError/Code/unavailable`` when the store is down.
    public func tasks(_ query: TaskQuery) async throws -> [EntroQTask] {
        if query.ids.isEmpty && query.queue.isEmpty { return [] }
        return try await perform("tasks") {
            let now = clock.nowMs()
            let columns = query.omitValues ? TaskRows.columnsWithoutValue : TaskRows.columns
            let found = try await withConnection { connection in
                if !query.ids.isEmpty {
                    let rows = try await TaskRows.fetch(
                        """
                        SELECT \(unescaped: columns) FROM \(unescaped: names.tasks) \
                        WHERE id = ANY(\(query.ids)::text[]) AND (\(query.queue) = '' OR queue = \(query.queue))
                        """, on: connection, logger: logger)
                    let byID = Dictionary(rows.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
                    return query.ids.compactMap { byID[$0] }
                }
                let limit: Int64? = query.limit > 0 ? Int64(query.limit) : nil
                return try await TaskRows.fetch(
                    """
                    SELECT \(unescaped: columns) FROM \(unescaped: names.tasks) \
                    WHERE queue = \(query.queue) \
                    AND (\(query.claimant) = '' \
                    OR NOT (at > \(now) AND claims > 0 AND claimant <> '' AND claimant <> \(query.claimant))) \
                    ORDER BY id LIMIT \(limit)
                    """, on: connection, logger: logger)
            }
            return found.listed(query, now: now)
        }
    }

    /// Statistics of the non-empty queues the query selects, in one `GROUP BY` over the table.
    ///
    /// - Throws: ``QueueError/Code/unavailable`` when the store is down.
    public func queueStats(_ query: QueueQuery) async throws -> [QueueStats] {
        try await perform("queue stats") {
            let now = clock.nowMs()
            let selectsAll = query.matchExact.isEmpty && query.matchPrefix.isEmpty
            let patterns = query.matchPrefix.map { Self.likePattern(prefix: $0) }
            let limit: Int64? = query.limit > 0 ? Int64(query.limit) : nil
            return try await withConnection { connection in
                let rows = try await connection.query(
                    """
                    SELECT queue, count(*), \
                    count(*) FILTER (WHERE at > \(now) AND claims > 0), \
                    count(*) FILTER (WHERE at <= \(now)), \
                    count(*) FILTER (WHERE at > \(now) AND claims = 0), \
                    COALESCE(max(claims), 0) \
                    FROM \(unescaped: names.tasks) \
                    WHERE \(selectsAll) OR queue = ANY(\(query.matchExact)::text[]) \
                    OR queue LIKE ANY(\(patterns)::text[]) \
                    GROUP BY queue ORDER BY queue LIMIT \(limit)
                    """, logger: logger)
                var stats: [QueueStats] = []
                for try await (name, tasks, claimed, available, future, maxClaims) in rows.decode(
                    (String, Int64, Int64, Int64, Int64, Int32).self)
                {
                    stats.append(
                        QueueStats(
                            name: name, numTasks: Int(tasks), numClaimed: Int(claimed), numAvailable: Int(available),
                            numFuture: Int(future), maxClaims: Int(maxClaims)))
                }
                return stats
            }
        }
    }

    /// A `LIKE` pattern matching names that start with `prefix` (`\`, `%` and `_` escaped).
    static func likePattern(prefix: String) -> String {
        var pattern = ""
        for character in prefix {
            if character == "\\" || character == "%" || character == "_" { pattern.append("\\") }
            pattern.append(character)
        }
        return pattern + "%"
    }
}
