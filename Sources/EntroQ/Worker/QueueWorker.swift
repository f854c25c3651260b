import Logging
import ServiceLifecycle
import Synchronization

/// A worker that claims tasks, runs a handler on each while renewing its lease, and commits the outcome.
///
/// Make one with a backend (in-process or a client of a remote queue), a configuration and a handler, then
/// `run()` it, usually inside a `ServiceGroup`. It claims with a blocking wait, so an idle worker costs
/// nothing. On graceful shutdown it finishes the task it holds and stops claiming; cancellation stops it at
/// once, and the unfinished task is claimed again by another worker when its lease expires. A handler's
/// ``WorkError`` retries or moves the task; any other error stops the worker and is rethrown from `run()`.
public struct QueueWorker: Sendable {
    /// The handler a worker runs for each claimed task.
    public typealias Handler = @Sendable (EntroQTask) async throws -> WorkResult

    /// How a worker claims, renews and retries.
    public struct Configuration: Sendable {
        /// Queues to claim from.
        public var queues: [String]
        /// Lease length of a claim and of each renewal.
        public var leaseMs: Int64 = 30_000
        /// How often to renew while the handler runs; defaults to half the lease.
        public var renewalIntervalMs: Int64?
        /// Poll interval of the blocking claim (a fallback behind notifications).
        public var pollMs: Int64 = 30_000
        /// Attempts before a retried task moves to the error queue; 0 retries forever.
        public var maxAttempts: Int32 = 0
        /// Claims after which a task is considered poison and moved to the error queue; 0 disables.
        public var maxClaims: Int32 = 0
        /// Delay before a retried task is available again.
        public var retryDelayMs: Int64 = 30_000
        /// The claimant id; a random one by default.
        public var claimant: String = "worker-" + TaskIDGenerator.make()

        /// Creates a configuration for `queues`.
        public init(queues: [String]) {
            self.queues = queues
        }

        /// The error queue of a task's queue.
        public static func errorQueue(for queue: String) -> String { queue + "/err" }
    }

    let backend: any QueueBackend
    let configuration: Configuration
    let logger: Logger
    let handler: Handler

    /// Creates a worker.
    public init(
        backend: any QueueBackend, configuration: Configuration, logger: Logger, handler: @escaping Handler
    ) {
        self.backend = backend
        self.configuration = configuration
        self.logger = logger
        self.handler = handler
    }

    /// Claims and processes tasks until cancelled or shut down gracefully.
    ///
    /// - Throws: a handler's fatal (non-``WorkError``) error.
    public func run() async throws {
        let request = ClaimRequest(
            claimant: configuration.claimant, queues: configuration.queues, durationMs: configuration.leaseMs,
            pollMs: configuration.pollMs)
        var backoff = Backoff()
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let task: EntroQTask
            do {
                task = try await cancelWhenGracefulShutdown { try await backend.claim(request) }
                backoff.reset()
            } catch let error as QueueError where error.code == .unavailable || error.code == .internalError {
                logger.info("queue unavailable; retrying", metadata: ["error.message": "\(error.message)"])
                try? await Task.sleep(for: backoff.next())
                continue
            } catch is CancellationError {
                return
            } catch let error as QueueError where error.code == .cancelled {
                return
            }
            try await process(task)
        }
    }

    /// Runs the handler on one claimed task and commits its outcome.
    ///
    /// - Throws: a handler's fatal error, or cancellation.
    public func process(_ task: EntroQTask) async throws {
        var logger = self.logger
        logger[metadataKey: "entroq.task.id"] = "\(task.id)"
        logger[metadataKey: "entroq.queue"] = "\(task.queue)"
        if configuration.maxClaims > 0 && task.claims > configuration.maxClaims {
            logger.info("task exceeded its claims; moving to the error queue")
            try await fail(task, with: .moveToErrorQueue("maximum claims exceeded (\(configuration.maxClaims))"))
            return
        }
        logger.debug("task claimed")
        let lease = LeaseTracker(task)
        let outcome: Result<WorkResult, any Error>
        do {
            outcome = try await runRenewing(lease, logger: logger)
        } catch let error as QueueError where error.code == .dependency {
            logger.info("lease lost while working; dropping the task")
            return
        }
        let current = lease.current
        switch outcome {
        case .success(let result):
            try await commit(result.modification(for: current, claimant: configuration.claimant), logger: logger)
        case .failure(let error as WorkError):
            logger.debug("task failed", metadata: ["error.message": "\(error.message)"])
            try await fail(current, with: error)
        case .failure(let error as CancellationError) where !Task.isCancelled:
            // The handler gave up because the worker is shutting down: hand the task back at once rather than
            // leaving it to its lease, so a worker that is still running (or this one, restarted) takes it now.
            await release(current, logger: logger)
            throw error
        case .failure(let error):
            throw error
        }
    }
}
