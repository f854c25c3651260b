import EntroQ
import Logging
import ServiceLifecycle

extension QueueBackend {
    /// A blocking claim for a remote caller (gRPC `Claim`, REST `claim/wait`): runs until it returns a task, the
    /// caller is cancelled, or the server shuts down gracefully.
    ///
    /// A task claimed in the instant the caller was cancelled is given back at once rather than left leased to
    /// nobody. On shutdown the wait is abandoned, so the server can stop while workers are waiting for work.
    ///
    /// - Throws: ``QueueError`` `cancelled` when the caller went away, `unavailable` when the server is shutting
    ///   down (clients retry: the queue is coming back).
    func claimUnlessAbandoned(_ request: ClaimRequest, logger: Logger) async throws -> EntroQTask {
        do {
            return try await cancelWhenGracefulShutdown {
                let task = try await claim(request)
                if Task.isCancelled {
                    await releaseClaimed(task, logger: logger)
                    throw QueueError(code: .cancelled, message: "claim cancelled")
                }
                return task
            }
        } catch let error as QueueError where error.code == .cancelled && Task.isShuttingDownGracefully {
            throw QueueError(code: .unavailable, message: "server is shutting down")
        } catch is CancellationError where Task.isShuttingDownGracefully {
            throw QueueError(code: .unavailable, message: "server is shutting down")
        }
    }

    /// Gives back a task claimed for a caller that is gone: a lease change to now, by the claimant that holds it.
    private func releaseClaimed(_ task: EntroQTask, logger: Logger) async {
        let change = TaskChange(oldID: task.taskID, newData: TaskData(queue: task.queue), mode: .lease)
        do {
            _ = try await modify(Modification(claimant: task.claimant, changes: [change]))
        } catch {
            // The lease then simply runs out; nothing else can be done for a caller that is gone.
            logger.debug(
                "could not give back a task claimed for a departed client",
                metadata: ["entroq.task.id": "\(task.id)", "error.message": "\(error)"])
        }
    }
}
