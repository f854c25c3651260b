import EntroQ
import EntroQConformance
import EntroQPostgres
import EntroQService
import Foundation
import Testing

/// Runs `body` with a running Postgres backend on a fresh schema of the test server, dropped afterwards.
///
/// The server comes from `MEDIFOR_TEST_POSTGRES_URL` (`eval "$(scripts/postgres.sh start)"`). Without it the test
/// fails, naming the missing variable.
func withPostgresQueue(
    clock: ManualTimeSource, _ body: @escaping @Sendable (PostgresBackend) async throws -> Void
) async throws {
    let environment = ProcessInfo.processInfo.environment
    guard let url = environment["MEDIFOR_TEST_POSTGRES_URL"], !url.isEmpty else {
        let message: Comment = "MEDIFOR_TEST_POSTGRES_URL is not set: run eval \"$(scripts/postgres.sh start)\""
        // A Postgres suite without its server fails; it never passes by skipping.
        Issue.record(message)
        return
    }
    var configuration = try PostgresBackend.Configuration(url: url)
    configuration.schema = "w_" + TaskIDGenerator.make()
    configuration.maximumConnections = 2
    let backend = try PostgresBackend(configuration: configuration, clock: clock)
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await backend.run() }
        defer { group.cancelAll() }
        do {
            try await body(backend)
        } catch {
            try? await backend.dropSchema()
            throw error
        }
        try await backend.dropSchema()
    }
}

@Suite("Postgres backend over the wire")
struct PostgresOverWireTests {
    @Test("conformance over gRPC with the Postgres backend", arguments: ConformanceScenario.all)
    func postgresOverGRPC(_ scenario: ConformanceScenario) async throws {
        let clock = ManualTimeSource()
        try await withPostgresQueue(clock: clock) { backend in
            try await withGRPCQueue(backend) { client in
                try await scenario.run(QueueHarness(backend: client, clock: clock))
            }
        }
    }

    @Test("conformance over REST with the Postgres backend", arguments: ConformanceScenario.all)
    func postgresOverREST(_ scenario: ConformanceScenario) async throws {
        let clock = ManualTimeSource()
        try await withPostgresQueue(clock: clock) { backend in
            try await withRESTServer(backend) { url in
                try await scenario.run(QueueHarness(backend: RESTQueueClient(baseURL: url), clock: clock))
            }
        }
    }
}
