import Logging
import Synchronization

extension QueueWorker {
    /// Runs the handler with a sibling child task renewing the lease; returns the handler's outcome.
    ///
    /// When the handler finishes, the renewer is asked to stop rather than cancelled, so a renewal already on its
    /// way to the queue completes and its new version is known before the outcome is committed.
    ///
    /// - Throws: a dependency error when a renewal finds the task changed underneath (the lease is lost).
    func runRenewing(_ lease: LeaseTracker, logger: Logger) async throws -> Result<WorkResult, any Error> {
        let interval = configuration.renewalIntervalMs ?? max(configuration.leaseMs / 2, 1)
        let stop = StopSignal()
        return try await withThrowingTaskGroup(of: Result<WorkResult, any Error>?.self) { group in
            group.addTask {
                defer { stop.stop() }
                do { return .success(try await handler(lease.current)) } catch { return .failure(error) }
            }
            group.addTask {
                while await !stop.wait(for: .milliseconds(interval)) {
                    do {
                        try await renew(lease)
                        logger.debug("lease renewed", metadata: ["entroq.task.version": "\(lease.current.version)"])
                    } catch let error as QueueError where error.code == .unavailable || error.code == .internalError {
                        // The lease still holds until it expires; try again at the next interval.
                        logger.info("lease renewal failed; will retry", metadata: ["error.message": "\(error.message)"])
                    }
                }
                return nil
            }
            var outcome: Result<WorkResult, any Error> = .failure(CancellationError())
            do {
                while let next = try await group.next() {
                    if let next { outcome = next }
                }
            } catch {
                group.cancelAll()
                throw error
            }
            return outcome
        }
    }

    private func renew(_ lease: LeaseTracker) async throws {
        let task = lease.current
        let change = TaskChange(
            oldID: task.taskID,
            newData: TaskData(
                queue: task.queue, arrival: .relative(configuration.leaseMs), value: task.value,
                attempt: task.attempt, err: task.err))
        let renewed = try await backend.modify(Modification(claimant: configuration.claimant, changes: [change]))
        lease.update(renewed.changed.first ?? task)
    }

    /// Commits a handler's modification.
    ///
    /// A dependency error means another worker took over; it is logged and the outcome dropped. A queue that is
    /// briefly unreachable is retried with backoff (the claim's version stays valid until its lease expires);
    /// if it stays unreachable the outcome is dropped and the task is redone after its lease expires. Neither
    /// stops the worker.
    func commit(_ modification: Modification, logger: Logger) async throws {
        var backoff = Backoff()
        for attempt in 1...Self.commitAttempts {
            do {
                _ = try await backend.modify(modification)
                logger.debug("task finished")
                return
            } catch let error as QueueError where error.code == .dependency {
                logger.info("task changed while working; outcome dropped", metadata: ["error.message": "\(error)"])
                return
            } catch let error as QueueError where error.code == .unavailable || error.code == .internalError {
                logger.info(
                    "queue unavailable while committing; retrying",
                    metadata: ["error.message": "\(error.message)", "attempt": "\(attempt)"])
                try await Task.sleep(for: backoff.next())
            }
        }
        logger.info("queue stayed unavailable; outcome dropped, the task will be redone after its lease expires")
    }

    /// How many times a commit is tried while the queue is unreachable.
    static let commitAttempts = 6

    /// Makes a claimed task available again now (best effort: if it fails, the lease expires as usual).
    func release(_ task: EntroQTask, logger: Logger) async {
        let change = TaskChange(
            oldID: task.taskID, newData: TaskData(queue: task.queue, arrival: .now), mode: .lease)
        do {
            _ = try await backend.modify(Modification(claimant: configuration.claimant, changes: [change]))
            logger.info("task released for another worker")
        } catch {
            logger.info("could not release the task; it is redone when its lease expires",
                        metadata: ["error.message": "\(error)"])
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
    private let state: Mutex<EntroQTask>

    init(_ task: EntroQTask) { state = Mutex(task) }

    var current: EntroQTask { state.withLock { $0 } }

    func update(_ task: EntroQTask) { state.withLock { $0 = task } }
}

/// Tells a renewal loop to stop between renewals, without cancelling one in flight.
final class StopSignal: Sendable {
    private static let channel = "stop"
    private let stopped = Mutex(false)
    private let notifier = QueueNotifier()

    /// Asks the loop to stop; a wait in progress returns at once.
    func stop() {
        stopped.withLock { $0 = true }
        notifier.notify(Self.channel)
    }

    /// Waits up to `duration`; returns whether a stop was asked for.
    func wait(for duration: Duration) async -> Bool {
        let waiter = notifier.register(queues: [Self.channel])
        defer { notifier.unregister(waiter) }
        if stopped.withLock({ $0 }) { return true }
        await notifier.wait(waiter, timeout: duration)
        return stopped.withLock { $0 }
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
