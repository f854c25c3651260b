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
            return try await backend.claimUnlessAbandoned(claim.model.validated(), logger: logger)
        }
        var response = try RESTResponse.json(RESTClaimResponse(task: task))
        // The connection is not kept after a long poll; say so, so that no client sends its next request on it.
        response.headers[.connection] = "close"
        return response
    }
}
