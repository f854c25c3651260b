import MediForProto
import MediForStore
import Testing

@Suite("SQLite detection store")
struct SQLiteDetectionStoreTests {
    @Test("behaviour", arguments: StoreScenarios.all)
    func behaviour(_ scenario: StoreScenario) async throws {
        try await withSQLiteStore { store, clock, _ in try await scenario.run(store, clock) }
    }

    @Test("migrations are recorded in order and reapplying them changes nothing")
    func migrations() async throws {
        try await withSQLiteStore { store, clock, path in
            try await store.seed("d1")
            #expect(try await store.appliedMigrations() == ["v1"])
            let reopened = try SQLiteDetectionStore(path: path, clock: clock.storeClock)
            try await reopened.migrate()
            #expect(try await reopened.detectionIDs() == ["d1"])
        }
    }

    @Test("a file written by a newer schema is refused")
    func newerSchema() async throws {
        try await withSQLiteStore { store, clock, path in
            try await store.migrate()
            try await store.recordMigration("v999")
            let reopened = try SQLiteDetectionStore(path: path, clock: clock.storeClock)
            await expectStoreError(.internalError) { try await reopened.migrate() }
        }
    }
}
