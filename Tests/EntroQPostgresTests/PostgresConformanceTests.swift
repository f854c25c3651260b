import EntroQ
import EntroQConformance
import EntroQPostgres
import Testing

@Suite("Postgres backend conformance")
struct PostgresConformanceTests {
    @Test("conformance scenario", arguments: ConformanceScenario.all)
    func scenario(_ scenario: ConformanceScenario) async throws {
        let clock = ManualTimeSource()
        try await withPostgresBackend(clock: clock) { backend in
            try await scenario.run(QueueHarness(backend: backend, clock: clock))
        }
    }
}
