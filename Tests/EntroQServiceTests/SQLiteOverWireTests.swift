import EntroQ
import EntroQConformance
import EntroQService
import EntroQSQLite
import Foundation
import Testing

/// A SQLite queue file in its own temporary folder, removed afterwards.
func withSQLiteBackend(
    clock: ManualTimeSource, _ body: @escaping @Sendable (SQLiteBackend) async throws -> Void
) async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("entroq-wire-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let backend = try SQLiteBackend(path: folder.appendingPathComponent("queue.sqlite").path, clock: clock)
    try await body(backend)
}

@Suite("SQLite backend over the wire")
struct SQLiteOverWireTests {
    @Test("conformance over gRPC with the SQLite backend", arguments: ConformanceScenario.all)
    func sqliteOverGRPC(_ scenario: ConformanceScenario) async throws {
        let clock = ManualTimeSource()
        try await withSQLiteBackend(clock: clock) { backend in
            try await withGRPCQueue(backend) { client in
                try await scenario.run(QueueHarness(backend: client, clock: clock))
            }
        }
    }

    @Test("conformance over REST with the SQLite backend", arguments: ConformanceScenario.all)
    func sqliteOverREST(_ scenario: ConformanceScenario) async throws {
        let clock = ManualTimeSource()
        try await withSQLiteBackend(clock: clock) { backend in
            try await withRESTServer(backend) { url in
                try await scenario.run(QueueHarness(backend: RESTQueueClient(baseURL: url), clock: clock))
            }
        }
    }
}
