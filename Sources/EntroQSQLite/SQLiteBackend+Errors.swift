import EntroQ
internal import GRDB
import Logging

extension SQLiteBackend {
    /// Runs a store access, turning every failure into a ``QueueError``.
    ///
    /// A ``QueueError`` thrown inside `body` (a dependency error, a cancelled claim) passes through unchanged;
    /// task cancellation becomes ``QueueError/Code/cancelled``; driver errors are mapped by ``storeError``.
    func withStore<T>(
        _ operation: String, _ body: () async throws -> T
    ) async throws(QueueError) -> T {
        do {
            return try await body()
        } catch {
            throw Self.storeError(error, operation: operation, logger: logger)
        }
    }

    /// The caller-safe form of `error`: no SQL, paths or driver messages; the details go to `logger`.
    static func storeError(_ error: any Error, operation: String, logger: Logger) -> QueueError {
        if let error = error as? QueueError { return error }
        if error is CancellationError { return QueueError(code: .cancelled, message: "\(operation) cancelled") }
        let metadata: Logger.Metadata = ["entroq.sqlite.operation": "\(operation)", "entroq.sqlite.error": "\(error)"]
        if let error = error as? DatabaseError {
            switch error.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                logger.debug("queue store is busy", metadata: metadata)
                return QueueError(code: .unavailable, message: "queue store is busy")
            default:
                break
            }
        }
        logger.info("queue store error", metadata: metadata)
        return QueueError(code: .internalError, message: "queue store error")
    }
}
