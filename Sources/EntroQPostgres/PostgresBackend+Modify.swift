import EntroQ
import Logging
import PostgresNIO

extension PostgresBackend {
    /// The longest payload `pg_notify` accepts is 7999 bytes; claims on longer queue names rely on their poll.
    static let maxNotifyPayloadBytes = 7999

    /// Applies a modification in one transaction, retried on serialization failures and deadlocks.
    ///
    /// The referenced tasks are locked (`SELECT … FOR UPDATE`, in id order so that concurrent modifications lock in
    /// the same order), the shared ``ModificationPlan`` decides the outcome, and the plan is written: deletes, then
    /// changes, then inserts. Queues that received available tasks are notified through `pg_notify` inside the
    /// transaction (delivered at commit) and in this process directly.
    ///
    /// - Throws: ``QueueError/Code/dependency`` listing every failing item, with nothing committed (an explicit
    ///   id inserted concurrently by another transaction included); ``QueueError/Code/invalidArgument`` for a
    ///   malformed modification; ``QueueError/Code/unavailable`` when the store is down.
    public func modify(_ modification: Modification) async throws -> ModifyResult {
        try modification.validate()
        let plan = try await perform("modify") {
            try await retryingConflicts("modify") {
                try await withTransaction { connection in
                    try await apply(modification, on: connection)
                }
            }
        }
        notifier.notify(all: plan.queuesToNotify)
        return plan.result
    }

    /// Plans and writes `modification` inside the caller's transaction.
    private func apply(_ modification: Modification, on connection: PostgresConnection) async throws
        -> ModificationPlan
    {
        let now = clock.nowMs()
        var existing: [String: EntroQTask] = [:]
        let ids = modification.referencedIDs
        if !ids.isEmpty {
            let locked = try await TaskRows.fetch(
                """
                SELECT \(unescaped: TaskRows.columns) FROM \(unescaped: names.tasks) \
                WHERE id = ANY(\(ids)::text[]) ORDER BY id FOR UPDATE
                """, on: connection, logger: logger)
            for task in locked { existing[task.id] = task }
        }
        let plan = try ModificationPlan(modification, existing: existing, now: now, makeID: TaskIDGenerator.make)
        if !plan.deletes.isEmpty {
            try await connection.query(
                "DELETE FROM \(unescaped: names.tasks) WHERE id = ANY(\(plan.deletes)::text[])", logger: logger)
        }
        if !plan.changed.isEmpty {
            try await connection.query(try TaskColumnArrays(plan.changed).updateQuery(in: names), logger: logger)
        }
        if !plan.inserted.isEmpty {
            try await insert(plan.inserted, on: connection)
        }
        let payloads = plan.queuesToNotify.filter { $0.utf8.count <= Self.maxNotifyPayloadBytes }
        if !payloads.isEmpty {
            try await connection.query(
                "SELECT pg_notify(\(names.channel), q) FROM unnest(\(Array(payloads))::text[]) AS q", logger: logger)
        }
        return plan
    }

    /// Inserts `tasks`; an id that exists by now (inserted by a transaction that committed after the lookup, or
    /// a generated id that collides) fails the modification with an INSERT failure for each such id.
    private func insert(_ tasks: [EntroQTask], on connection: PostgresConnection) async throws {
        let rows = try await connection.query(try TaskColumnArrays(tasks).insertQuery(into: names), logger: logger)
        var inserted = Set<String>()
        for try await id in rows.decode(String.self) { inserted.insert(id) }
        let collided = tasks.filter { !inserted.contains($0.id) }
        guard !collided.isEmpty else { return }
        let found = try await TaskRows.fetch(
            """
            SELECT \(unescaped: TaskRows.columns) FROM \(unescaped: names.tasks) \
            WHERE id = ANY(\(collided.map(\.id))::text[])
            """, on: connection, logger: logger)
        let byID = Dictionary(found.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        throw QueueError.dependency(
            collided.map { task in
                DependencyFailure(
                    kind: .insert, id: byID[task.id]?.taskID ?? task.taskID, message: "task id already exists")
            })
    }
}
