import EntroQ
import Logging
import PostgresNIO

extension PostgresBackend {
    /// Claims a random available task from one of the request's queues (tried in random order), or returns `nil`.
    ///
    /// Each queue is probed with a random 16-hex-digit pivot: the first available row at or after it in id order,
    /// else the first before it, locked with `FOR UPDATE SKIP LOCKED` so concurrent claimers never wait for each
    /// other or take the same task. Randomness keeps a poison task at the head from blocking a queue.
    ///
    /// - Throws: ``QueueError/Code/invalidArgument`` for a malformed request, ``QueueError/Code/cancelled`` when the
    ///   caller went away (nothing is committed then), ``QueueError/Code/unavailable`` when the store is down.
    public func tryClaim(_ request: ClaimRequest) async throws -> EntroQTask? {
        let request = try request.validated()
        if Task.isCancelled { throw QueueError(code: .cancelled, message: "claim cancelled") }
        return try await perform("claim") {
            let now = clock.nowMs()
            return try await withTransaction { connection in
                for queue in request.queues.shuffled() {
                    guard let task = try await lockRandomAvailable(in: queue, now: now, on: connection) else {
                        continue
                    }
                    let claimed = task.claimed(by: request.claimant, now: now, durationMs: request.durationMs)
                    try await connection.query(
                        """
                        UPDATE \(unescaped: names.tasks) SET version = \(claimed.version), claims = \(claimed.claims), \
                        at = \(claimed.atMs), claimant = \(claimed.claimant), modified = \(claimed.modifiedMs) \
                        WHERE id = \(claimed.id)
                        """, logger: logger)
                    // A claim must never be committed for a caller that has gone away.
                    if Task.isCancelled { throw QueueError(code: .cancelled, message: "claim cancelled") }
                    return claimed
                }
                return nil
            }
        }
    }

    /// Locks and returns a random available task of `queue`, or `nil`.
    private func lockRandomAvailable(
        in queue: String, now: Int64, on connection: PostgresConnection
    ) async throws -> EntroQTask? {
        let pivot = TaskIDGenerator.make()
        let atOrAfter = try await TaskRows.fetch(
            """
            SELECT \(unescaped: TaskRows.columns) FROM \(unescaped: names.tasks) \
            WHERE queue = \(queue) AND at <= \(now) AND id >= \(pivot) \
            ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED
            """, on: connection, logger: logger)
        if let task = atOrAfter.first { return task }
        let before = try await TaskRows.fetch(
            """
            SELECT \(unescaped: TaskRows.columns) FROM \(unescaped: names.tasks) \
            WHERE queue = \(queue) AND at <= \(now) AND id < \(pivot) \
            ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED
            """, on: connection, logger: logger)
        return before.first
    }
}
