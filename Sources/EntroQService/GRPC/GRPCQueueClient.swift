import EntroQ
import EntroQProto
import GRPCCore
import GRPCNIOTransportHTTP2
import ServiceLifecycle
import SwiftProtobuf

/// A ``QueueBackend`` that talks to an `api.EntroQ` server over gRPC.
///
/// Create it with the server's address, then keep ``run()`` going (directly, in a task group, or in a
/// `ServiceGroup`) for as long as it is used: calls made while it is not running wait for it or fail as
/// unavailable. Errors come back as ``QueueError``, with a dependency error's failures decoded from the
/// status details, so code written against a local backend works unchanged against a remote queue.
public final class GRPCQueueClient: QueueBackend, Service {
    private let client: GRPCClient<HTTP2ClientTransport.Posix>
    private let stub: Api_EntroQ.Client<HTTP2ClientTransport.Posix>

    /// Creates a client of the queue at `host:port` (plaintext HTTP/2).
    ///
    /// - Throws: when the transport cannot be created.
    public init(host: String, port: Int) throws {
        var config = HTTP2ClientTransport.Posix.Config.defaults
        config.backoff.initial = .milliseconds(100)
        config.backoff.max = .seconds(2)
        let transport = try HTTP2ClientTransport.Posix(
            target: .ipv4(address: host, port: port), transportSecurity: .plaintext, config: config)
        client = GRPCClient(transport: transport)
        stub = Api_EntroQ.Client(wrapping: client)
    }

    /// Keeps the connection to the server; returns when ``close()`` is called or the task is cancelled.
    public func run() async throws {
        try await withGracefulShutdownHandler {
            try await client.runConnections()
        } onGracefulShutdown: {
            self.client.beginGracefulShutdown()
        }
    }

    /// Stops the connection; ``run()`` then returns.
    public func close() {
        client.beginGracefulShutdown()
    }

    public func tryClaim(_ request: ClaimRequest) async throws -> EntroQTask? {
        let response = try await call { try await stub.tryClaim(request.proto) }
        return response.hasTask ? EntroQTask(proto: response.task) : nil
    }

    public func claim(_ request: ClaimRequest) async throws -> EntroQTask {
        let response = try await call { try await stub.claim(request.proto) }
        guard response.hasTask else { throw QueueError(code: .internalError, message: "claim returned no task") }
        return EntroQTask(proto: response.task)
    }

    public func modify(_ modification: Modification) async throws -> ModifyResult {
        let response = try await call { try await stub.modify(modification.proto) }
        return ModifyResult(
            inserted: response.inserted.map(EntroQTask.init(proto:)),
            changed: response.changed.map(EntroQTask.init(proto:)))
    }

    public func tasks(_ query: TaskQuery) async throws -> [EntroQTask] {
        try await call { try await stub.tasks(query.proto) }.tasks.map(EntroQTask.init(proto:))
    }

    public func queueStats(_ query: QueueQuery) async throws -> [QueueStats] {
        try await call { try await stub.queueStats(query.proto) }.queues.map(QueueStats.init(proto:))
    }

    public func time() async throws -> Int64 {
        try await call { try await stub.time(Api_TimeRequest()) }.timeMs
    }

    /// Runs one call, translating RPC errors into queue errors.
    private func call<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as RPCError {
            throw QueueError(rpcError: error)
        }
    }
}
