import EntroQ
import EntroQProto
import GRPCCore
import Logging
import SwiftProtobuf

/// Serves `api.EntroQ` over gRPC for any ``QueueBackend``.
///
/// Register it on a `GRPCServer`; it holds no state of its own. Errors leave as ``QueueError`` (mapped to
/// status codes and `api.ModifyDep` details by its `RPCErrorConvertible` conformance); any other error is
/// logged and answered with a generic INTERNAL status.
public struct EntroQGRPCService: Api_EntroQ.SimpleServiceProtocol {
    let backend: any QueueBackend
    let logger: Logger

    /// Creates the service over `backend`.
    public init(backend: any QueueBackend, logger: Logger) {
        self.backend = backend
        self.logger = logger
    }

    public func tryClaim(request: Api_ClaimRequest, context: ServerContext) async throws -> Api_ClaimResponse {
        try await mapped("TryClaim") {
            var response = Api_ClaimResponse()
            if let task = try await backend.tryClaim(ClaimRequest(proto: request)) { response.task = task.proto }
            return response
        }
    }

    public func claim(request: Api_ClaimRequest, context: ServerContext) async throws -> Api_ClaimResponse {
        try await mapped("Claim") {
            let task = try await backend.claimUnlessAbandoned(ClaimRequest(proto: request), logger: logger)
            return Api_ClaimResponse.with { $0.task = task.proto }
        }
    }

    public func modify(request: Api_ModifyRequest, context: ServerContext) async throws -> Api_ModifyResponse {
        try await mapped("Modify") {
            let result = try await backend.modify(try Modification(proto: request))
            return Api_ModifyResponse.with {
                $0.inserted = result.inserted.map(\.proto)
                $0.changed = result.changed.map(\.proto)
            }
        }
    }

    public func tasks(request: Api_TasksRequest, context: ServerContext) async throws -> Api_TasksResponse {
        try await mapped("Tasks") {
            let tasks = try await backend.tasks(TaskQuery(proto: request))
            return Api_TasksResponse.with { $0.tasks = tasks.map(\.proto) }
        }
    }

    public func queues(request: Api_QueuesRequest, context: ServerContext) async throws -> Api_QueuesResponse {
        try await mapped("Queues") {
            let stats = try await backend.queueStats(QueueQuery(proto: request))
            return Api_QueuesResponse.with {
                // Queues reports names and sizes only; QueueStats carries the other counters.
                $0.queues = stats.map { stat in
                    Api_QueueStats.with {
                        $0.name = stat.name
                        $0.numTasks = Int32(clamping: stat.numTasks)
                    }
                }
            }
        }
    }

    public func queueStats(request: Api_QueuesRequest, context: ServerContext) async throws -> Api_QueuesResponse {
        try await mapped("QueueStats") {
            let stats = try await backend.queueStats(QueueQuery(proto: request))
            return Api_QueuesResponse.with { $0.queues = stats.map(\.proto) }
        }
    }

    public func time(request: Api_TimeRequest, context: ServerContext) async throws -> Api_TimeResponse {
        try await mapped("Time") {
            let now = try await backend.time()
            return Api_TimeResponse.with { $0.timeMs = now }
        }
    }

    public func streamTasks(
        request: Api_TasksRequest, response: RPCWriter<Api_TasksResponse>, context: ServerContext
    ) async throws {
        try await mapped("StreamTasks") {
            for task in try await backend.tasks(TaskQuery(proto: request)) {
                try await response.write(Api_TasksResponse.with { $0.tasks = [task.proto] })
            }
        }
    }

    public func docs(request: Api_DocsRequest, context: ServerContext) async throws -> Api_DocsResponse {
        throw Self.docsUnsupported
    }

    public func claimDocs(request: Api_ClaimDocsRequest, context: ServerContext) async throws
        -> Api_ClaimDocsResponse
    {
        throw Self.docsUnsupported
    }

    public func namespaceStats(request: Api_NamespacesRequest, context: ServerContext) async throws
        -> Api_NamespacesResponse
    {
        throw Self.docsUnsupported
    }

    static let docsUnsupported = RPCError(code: .unimplemented, message: "the doc store is not supported")

    /// Runs a handler, passing queue and RPC errors through and hiding anything else behind INTERNAL.
    private func mapped<T>(_ method: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as QueueError {
            if error.code == .internalError { logger.debug("request failed", metadata: ["rpc.method": "\(method)"]) }
            throw error
        } catch let error as RPCError {
            throw error
        } catch is CancellationError {
            throw QueueError(code: .cancelled, message: "request cancelled")
        } catch {
            logger.info("request failed", metadata: ["rpc.method": "\(method)", "error.message": "\(error)"])
            throw RPCError(code: .internalError, message: "internal error")
        }
    }
}
