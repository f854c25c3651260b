import PostgresConnection
import MediForProto
import MediForStore
import Testing

@Suite("Postgres detection store")
struct PostgresDetectionStoreTests {
    @Test("behaviour", arguments: StoreScenarios.all)
    func behaviour(_ scenario: StoreScenario) async throws {
        try await withPostgresStore { store, clock in try await scenario.run(store, clock) }
    }

    @Test("behaviour when every filtered page walks an index", arguments: StoreScenarios.all)
    func behaviourWalkingIndexes(_ scenario: StoreScenario) async throws {
        try await withPostgresStore(smallMatchCount: 0) { store, clock in try await scenario.run(store, clock) }
    }

    @Test("a version 1 schema upgrades: scores, tag filters and metadata sorts answer as before, and stay current")
    func upgradeFromFirstSchema() async throws {
        try await withPostgresStore { store, clock in
            try await StoreUpgradeFixture.seed(store, clock)
            #expect(try await StoreUpgradeFixture.answers(store) == StoreUpgradeFixture.expected)
            try await store.downgradeToFirstSchema()
            let upgraded = try PostgresDetectionStore(configuration: store.configuration, clock: clock.storeClock)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await upgraded.run() }
                defer { group.cancelAll() }
                try await upgraded.migrate()
                #expect(try await StoreUpgradeFixture.answers(upgraded) == StoreUpgradeFixture.expected)
                try await StoreUpgradeFixture.checkWrites(upgraded, clock)
            }
        }
    }

    @Test("migration records its version; a newer recorded version is refused")
    func newerSchema() async throws {
        try await withPostgresStore { store, clock in
            try await store.migrate()
            try await store.recordSchemaVersion(PostgresDetectionStore.schemaVersion + 1)
            let other = try PostgresDetectionStore(configuration: store.configuration, clock: clock.storeClock)
            await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await other.run() }
                defer { group.cancelAll() }
                await expectStoreError(.internalError) { try await other.migrate() }
            }
        }
    }
}

@Suite("Postgres store configuration")
struct PostgresStoreConfigurationTests {
    @Test("a full URL is parsed field by field; the description hides the password")
    func fullURL() throws {
        let configuration = try PostgresDetectionStore.Configuration(
            url: "postgresql://app%40x:p%3Ass@db.example:6543/results?schema=res_1&sslmode=disable")
        #expect(configuration.host == "db.example" && configuration.port == 6543)
        #expect(configuration.username == "app@x" && configuration.password == "p:ss")
        #expect(configuration.database == "results" && configuration.schema == "res_1" && configuration.tls == .disable)
        let expected = "postgres://app@x:***@db.example:6543/results?schema=res_1&sslmode=disable"
        #expect(configuration.description == expected)
    }

    @Test("defaults: port 5432, schema medifor, TLS preferred")
    func defaults() throws {
        let configuration = try PostgresDetectionStore.Configuration(url: "postgres://u@h")
        #expect(configuration.port == 5432 && configuration.schema == "medifor" && configuration.tls == .prefer)
    }

    @Test(
        "a bad URL is an invalid argument whose message never repeats the password",
        arguments: [
            "", "http://u:secret@h/d", "postgres://h/d", "postgres://u:secret@h:99999/d", "postgres://u:secret@h/d/x",
            "postgres://u:secret@h/d?schema=Bad-Name", "postgres://u:secret@h/d?sslmode=maybe",
            "postgres://u:secret@h/d?colour=blue",
        ])
    func badURL(_ url: String) {
        do {
            _ = try PostgresDetectionStore.Configuration(url: url)
            Issue.record("\(url) was accepted")
        } catch {
            #expect(error.code == .invalidArgument && !error.message.contains("secret"))
        }
    }
}
