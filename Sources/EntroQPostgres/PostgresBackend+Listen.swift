import EntroQ
import Logging
import PostgresNIO
import ServiceLifecycle
import Synchronization

extension PostgresBackend {
    /// Runs the connection pool and the notification listener until the task is cancelled or a graceful shutdown
    /// begins.
    ///
    /// The listener holds one pooled connection subscribed (`LISTEN`) to `<schema>_tasks` and wakes this
    /// process's waiting claims for each queue named in a notification. If that connection drops it reconnects
    /// with exponential backoff; waiting claims fall back to their poll meanwhile, and are woken to look again once
    /// the subscription is back.
    ///
    /// - Throws: ``QueueError/Code/invalidArgument`` when called a second time.
    public func run() async throws {
        let isFirstRun = state.withLock { state in
            guard state.runState == .idle else { return false }
            state.runState = .running
            return true
        }
        guard isFirstRun else { throw QueueError.invalidArgument("a PostgresBackend runs only once") }
        logger.info("queue store starting", metadata: ["entroq.postgres.server": "\(configuration)"])
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { await self.client.run() }
                await self.listenForNotifications()
                group.cancelAll()
            }
        }
        let waiters = state.withLock { state in
            state.runState = .finished
            state.isListening = false
            defer { state.listeningWaiters = [:] }
            return Array(state.listeningWaiters.values)
        }
        for waiter in waiters { waiter.resume() }
        logger.info("queue store stopped")
    }

    /// Whether the notification listener is subscribed now.
    public var isListening: Bool { state.withLock { $0.isListening } }

    /// How many times the notification listener has subscribed so far, reconnections included.
    package var listenerSubscriptions: Int { state.withLock { $0.subscriptions } }

    /// Suspends until the notification listener is subscribed, ``run()`` has ended, or the caller is cancelled.
    ///
    /// From then on, modifications made by other processes wake this process's blocking claims at once.
    public func waitUntilListening() async {
        let ticket = state.withLock { state in
            defer { state.nextTicket += 1 }
            return state.nextTicket
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state in
                    if state.isListening || state.runState == .finished || Task.isCancelled { return true }
                    state.listeningWaiters[ticket] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.listeningWaiters.removeValue(forKey: ticket) }?.resume()
        }
    }

    /// Keeps a LISTEN subscription up until cancelled.
    private func listenForNotifications() async {
        var delay = configuration.listenRetryDelay
        while !Task.isCancelled {
            do {
                try await withConnection { connection in
                    try await connection.listen(on: names.channel) { notifications in
                        listenerSubscribed()
                        for try await notification in notifications {
                            notifier.notify(notification.payload)
                        }
                    }
                }
            } catch {
                if !Task.isCancelled {
                    logger.info(
                        "queue notification listener lost its connection",
                        metadata: [LogKey.errorType: "\(StoreFailure.classify(error))"])
                    logger.debug(
                        "queue notification listener error",
                        metadata: [LogKey.errorDetail: "\(String(reflecting: error))"])
                }
            }
            let wasListening = state.withLock { state in
                defer { state.isListening = false }
                return state.isListening
            }
            if wasListening { delay = configuration.listenRetryDelay }
            guard !Task.isCancelled else { break }
            try? await Task.sleep(for: delay)
            delay = min(delay * 2, configuration.listenRetryMaxDelay)
        }
    }

    /// Marks the listener subscribed, releases ``waitUntilListening()`` callers, and wakes every waiting claim:
    /// notifications sent while the listener was down are lost, so those claims must look again.
    private func listenerSubscribed() {
        let (waiters, queues) = state.withLock { state in
            state.isListening = true
            state.subscriptions += 1
            defer { state.listeningWaiters = [:] }
            return (Array(state.listeningWaiters.values), Array(state.claimedQueues.keys))
        }
        logger.info("listening for queue notifications", metadata: ["entroq.postgres.channel": "\(names.channel)"])
        for waiter in waiters { waiter.resume() }
        notifier.notify(all: queues)
    }
}
