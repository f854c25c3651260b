public import EntroQ
internal import GRDB
import Logging

extension SQLiteBackend {
    /// Claims a random available task from one of the request's queues, or returns `nil` at once.
    ///
    /// The queues are tried in random order, and within a queue the task is chosen at random (not oldest
    /// first), so a poison task cannot block its queue. The look-up and the claim are one write transaction.
    ///
    /// - Throws: ``QueueError/Code/invalidArgument`` for a malformed request, ``QueueError/Code/cancelled``
    ///   when the calling task was cancelled (nothing is committed then), or a store error.
    public func tryClaim(_ request: ClaimRequest) async throws(QueueError) -> EntroQTask? {
        let request = try request.validated()
        if Task.isCancelled { throw QueueError(code: .cancelled, message: "claim cancelled") }
        let clock = self.clock
        let claimed = try await withStore("claim") {
            try await pool.write { db -> EntroQTask? in
                let now = clock.nowMs()
                var rng = SystemRandomNumberGenerator()
                for queue in request.queues.shuffled(using: &rng) {
                    guard let task = try Self.randomAvailable(in: queue, now: now, using: &rng, db: db) else {
                        continue
                    }
                    let claimed = task.claimed(by: request.claimant, now: now, durationMs: request.durationMs)
                    guard try TaskRecord.update(claimed, expectedVersion: task.version, in: db) else {
                        // The writer connection serializes claims, so the row cannot have moved under us.
                        throw QueueError(code: .internalError, message: "queue store error")
                    }
                    // Cancellation after this point surfaces from COMMIT as a CancellationError and rolls back.
                    if Task.isCancelled { throw QueueError(code: .cancelled, message: "claim cancelled") }
                    return claimed
                }
                return nil
            }
        }
        if let claimed {
            logger.debug(
                "claimed task",
                metadata: ["entroq.task.id": "\(claimed.id)", "entroq.queue": "\(claimed.queue)"])
        }
        return claimed
    }

    /// How many available tasks following the random pivot a claim chooses among.
    static let claimCandidates = 8

    /// A random available task of `queue`, found through the `(queue, id)` index without scanning the queue.
    ///
    /// Server-generated ids are random hex, so the available tasks at or after a random hex pivot start at a
    /// near-uniformly chosen place; the search wraps around to the ids below the pivot when too few follow it.
    /// Picking among a few candidates there keeps the choice random even for client ids that are not uniform
    /// hex (`task-1`, `task-2`, ...), where every pivot lands before the same first ids.
    static func randomAvailable(
        in queue: String, now: Int64, using rng: inout some RandomNumberGenerator, db: Database
    ) throws -> EntroQTask? {
        let pivot = String(rng.next() as UInt64, radix: 16).leftPadded(to: 16)
        var candidates: [String] = []
        for comparison in [">=", "<"] where candidates.count < claimCandidates {
            candidates += try String.fetchAll(
                db,
                sql: """
                    SELECT id FROM \(TaskRecord.table)
                    WHERE queue = ? AND at <= ? AND id \(comparison) ?
                    ORDER BY id LIMIT ?
                    """,
                arguments: [queue, now, pivot, claimCandidates - candidates.count])
        }
        guard let id = candidates.randomElement(using: &rng) else { return nil }
        return try TaskRecord.fetch(id: id, in: db)
    }
}

extension String {
    /// The string with leading zeros up to `length` characters.
    fileprivate func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
