import GRPCCore
import GRPCNIOTransportHTTP2
import Logging
import ServiceLifecycle

/// A gRPC server on a TCP address, run as a `Service`.
///
/// `run()` serves until graceful shutdown, which stops accepting new calls and lets running ones finish (the
/// health service turns `NOT_SERVING` first). Read ``listeningPort()`` once serving to learn a port chosen by
/// the system (port 0).
public struct GRPCServerService: Service {
    /// The gRPC server; exposed so tests can wait for its address.
    public let server: GRPCServer<HTTP2ServerTransport.Posix>
    let health: HealthService?
    let logger: Logger

    /// Creates a server on `host:port` for `services`.
    ///
    /// - Parameter maxMessageBytes: the largest request accepted (EntroQ's default is 10 MB).
    public init(
        host: String, port: Int, services: [any RegistrableRPCService], health: HealthService?,
        maxMessageBytes: Int = 10 << 20, logger: Logger
    ) {
        var config = HTTP2ServerTransport.Posix.Config.defaults
        config.rpc.maxRequestPayloadSize = maxMessageBytes
        let transport = HTTP2ServerTransport.Posix(
            address: .ipv4(host: host, port: port), transportSecurity: .plaintext, config: config)
        self.server = GRPCServer(transport: transport, services: services + (health.map { [$0] } ?? []))
        self.health = health
        self.logger = logger
    }

    public func run() async throws {
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask { try await server.serve() }
                if let port = try await listeningPort() {
                    logger.info("gRPC listening", metadata: ["port": "\(port)"])
                }
            }
        } onGracefulShutdown: {
            health?.markNotServing()
            server.beginGracefulShutdown()
        }
    }

    /// The bound port, once the server is listening; `nil` if it failed to start.
    public func listeningPort() async throws -> Int? {
        try await server.listeningAddress?.ipv4?.port
    }
}
