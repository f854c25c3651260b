public import EntroQ
public import Hummingbird
public import Logging

/// The EntroQ REST/JSON surface (`/api/v0/...`) over any ``QueueBackend``.
///
/// It speaks what the Go service's gateway speaks to v1 REST clients, plus protocol 2 (PyPI `entroq` 0.15):
/// proto3 JSON with every field emitted and int64 values as strings, relative arrivals (`byMs`), change modes,
/// the `entroq-protocol` handshake header on every response, and errors as JSON `google.rpc.Status` bodies with
/// dependency failures as HTTP 409 plus `api.ModifyDep` details. The doc store is not offered: its routes answer
/// 501.
///
/// Mount it on a router with any request context:
///
/// ```swift
/// let router = Router()
/// EntroQRESTAPI(backend: backend, logger: logger).addRoutes(to: router)
/// let app = Application(router: router, configuration: .init(address: .hostname("0.0.0.0", port: 9100)))
/// ```
///
/// The routes hold no state of their own; they live as long as the application serving them. A blocking claim is
/// abandoned (never committed) when its client disconnects; on graceful shutdown, blocking claims still waiting
/// are abandoned and answered 503.
public struct EntroQRESTAPI: Sendable {
    let backend: any QueueBackend
    let logger: Logger
    let maxBodyBytes: Int

    /// Creates the REST surface.
    ///
    /// - Parameters:
    ///   - backend: the queue every route reads and writes.
    ///   - logger: receives failures whose detail is kept from clients.
    ///   - maxBodyBytes: the largest request body accepted; larger ones are refused with 400 (default 10 MiB, the
    ///     Go service's message limit).
    public init(backend: any QueueBackend, logger: Logger, maxBodyBytes: Int = 10 << 20) {
        self.backend = backend
        self.logger = logger
        self.maxBodyBytes = maxBodyBytes
    }

    /// Registers every `/api/v0` route on `router`.
    public func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        let api = router.group("api/v0").add(middleware: RESTBoundaryMiddleware<Context>(logger: logger))
        api.get("time") { _, _ in try await time() }
        api.get("queues") { request, _ in try await queues(request, withStats: false) }
        api.get("queues/stats") { request, _ in try await queues(request, withStats: true) }
        api.get("tasks") { request, _ in try await tasks(request) }
        api.post("claim") { request, _ in try await tryClaim(request) }
        api.post("claim/wait") { request, _ in try await claim(request) }
        api.post("modify") { request, _ in try await modify(request) }
        api.get("docs") { _, _ -> Response in throw Self.noDocStore }
        api.post("docs/claim") { _, _ -> Response in throw Self.noDocStore }
        api.get("namespaces/stats") { _, _ -> Response in throw Self.noDocStore }
    }

    static let noDocStore = RESTError.unimplemented("doc store not supported")

    // MARK: Reads

    func time() async throws -> Response {
        try RESTResponse.json(RESTTimeResponse(timeMs: try await backend.time()))
    }

    /// `Queues` reports only task counts, as the Go service does; `QueueStats` reports every counter.
    func queues(_ request: Request, withStats: Bool) async throws -> Response {
        let query = try RESTQuery(request.uri.query, fields: ["matchPrefix", "matchExact", "limit"])
        let selection = QueueQuery(
            matchPrefix: query.strings("matchPrefix"), matchExact: query.strings("matchExact"),
            limit: try query.int32("limit"))
        var stats = try await backend.queueStats(selection)
        if !withStats { stats = stats.map { QueueStats(name: $0.name, numTasks: $0.numTasks) } }
        return try RESTResponse.json(RESTQueuesResponse(stats))
    }

    func tasks(_ request: Request) async throws -> Response {
        let query = try RESTQuery(
            request.uri.query, fields: ["claimantId", "queue", "limit", "taskId", "omitValues"])
        let listing = TaskQuery(
            claimant: query.string("claimantId"), queue: query.string("queue"), limit: try query.int32("limit"),
            ids: query.strings("taskId"), omitValues: try query.bool("omitValues"))
        return try RESTResponse.json(RESTTasksResponse(try await backend.tasks(listing)))
    }

    // MARK: Writes

    func tryClaim(_ request: Request) async throws -> Response {
        try RESTQuery.refuseParameters(request)
        let claim = try await RESTResponse.decode(RESTClaimRequest.self, from: request, maxBytes: maxBodyBytes)
        return try RESTResponse.json(RESTClaimResponse(task: try await backend.tryClaim(claim.model)))
    }

    func modify(_ request: Request) async throws -> Response {
        try RESTQuery.refuseParameters(request)
        let body = try await RESTResponse.decode(RESTModifyRequest.self, from: request, maxBytes: maxBodyBytes)
        if body.docOperationCount > 0 { throw Self.noDocStore }
        // Protocol 1 servers accept a modification naming nothing and answer with nothing; protocol 2 refuses it
        // (the backend's validation does).
        if body.model.isEmpty, try !RESTProtocol.negotiate(request.headers).contains(2) {
            return try RESTResponse.json(RESTModifyResponse(ModifyResult()))
        }
        return try RESTResponse.json(RESTModifyResponse(try await backend.modify(body.model)))
    }
}

extension RESTQuery {
    /// Refuses query parameters on a POST route, whose request lives entirely in the body.
    static func refuseParameters(_ request: Request) throws(RESTError) {
        _ = try RESTQuery(request.uri.query, fields: [])
    }
}
