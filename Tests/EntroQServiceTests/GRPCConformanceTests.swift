import EntroQ
import EntroQConformance
import EntroQService
import GRPCCore
import Logging
import Testing

/// Runs `body` with a gRPC queue server over `backend` on a loopback port and a client connected to it.
func withGRPCQueue(
    _ backend: any QueueBackend, _ body: @escaping @Sendable (GRPCQueueClient) async throws -> Void
) async throws {
    let logger = Logger(label: "entroq.test")
    let server = GRPCServerService(
        host: "127.0.0.1", port: 0,
        services: [EntroQGRPCService(backend: backend, logger: logger)],
        health: HealthService(services: ["api.EntroQ"]), logger: logger)
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await server.server.serve() }
        let port = try #require(try await server.listeningPort())
        let client = try GRPCQueueClient(host: "127.0.0.1", port: port)
        group.addTask { try await client.run() }
        // Cancelling the group ends the server and client at once, including calls still blocked in a claim.
        defer { group.cancelAll() }
        try await body(client)
    }
}

@Suite("gRPC queue service")
struct GRPCConformanceTests {
    @Test("conformance over gRPC with the memory backend", arguments: ConformanceScenario.all)
    func memoryOverGRPC(_ scenario: ConformanceScenario) async throws {
        let clock = ManualTimeSource()
        try await withGRPCQueue(MemoryBackend(clock: clock)) { client in
            try await scenario.run(QueueHarness(backend: client, clock: clock))
        }
    }
}
