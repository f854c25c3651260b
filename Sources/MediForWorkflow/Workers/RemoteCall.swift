import SwiftProtobuf
import Foundation
import GRPCCore
import Logging
import MediForProto
import ServiceLifecycle

/// How one analytic or fuser call ended, with what the worker records in the task.
struct RemoteCallOutcome<Response: Sendable>: Sendable {
    /// The response on success.
    var response: Response?
    /// The status recorded (`code` 0 on success).
    var status: Google_Rpc_Status
    /// Epoch milliseconds before the first attempt and after the last.
    var startMs: Int64
    var endMs: Int64
}

/// The retry policy of analytic and fusion workers, fixing the original's defects (workflow.md §28 #2, #3, #24):
/// every gRPC code is classified, none makes the worker exit, a server that is briefly down or overloaded is
/// retried with backoff up to a time budget, and every call has a deadline.
enum RemoteCallPolicy {
    /// Codes that mean "the server could not take the call now": retried within the budget.
    static let transient: Set<RPCError.Code> = [.unavailable, .resourceExhausted, .aborted, .cancelled]

    /// Calls `body` with a deadline, retrying transient failures until `budgetSeconds` have passed.
    ///
    /// - Throws: `CancellationError` when the task is cancelled (worker shutting down): the task is then left to
    ///   its lease and redone by another worker.
    static func call<Response: Sendable>(
        timeoutSeconds: Int, budgetSeconds: Int, logger: Logger, onRetry: @Sendable () -> Void = {},
        _ body: @Sendable (CallOptions) async throws -> Response
    ) async throws -> RemoteCallOutcome<Response> {
        let startMs = nowMs()
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(budgetSeconds)
        var delay = Duration.milliseconds(200)
        var attempt = 0
        while true {
            attempt += 1
            var options = CallOptions.defaults
            options.timeout = .seconds(timeoutSeconds)
            do {
                let response = try await body(options)
                return RemoteCallOutcome(response: response, status: Google_Rpc_Status(), startMs: startMs, endMs: nowMs())
            } catch let error as RPCError {
                try Task.checkCancellation()
                if transient.contains(error.code) && clock.now + delay < deadline {
                    logger.log(level: attempt == 1 ? .warning : .debug, "server not ready; retrying", metadata: [
                        "rpc.grpc.status_code": "\(error.code)", "error.message": "\(error.message)",
                        "attempt": "\(attempt)",
                    ])
                    // On shutdown, stop retrying: the task is left to its lease and redone by a worker that runs.
                    onRetry()
                    let pause = delay
                    try await cancelWhenGracefulShutdown { try await Task.sleep(for: pause) }
                    if Task.isShuttingDownGracefully { throw CancellationError() }
                    delay = min(delay * 2, .seconds(5))
                    continue
                }
                return RemoteCallOutcome(
                    response: nil, status: status(for: error, attempts: attempt, timeoutSeconds: timeoutSeconds,
                                                  budgetSeconds: budgetSeconds),
                    startMs: startMs, endMs: nowMs())
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                return RemoteCallOutcome(
                    response: nil, status: Google_Rpc_Status.with {
                        $0.code = Int32(RPCError.Code.unknown.rawValue)
                        $0.message = "\(error)"
                    }, startMs: startMs, endMs: nowMs())
            }
        }
    }

    /// The recorded status of a failed call, with a message that says what happened.
    static func status(for error: RPCError, attempts: Int, timeoutSeconds: Int, budgetSeconds: Int)
        -> Google_Rpc_Status
    {
        var status = Google_Rpc_Status()
        status.code = Int32(error.code.rawValue)
        switch error.code {
        case .deadlineExceeded:
            status.message = "no answer within \(timeoutSeconds) s: \(error.message)"
        case let code where transient.contains(code):
            status.message = "still failing after \(attempts) attempts over \(budgetSeconds) s: \(error.message)"
        default:
            status.message = error.message
        }
        return status
    }

    /// A failure of the worker itself (bad path mapping, …), recorded as `UNKNOWN`.
    static func localFailure(_ message: String) -> Google_Rpc_Status {
        Google_Rpc_Status.with {
            $0.code = Int32(RPCError.Code.unknown.rawValue)
            $0.message = message
        }
    }

    /// The status recorded when a task was claimed more than `settings.maxClaims` times (its workers kept dying),
    /// or `nil` when it may still be tried.
    static func gaveUp(claims: Int32, settings: WorkerSettings) -> Google_Rpc_Status? {
        guard settings.maxClaims > 0 && claims > settings.maxClaims else { return nil }
        return Google_Rpc_Status.with {
            $0.code = Int32(RPCError.Code.internalError.rawValue)
            $0.message = "gave up after \(claims) claims: workers stopped while working on this task"
        }
    }

    /// Prepares and runs one worker call: `makeCall` readies the request (id, out_dir, path translation) and returns
    /// the call; a preparation that fails (a path outside a mapping, an unsupported request) is recorded as an
    /// `UNKNOWN` failure without calling the server. The deadline is the task's `analytic_timeout_sec`, else the
    /// worker's default.
    static func run<Response: Sendable>(
        kind: String, settings: WorkerSettings, taskTimeoutSeconds: Int64, logger: Logger,
        _ makeCall: () throws -> @Sendable (CallOptions) async throws -> Response
    ) async throws -> RemoteCallOutcome<Response> {
        let timeout = taskTimeoutSeconds > 0 ? Int(clamping: taskTimeoutSeconds) : settings.callTimeoutSeconds
        let body: @Sendable (CallOptions) async throws -> Response
        do {
            body = try makeCall()
        } catch let error as PathMappingError {
            return localOutcome(error.message)
        } catch let error as StageFailure {
            return localOutcome(error.message)
        }
        let id = settings.id
        return try await call(
            timeoutSeconds: timeout, budgetSeconds: settings.unavailableBudgetSeconds, logger: logger,
            onRetry: { WorkerMetrics.retried(kind: kind, id: id) }, body)
    }

    /// Records a finished call in the metrics and the log.
    static func finished(kind: String, id: String, status: Google_Rpc_Status, startMs: Int64, endMs: Int64,
                         logger: Logger) {
        WorkerMetrics.record(kind: kind, id: id, code: status.code, startMs: startMs, endMs: endMs)
        logger.info("\(kind) call finished", metadata: [
            "status.code": "\(status.code)", "duration.ms": "\(endMs - startMs)",
        ])
    }

    private static func localOutcome<Response>(_ message: String) -> RemoteCallOutcome<Response> {
        let now = nowMs()
        return RemoteCallOutcome(response: nil, status: localFailure(message), startMs: now, endMs: now)
    }

    static func nowMs() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
}
