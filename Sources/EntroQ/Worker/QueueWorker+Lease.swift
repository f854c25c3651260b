import Logging
import Synchronization

extension QueueWorker {
    /// Runs the handler with a sibling child task renewing the lease; returns the handler's outcome.
    ///
    /// - Throws: a dependency error when a renewal finds the task changed underneath (the lease is lost).
    func runRenewing(_ lease: LeaseTracker, logger: Logger) async throws -> Result<WorkResult, any Error> {
        let interval = configuration.renewalIntervalMs ?? max(configuration.leaseMs / 2, 1)
        return try await withThrowingTaskGroup(of: Result<WorkResult, any Error>?.self) { group in
            group.addTask {
                do { return .success(try await handler(lease.current)) } catch { return .failure(error) }
            }
            group.addTask {
                while true {
                    try await Task.sleep(for: .milliseconds(interval))
                    try await renew(lease)
                    logger.debug("lease renewed", metadata: ["entroq.task.version": "\(lease.current.version)"])
                }
            }
            defer { group.cancelAll() }
            while let next = try await group.next() {
                if let outcome = next { return outcome }
            }
            return .failure(CancellationError())
        }
    }

    private func renew(_ lease: LeaseTracker) async throws {
        let task = lease.current
        let change = TaskChange(
            oldID: task.taskID,
            newData: TaskData(
                queue: task.queue, arrival: .relative(configuration.leaseMs), value: task.value,
                attempt: task.attempt, err: task.err))
        lease.beginRenewal()
        let renewed = try await backend.modify(Modification(claimant: configuration.claimant, changes: [change]))
        lease.finishRenewal(renewed.changed.first ?? task)
    }

    /// Commits a handler's modification; a dependency error means another worker took over and is logged.
    func commit(_ modification: Modification, logger: Logger) async throws {
        do {
            _ = try await backend.modify(modification)
            logger.debug("task finished")
        } catch let error as QueueError where error.code == .dependency {
            logger.info("task changed while working; outcome dropped", metadata: ["error.message": "\(error)"])
        }
    }

    /// Retries the task later or moves it to its error queue.
    func fail(_ task: EntroQTask, with error: WorkError) async throws {
        let attempt = task.attempt &+ 1
        let exhausted = configuration.maxAttempts > 0 && attempt >= configuration.maxAttempts
        let data: TaskData
        if error.action == .moveToErrorQueue || exhausted {
            data = TaskData(queue: Configuration.errorQueue(for: task.queue), value: task.value, attempt: attempt,
                            err: error.message)
        } else {
            data = TaskData(queue: task.queue, arrival: .relative(configuration.retryDelayMs), value: task.value,
                            attempt: attempt, err: error.message)
        }
        let change = TaskChange(oldID: task.taskID, newData: data, mode: .resetClaims)
        try await commit(Modification(claimant: configuration.claimant, changes: [change]), logger: logger)
    }
}

/// The latest known state of a claimed task while its lease is being renewed.
final class LeaseTracker: Sendable {
    private struct State {
        var task: EntroQTask
        var renewalInFlight = false
    }

    private let state: Mutex<State>

    init(_ task: EntroQTask) { state = Mutex(State(task: task)) }

    var current: EntroQTask { state.withLock { $0.task } }

    func beginRenewal() { state.withLock { $0.renewalInFlight = true } }

    func finishRenewal(_ task: EntroQTask) {
        state.withLock {
            $0.task = task
            $0.renewalInFlight = false
        }
    }

    /// The task's latest version once renewals have stopped.
    ///
    /// A renewal cancelled mid-flight may or may not have committed; if one was, read the task back and adopt
    /// its version when this claimant still holds it.
    func settled(backend: any QueueBackend, claimant: String) async throws -> EntroQTask {
        let (task, uncertain) = state.withLock { ($0.task, $0.renewalInFlight) }
        guard uncertain, let stored = try await backend.tasks(TaskQuery(ids: [task.id])).first else { return task }
        return stored.claimant == claimant ? stored : task
    }
}

/// Exponential backoff with jitter, for reconnecting to an unavailable queue.
struct Backoff {
    private var attempt = 0

    mutating func reset() { attempt = 0 }

    mutating func next() -> Duration {
        attempt = min(attempt + 1, 6)
        let baseMs = 100 << attempt  // 200 ms … 6.4 s
        return .milliseconds(Int.random(in: baseMs / 2...baseMs))
    }
}
