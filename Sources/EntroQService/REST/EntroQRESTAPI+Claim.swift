import EntroQ
import Hummingbird
import Logging
import ServiceLifecycle

extension EntroQRESTAPI {
    /// `POST /api/v0/claim/wait`: claims a task, waiting for one as long as the client stays connected.
    ///
    /// Hummingbird does not cancel a handler whose client disconnects, so the claim runs inside
    /// `consumeWithCancellationOnInboundClose`, which watches the connection past the request body and cancels the
    /// claim when the client closes it. The connection is closed after the answer (a long poll gains nothing from
    /// keep-alive). On graceful shutdown a waiting claim is abandoned and answered 503.
    ///
    /// Hummingbird requires the request body to be untouched for this: a middleware that replaces it (request
    /// decompression, for one) must not sit in front of these routes.
    func claim(_ request: Request) async throws -> Response {
        try RESTQuery.refuseParameters(request)
        let headers = request.headers
        let task = try await request.body.consumeWithCancellationOnInboundClose { body in
            let claim = try await RESTResponse.decode(
                RESTClaimRequest.self, from: body, headers: headers, maxBytes: maxBodyBytes)
            return try await claimUnlessAbandoned(claim.model.validated())
        }
        return try RESTResponse.json(RESTClaimResponse(task: task))
    }

    /// Runs a blocking claim until it returns a task, the caller is cancelled, or the server shuts down.
    ///
    /// A task claimed in the instant the caller was cancelled is given back at once rather than left leased to
    /// nobody.
    ///
    /// - Throws: ``QueueError`` `cancelled` when the caller went away, `unavailable` when the server is shutting
    ///   down.
    func claimUnlessAbandoned(_ request: ClaimRequest) async throws -> EntroQTask {
        do {
            return try await cancelWhenGracefulShutdown {
                let task = try await backend.claim(request)
                if Task.isCancelled {
                    await release(task)
                    throw QueueError(code: .cancelled, message: "claim cancelled")
                }
                return task
            }
        } catch let error as QueueError where error.code == .cancelled && Task.isShuttingDownGracefully {
            throw QueueError(code: .unavailable, message: "server is shutting down")
        }
    }

    /// Gives back a task claimed for a caller that is gone: a lease change to now, by the claimant that holds it.
    private func release(_ task: EntroQTask) async {
        let change = TaskChange(oldID: task.taskID, newData: TaskData(queue: task.queue), mode: .lease)
        do {
            _ = try await backend.modify(Modification(claimant: task.claimant, changes: [change]))
        } catch {
            // The lease then simply runs out; nothing else can be done for a caller that is gone.
            logger.debug(
                "could not give back a task claimed for a departed client",
                metadata: ["entroq.task.id": "\(task.id)", RESTLogKey.error: "\(error)"])
        }
    }
}
