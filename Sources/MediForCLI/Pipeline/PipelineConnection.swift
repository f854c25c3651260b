import GRPCCore
import GRPCNIOTransportHTTP2
import MediForProto

/// An open connection to a Pipeline server: its Pipeline and health stubs, and the options every call uses.
///
/// Get one from ``PipelineClientConfiguration/withConnection(_:)``, which connects lazily on the first call, keeps
/// the connection for exactly as long as its body runs, and closes it when the body returns or throws. Calls fail
/// with `RPCError` (`UNAVAILABLE` when the server cannot be reached, `DEADLINE_EXCEEDED` after `--timeout`).
package struct PipelineConnection: Sendable {
    /// The `mediforproto.Pipeline` stub.
    package let pipeline: Mediforproto_Pipeline.Client<HTTP2ClientTransport.Posix>
    /// The `grpc.health.v1.Health` stub of the same server.
    package let health: Grpc_Health_V1_Health.Client<HTTP2ClientTransport.Posix>
    /// Deadline and limits applied to every call.
    package let options: CallOptions
}

extension PipelineClientConfiguration {
    /// Connects to the server (plaintext HTTP/2), runs `body`, then closes the connection.
    ///
    /// - Throws: what `body` throws, or an error when the transport cannot be created.
    package func withConnection<Result: Sendable>(
        _ body: (PipelineConnection) async throws -> Result
    ) async throws -> Result {
        let transport = try HTTP2ClientTransport.Posix(target: address.target, transportSecurity: .plaintext)
        return try await withGRPCClient(transport: transport) { client in
            let connection = PipelineConnection(
                pipeline: Mediforproto_Pipeline.Client(wrapping: client),
                health: Grpc_Health_V1_Health.Client(wrapping: client),
                options: callOptions)
            return try await body(connection)
        }
    }
}
