import EntroQ
import Logging
import PostgresNIO
import Synchronization

/// What a failure means to a caller, decided from the driver's error without showing it.
package enum StoreFailure: Hashable, Sendable {
    /// The server cannot be reached or went away: the request may be retried.
    case unavailable
    /// The caller went away.
    case cancelled
    /// A concurrent transaction won a serialization or deadlock race: retrying the transaction is safe.
    case conflict
    /// The data cannot be stored (for example a `\u0000` in a JSON string).
    case unstorable
    /// Anything else.
    case internalError

    /// Classifies a server error by its SQLSTATE.
    package static func classify(sqlState: String) -> StoreFailure {
        switch sqlState {
        case "40001", "40P01": return .conflict
        case "57014": return .cancelled  // query_canceled
        case "53300", "57P01", "57P02", "57P03": return .unavailable  // too many connections, shutdown, recovery
        case _ where sqlState.hasPrefix("08"): return .unavailable  // connection exceptions
        case _ where sqlState.hasPrefix("22"): return .unstorable  // data exceptions
        default: return .internalError
        }
    }

    /// Classifies any error the driver or the pool throws.
    static func classify(_ error: any Error) -> StoreFailure {
        if error is CancellationError { return .cancelled }
        if let error = error as? PSQLError {
            switch error.code {
            case .server:
                return classify(sqlState: error.serverInfo?[.sqlState] ?? "")
            case .queryCancelled:
                return Task.isCancelled ? .cancelled : .unavailable
            case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed,
                .sslUnsupported, .failedToAddSSLHandler, .unsupportedAuthMechanism, .authMechanismRequiresPassword,
                .saslError, .listenFailed:
                return .unavailable
            default:
                return .internalError
            }
        }
        // The pool's own errors (its circuit breaker, a cancelled lease) live in a module we do not import.
        if String(reflecting: type(of: error)).hasSuffix("ConnectionPoolError") {
            return Task.isCancelled ? .cancelled : .unavailable
        }
        return .internalError
    }
}

extension PostgresBackend {
    /// Runs one queue operation: waits for the schema, then maps every non-``QueueError`` failure to a
    /// ``QueueError`` that shows no driver detail, logging the detail at `debug`.
    func perform<Result: Sendable>(
        _ operation: String, _ body: () async throws -> Result
    ) async throws(QueueError) -> Result {
        do {
            try checkNotFinished()
            try await ensureMigrated()
            return try await body()
        } catch {
            throw queueError(for: error, operation: operation)
        }
    }

    /// The caller-safe error for `error`; a ``QueueError`` passes through unchanged.
    func queueError(for error: any Error, operation: String) -> QueueError {
        if let error = error as? QueueError { return error }
        let failure = StoreFailure.classify(error)
        logger.debug(
            "queue store operation failed",
            metadata: [
                LogKey.operation: "\(operation)", LogKey.errorType: "\(failure)",
                LogKey.errorDetail: "\(String(reflecting: error))",
            ])
        switch failure {
        case .unavailable: return QueueError(code: .unavailable, message: "queue store unavailable")
        case .cancelled: return QueueError(code: .cancelled, message: "\(operation) cancelled")
        case .unstorable: return .invalidArgument("a task field cannot be stored")
        case .conflict, .internalError: return QueueError(code: .internalError, message: "queue store error")
        }
    }

    func checkNotFinished() throws(QueueError) {
        if state.withLock({ $0.runState == .finished }) {
            throw QueueError(code: .unavailable, message: "queue store unavailable")
        }
    }
}
