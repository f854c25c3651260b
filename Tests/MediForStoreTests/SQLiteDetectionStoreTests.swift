import MediForProto
import MediForStore
import Testing

@Suite("SQLite detection store")
struct SQLiteDetectionStoreTests {
    @Test("behaviour", arguments: StoreScenarios.all)
    func behaviour(_ scenario: StoreScenario) async throws {
        try await withSQLiteStore { store, clock, _ in try await scenario.run(store, clock) }
    }

    @Test("behaviour when every filtered page walks an index", arguments: StoreScenarios.all)
    func behaviourWalkingIndexes(_ scenario: StoreScenario) async throws {
        try await withSQLiteStore(smallMatchCount: 0) { store, clock, _ in try await scenario.run(store, clock) }
    }

    @Test("migrations are recorded in order and reapplying them changes nothing")
    func migrations() async throws {
        try await withSQLiteStore { store, clock, path in
            try await store.seed("d1")
            #expect(try await store.appliedMigrations() == ["v1", "v2"])
            let reopened = try SQLiteDetectionStore(path: path, clock: clock.storeClock)
            try await reopened.migrate()
            #expect(try await reopened.detectionIDs() == ["d1"])
        }
    }

    @Test("a v1 file upgrades: scores, tag filters and metadata sorts answer as before, and stay current")
    func upgradeFromFirstSchema() async throws {
        try await withSQLiteStore { store, clock, path in
            try await StoreUpgradeFixture.seed(store, clock)
            #expect(try await StoreUpgradeFixture.answers(store) == StoreUpgradeFixture.expected)
            try await store.downgradeToFirstSchema()
            #expect(try await store.appliedMigrations() == ["v1"])
            let upgraded = try SQLiteDetectionStore(path: path, clock: clock.storeClock)
            try await upgraded.migrate()
            #expect(try await upgraded.appliedMigrations() == ["v1", "v2"])
            #expect(try await StoreUpgradeFixture.answers(upgraded) == StoreUpgradeFixture.expected)
            try await StoreUpgradeFixture.checkWrites(upgraded, clock)
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
