import EntroQ
import EntroQConformance
import Testing

@Suite("memory backend")
struct MemoryBackendTests {
    @Test("conformance", arguments: ConformanceScenario.all)
    func conformance(_ scenario: ConformanceScenario) async throws {
        let clock = ManualTimeSource()
        try await scenario.run(QueueHarness(backend: MemoryBackend(clock: clock), clock: clock))
    }
}
