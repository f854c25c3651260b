/// A store of tasks with EntroQ semantics.
///
/// Implementations: ``MemoryBackend`` here, SQLite and Postgres in their adapter targets, and the gRPC client in
/// `EntroQService`. Every implementation passes the same conformance suite.
public protocol QueueBackend: Sendable {
    /// Claims one available task from any of the request's queues, or returns `nil` at once.
    ///
    /// - Throws: ``QueueError`` for a malformed request or an unreachable store.
    func tryClaim(_ request: ClaimRequest) async throws -> EntroQTask?

    /// Claims one task, waiting until one is available or the calling task is cancelled.
    ///
    /// - Throws: ``QueueError`` with ``QueueError/Code/cancelled`` when the caller went away; no claim is
    ///   committed after that.
    func claim(_ request: ClaimRequest) async throws -> EntroQTask

    /// Applies a modification atomically.
    ///
    /// - Throws: ``QueueError/Code/dependency`` listing every failing item, with nothing committed.
    func modify(_ modification: Modification) async throws -> ModifyResult

    /// Lists tasks of one queue, or the tasks with the given ids in the order given.
    func tasks(_ query: TaskQuery) async throws -> [EntroQTask]

    /// Statistics of the non-empty queues the query selects.
    func queueStats(_ query: QueueQuery) async throws -> [QueueStats]

    /// The backend's clock in epoch milliseconds.
    func time() async throws -> Int64
}

extension QueueBackend {
    /// Claims with a blocking wait driven by `notifier`: look, and if nothing is there, wait for a wake-up on
    /// one of the queues or for the poll interval, whichever is first.
    ///
    /// The waiter registers before looking, so an insert that lands between the look and the wait still wakes
    /// it.
    public func claim(_ request: ClaimRequest, notifier: QueueNotifier) async throws -> EntroQTask {
        let request = try request.validated()
        while true {
            let waiter = notifier.register(queues: request.queues)
            defer { notifier.unregister(waiter) }
            if let task = try await tryClaim(request) { return task }
            await notifier.wait(waiter, timeout: .milliseconds(request.pollMs))
            if Task.isCancelled { throw QueueError(code: .cancelled, message: "claim cancelled") }
        }
    }

    /// Sends every task of a listing through `body`, one at a time.
    public func forEachTask(_ query: TaskQuery, _ body: (EntroQTask) async throws -> Void) async throws {
        for task in try await tasks(query) { try await body(task) }
    }
}
