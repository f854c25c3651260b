import EntroQ
import EntroQPostgres
import Testing

@Suite("Postgres schema")
struct PostgresSchemaTests {
    @Test("migrating twice is harmless and records the schema version")
    func migrateIsIdempotent() async throws {
        try await withPostgresBackend { backend in
            let url = try #require(TestDatabase.url)
            try await backend.migrate()
            try await backend.migrate()
            let schema = backend.configuration.schema
            let version = try PSQL.run(url: url, "SELECT value FROM \(schema).meta WHERE key = 'schema_version'")
            #expect(version == String(PostgresBackend.schemaVersion))
            let indexes = try PSQL.run(url: url, "SELECT count(*) FROM pg_indexes WHERE schemaname = '\(schema)'")
            #expect(indexes == "4")  // tasks and meta primary keys, (queue, at), (queue, id)
        }
    }

    @Test("a schema written by a newer version is refused")
    func newerSchemaIsRefused() async throws {
        try await withPostgresBackend { backend in
            let url = try #require(TestDatabase.url)
            try await backend.migrate()
            let schema = backend.configuration.schema
            _ = try PSQL.run(url: url, "UPDATE \(schema).meta SET value = '999' WHERE key = 'schema_version'")
            let newer = try PostgresBackend(configuration: backend.configuration)
            try await withRunning([newer]) {
                let error = await #expect(throws: QueueError.self) { try await newer.migrate() }
                #expect(error?.code == .internalError && error?.message.contains("newer") == true)
                await #expect(throws: QueueError.self) { try await newer.tasks(TaskQuery(queue: "/q")) }
            }
        }
    }
}
