import EntroQ
import Logging

extension ConformanceScenario {
    static let workerScenarios: [ConformanceScenario] = [
        ConformanceScenario("workers consume every task exactly once") { h in
            let queue = "/worker/\(TaskIDGenerator.make())"
            let inserted = try await h.insert(queue, count: 12)
            try await h.runWorkers(3, queues: [queue], until: { try await $0.countPassingTime(queue + "/done") == 12 }) {
                task in .move(to: queue + "/done", value: task.value)
            }
            let done = try await h.backend.tasks(TaskQuery(queue: queue + "/done"))
            try check(done.count == 12, "each task reached the done queue once, got \(done.count)")
            try check(Set(done.map(\.id)) == Set(inserted.map(\.id)), "every task reached the done queue")
            // Over a network a claim whose answer was lost is claimed again after its lease: at least once.
            try check(done.allSatisfy { $0.claims >= 1 }, "each was claimed")
        },
        ConformanceScenario("a retry error records the attempt; attempts exhausted move to the error queue") { h in
            let queue = "/retry/\(TaskIDGenerator.make())"
            let task = try await h.insert(queue)[0]
            var config = QueueWorker.Configuration(queues: [queue])
            config.retryDelayMs = 60_000
            config.maxAttempts = 2
            try await h.runWorkers(1, configuration: config, until: { try await $0.task(task.id)?.attempt == 1 }) { _ in
                throw WorkError.retry("analytic unavailable")
            }
            let retried = try await h.task(task.id)
            try check(retried?.queue == queue && retried?.err == "analytic unavailable", "retry recorded: \(retried.map { "\($0)" } ?? "nil")")
            try check(retried?.claims == 0, "claims reset for a retry")
            h.clock.advance(byMs: 60_000)
            try await h.runWorkers(1, configuration: config, until: { try await $0.countPassingTime(queue + "/err") == 1 }) {
                _ in
                throw WorkError.retry("still unavailable")
            }
            let failed = try await h.task(task.id)
            try check(failed?.attempt == 2 && failed?.err == "still unavailable", "the last error is kept")
        },
        ConformanceScenario("a move error sends the task to the error queue with its message") { h in
            let queue = "/move/\(TaskIDGenerator.make())"
            let task = try await h.insert(queue)[0]
            try await h.runWorkers(1, queues: [queue], until: { try await $0.count(queue + "/err") == 1 }) { _ in
                throw WorkError.moveToErrorQueue("malformed task")
            }
            let moved = try await h.task(task.id)
            try check(moved?.err == "malformed task" && moved?.attempt == 1, "error text and attempt recorded")
        },
        ConformanceScenario("a worker renews its lease while the handler runs") { h in
            let queue = "/renewal/\(TaskIDGenerator.make())"
            let task = try await h.insert(queue)[0]
            var config = QueueWorker.Configuration(queues: [queue])
            config.leaseMs = 10_000
            config.renewalIntervalMs = 40
            try await h.runWorkers(1, configuration: config, until: { try await $0.count(queue + "/done") == 1 }) { t in
                // Work until a renewal is visible in the queue (bounded), whatever the machine's load.
                for _ in 0..<1000 where (try await h.task(t.id)?.version ?? 0) <= t.version {
                    try await Task.sleep(for: .milliseconds(20))
                }
                return .move(to: queue + "/done", value: t.value)
            }
            let done = try await h.task(task.id)
            // Claim (+1), at least one renewal (+1) and the final move (+1).
            try check((done?.version ?? 0) >= 3, "renewals bumped the version, got \(done?.version ?? -1)")
        },
        ConformanceScenario("a fatal handler error stops the worker and leaves the task to be re-claimed") { h in
            struct Boom: Error {}
            let queue = "/fatal/\(TaskIDGenerator.make())"
            let task = try await h.insert(queue)[0]
            let worker = QueueWorker(
                backend: h.backend, configuration: QueueWorker.Configuration(queues: [queue]),
                logger: Logger(label: "entroq.conformance")
            ) { _ in throw Boom() }
            var stopped = false
            do { try await worker.run() } catch is Boom { stopped = true }
            try check(stopped, "run() rethrows the fatal error")
            try check(try await h.task(task.id)?.version == 1, "the task is left as claimed")
        },
        ConformanceScenario("a handler that gives up for shutdown hands its task back at once") { h in
            let queue = "/release/\(TaskIDGenerator.make())"
            let task = try await h.insert(queue)[0]
            let worker = QueueWorker(
                backend: h.backend, configuration: QueueWorker.Configuration(queues: [queue]),
                logger: Logger(label: "entroq.conformance")
            ) { _ in throw CancellationError() }
            var stopped = false
            do { try await worker.run() } catch is CancellationError { stopped = true }
            try check(stopped, "run() rethrows the cancellation")
            let released = try await h.task(task.id)
            let now = try await h.backend.time()
            try check(released?.queue == queue, "the task stays in its queue")
            try check((released?.atMs ?? .max) <= now, "the task is available again without waiting for its lease")
            try check(released?.err == "", "no error is recorded")
        },
    ]
}

extension QueueHarness {
    /// The number of tasks in `queue`.
    func count(_ queue: String) async throws -> Int {
        try await backend.queueStats(QueueQuery(matchExact: [queue])).first?.numTasks ?? 0
    }

    /// The number of tasks in `queue`, after moving the clock on by one second.
    ///
    /// Used while workers run: a claim committed for a caller that went away (a cancelled worker of an earlier
    /// step, an answer lost in transit) holds its task until the lease expires, as in production; passing time
    /// lets that lease expire instead of stalling the scenario.
    func countPassingTime(_ queue: String) async throws -> Int {
        clock.advance(byMs: 1000)
        return try await count(queue)
    }

    /// Runs `workers` workers on `queues` until `done` holds (checked every 20 ms, for at most 30 s).
    func runWorkers(
        _ workers: Int, queues: [String], until done: @escaping @Sendable (QueueHarness) async throws -> Bool,
        handler: @escaping QueueWorker.Handler
    ) async throws {
        var config = QueueWorker.Configuration(queues: queues)
        config.pollMs = 200
        try await runWorkers(workers, configuration: config, until: done, handler: handler)
    }

    /// Runs `workers` workers with `configuration` until `done` holds (checked every 20 ms, for at most 30 s).
    func runWorkers(
        _ workers: Int, configuration: QueueWorker.Configuration,
        until done: @escaping @Sendable (QueueHarness) async throws -> Bool, handler: @escaping QueueWorker.Handler
    ) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<workers {
                var config = configuration
                config.claimant = "worker-\(index)-" + TaskIDGenerator.make()
                config.pollMs = min(config.pollMs, 200)
                let worker = QueueWorker(backend: backend, configuration: config, logger: Logger(label: "entroq.test"),
                                         handler: handler)
                group.addTask { try await worker.run() }
            }
            var satisfied = false
            for _ in 0..<1500 {
                if try await done(self) { satisfied = true; break }
                try await Task.sleep(for: .milliseconds(20))
            }
            group.cancelAll()
            try check(satisfied, "workers did not reach the expected state within 30 s")
        }
    }
}
