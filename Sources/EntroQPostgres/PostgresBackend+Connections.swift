import EntroQ
import Logging
import PostgresNIO

extension PostgresBackend {
    /// What one lease of a connection produced.
    private enum LeaseOutcome<Result: Sendable>: Sendable {
        case done(Result)
        /// The pool lent a connection that had already closed; lease again.
        case closed
    }

    /// Leases a pooled connection for `body`.
    ///
    /// The pool learns that a connection closed only once the close has completed. A connection handed back while
    /// it is still closing would be lent to the next caller, and a query written to it after its handlers are gone
    /// would never complete. So a connection that failed, or is found closed, is closed and its closing awaited
    /// before it goes back to the pool; a lent connection that is already closed is swapped for another.
    func withConnection<Result: Sendable>(
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        for _ in 0..<3 {
            let outcome: LeaseOutcome<Result> = try await client.withConnection { connection in
                if connection.isClosed {
                    await Self.closeCompletely(connection)
                    return .closed
                }
                let result: Result
                do {
                    result = try await body(connection)
                } catch {
                    if connection.isClosed || StoreFailure.classify(error) == .unavailable {
                        await Self.closeCompletely(connection)
                    }
                    throw error
                }
                if connection.isClosed { await Self.closeCompletely(connection) }
                return .done(result)
            }
            if case .done(let result) = outcome { return result }
        }
        throw QueueError(code: .unavailable, message: "queue store unavailable")
    }

    /// Closes `connection` (if it is not closing already) and waits until the close has completed, which is when
    /// the pool hears of it.
    static func closeCompletely(_ connection: PostgresConnection) async {
        // Closing an already closed connection fails; the close future completes either way.
        try? await connection.close()
        try? await connection.closeFuture.get()
    }

    /// Runs `body` in a transaction on one pooled connection: committed when it returns, rolled back when it
    /// throws (the error is rethrown unchanged).
    func withTransaction<Result: Sendable>(
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await withConnection { connection in
            try await connection.query("BEGIN", logger: logger)
            let result: Result
            do {
                result = try await body(connection)
            } catch {
                do {
                    try await connection.query("ROLLBACK", logger: logger)
                } catch let rollbackError {
                    // A connection that cannot roll back must not go back to the pool mid-transaction.
                    logger.debug(
                        "rollback failed; closing the connection",
                        metadata: [LogKey.errorDetail: "\(String(reflecting: rollbackError))"])
                    await Self.closeCompletely(connection)
                }
                throw error
            }
            try await connection.query("COMMIT", logger: logger)
            return result
        }
    }

    /// Whether `error` is a serialization failure or deadlock (never a ``QueueError`` from the rules engine).
    static func isConflict(_ error: any Error) -> Bool {
        !(error is QueueError) && StoreFailure.classify(error) == .conflict
    }

    /// Runs `body`, running it again after a serialization failure or deadlock, with jittered exponential
    /// backoff, up to `attempts` times in all.
    func retryingConflicts<Result: Sendable>(
        _ operation: String, attempts: Int = 5, _ body: () async throws -> Result
    ) async throws -> Result {
        var attempt = 1
        while true {
            do {
                return try await body()
            } catch let error where attempt < attempts && Self.isConflict(error) {
                logger.debug(
                    "transaction conflict; retrying",
                    metadata: [LogKey.operation: "\(operation)", LogKey.attempt: "\(attempt)"])
                let ceilingMs = 10 << attempt
                try await Task.sleep(for: .milliseconds(Int.random(in: ceilingMs / 2...ceilingMs)))
                attempt += 1
            }
        }
    }
}
