import Foundation
import Logging
import MediForStore
import Testing

/// The test server, from `MEDIFOR_TEST_POSTGRES_URL` (set by `eval "$(scripts/postgres.sh start)"`).
enum TestPostgres {
    static let urlVariable = "MEDIFOR_TEST_POSTGRES_URL"

    /// A configuration on a unique schema, or `nil` after recording a failure that says why there is none (a
    /// Postgres suite never passes by skipping).
    static func configuration(sourceLocation: SourceLocation = #_sourceLocation) throws
        -> PostgresDetectionStore.Configuration?
    {
        let environment = ProcessInfo.processInfo.environment
        guard let url = environment[urlVariable], !url.isEmpty else {
            let message: Comment = """
                \(urlVariable) is not set: start the test server with eval "$(scripts/postgres.sh start)"
                """
            // A Postgres suite without its server fails; it never passes by skipping.
            Issue.record(message, sourceLocation: sourceLocation)
            return nil
        }
        var configuration = try PostgresDetectionStore.Configuration(url: url)
        configuration.schema = "store_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        configuration.maximumConnections = 4
        return configuration
    }
}

/// Runs `body` with a running store on a fresh schema, dropped afterwards; `smallMatchCount` as in the store's
/// package init.
func withPostgresStore(
    smallMatchCount: Int? = nil, sourceLocation: SourceLocation = #_sourceLocation,
    _ body: (PostgresDetectionStore, TestClock) async throws -> Void
) async throws {
    guard let configuration = try TestPostgres.configuration(sourceLocation: sourceLocation) else { return }
    let clock = TestClock()
    let store = try PostgresDetectionStore(
        configuration: configuration, clock: clock.storeClock,
        logger: Logger(label: "medifor.store.postgres", factory: { _ in SwiftLogNoOpLogHandler() }),
        smallMatchCount: smallMatchCount)
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await store.run() }
        defer { group.cancelAll() }
        do {
            try await body(store, clock)
        } catch {
            try? await store.dropSchema()
            throw error
        }
        try await store.dropSchema()
    }
}
