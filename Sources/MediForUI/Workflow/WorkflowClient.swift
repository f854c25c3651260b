public import GRPCCore
public import GRPCNIOTransportHTTP2
import MediForProto
public import ServiceLifecycle

/// The UI's connection to the workflow's Pipeline API (and its gRPC health service), over plaintext HTTP/2.
///
/// Create it with the workflow's address and run it as a `Service` (``UIServer`` does): `run()` keeps the connection
/// open until graceful shutdown, then lets calls in flight finish. Calls made before `run()` starts wait for it;
/// calls after shutdown fail with `RPCError` (`UNAVAILABLE`). Every call has ``UIConfiguration/callTimeout`` as
/// its deadline and accepts answers up to 64 MiB.
public final class WorkflowClient: Service, Sendable {
    let client: GRPCClient<HTTP2ClientTransport.Posix>
    /// The `mediforproto.Pipeline` stub.
    let pipeline: Mediforproto_Pipeline.Client<HTTP2ClientTransport.Posix>
    /// The `grpc.health.v1.Health` stub of the same server.
    let health: Grpc_Health_V1_Health.Client<HTTP2ClientTransport.Posix>
    /// Options every call uses.
    let options: CallOptions
    /// `host:port`, for display.
    public let address: String

    /// A client for the Pipeline server at `host:port`.
    ///
    /// - Throws: when the transport cannot be created (a malformed host).
    public init(host: String, port: Int, timeout: Duration = .seconds(30)) throws {
        let target: any ResolvableTarget =
            host.contains(":")
            ? .ipv6(address: host, port: port)
            : host.allSatisfy({ $0.isNumber || $0 == "." })
                ? .ipv4(address: host, port: port)
                : .dns(host: host, port: port)
        let transport = try HTTP2ClientTransport.Posix(target: target, transportSecurity: .plaintext)
        client = GRPCClient(transport: transport)
        pipeline = Mediforproto_Pipeline.Client(wrapping: client)
        health = Grpc_Health_V1_Health.Client(wrapping: client)
        var options = CallOptions.defaults
        options.timeout = timeout
        options.maxResponseMessageBytes = 64 << 20
        self.options = options
        address = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    public func run() async throws {
        try await withGracefulShutdownHandler {
            try await client.runConnections()
        } onGracefulShutdown: {
            self.client.beginGracefulShutdown()
        }
    }

    /// The serving status the workflow reports for `service` (`""` is the whole server).
    func servingStatus(_ service: String = "") async -> String {
        do {
            var request = Grpc_Health_V1_HealthCheckRequest()
            request.service = service
            let answer = try await health.check(request, options: options)
            switch answer.status {
            case .serving: return "SERVING"
            case .notServing: return "NOT_SERVING"
            case .serviceUnknown: return "SERVICE_UNKNOWN"
            default: return "UNKNOWN"
            }
        } catch let error as RPCError {
            return error.code == .unimplemented ? "no health service" : "unreachable (\(error.code))"
        } catch {
            return "unreachable"
        }
    }
}
