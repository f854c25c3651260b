import EntroQ
import EntroQPostgres
import Foundation
import Testing

/// The test server, from `MEDIFOR_TEST_POSTGRES_URL` (set by `eval "$(scripts/postgres.sh start)"`).
enum TestDatabase {
    static let urlVariable = "MEDIFOR_TEST_POSTGRES_URL"

    /// A configuration for `schema`, or `nil` after recording why there is none.
    ///
    /// Without the variable the test fails with a message naming it: a Postgres suite never passes by skipping.
    static func configuration(
        schema: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> PostgresBackend.Configuration? {
        let environment = ProcessInfo.processInfo.environment
        guard let url = environment[urlVariable], !url.isEmpty else {
            let message: Comment = """
                \(urlVariable) is not set: start the test server with eval "$(scripts/postgres.sh start)"
                """
            // A Postgres suite without its server fails; it never passes by skipping.
            Issue.record(message, sourceLocation: sourceLocation)
            return nil
        }
        var configuration = try PostgresBackend.Configuration(url: url)
        configuration.schema = schema
        // swift-testing runs cases in parallel: keep each backend's pool small.
        configuration.maximumConnections = 6
        return configuration
    }

    /// The server's URL, when set.
    static var url: String? { ProcessInfo.processInfo.environment[urlVariable] }

    /// A schema name no other test uses.
    static func uniqueSchema() -> String { "t_" + TaskIDGenerator.make() }
}

/// Runs `body` with a running backend on a fresh schema, which is dropped afterwards.
func withPostgresBackend(
    clock: ManualTimeSource = ManualTimeSource(), sourceLocation: SourceLocation = #_sourceLocation,
    _ body: (PostgresBackend) async throws -> Void
) async throws {
    let schema = TestDatabase.uniqueSchema()
    guard let configuration = try TestDatabase.configuration(schema: schema, sourceLocation: sourceLocation) else {
        return
    }
    let backend = try PostgresBackend(configuration: configuration, clock: clock)
    try await withRunning([backend]) {
        try await dropping(backend) { try await body(backend) }
    }
}

/// Runs `body` while every backend's `run()` is active, then stops them.
func withRunning<Result>(_ backends: [PostgresBackend], _ body: () async throws -> Result) async throws -> Result {
    try await withThrowingTaskGroup(of: Void.self) { group in
        for backend in backends { group.addTask { try await backend.run() } }
        defer { group.cancelAll() }
        return try await body()
    }
}

/// Runs `body`, then drops the backend's schema whether `body` threw or not.
func dropping<Result>(_ backend: PostgresBackend, _ body: () async throws -> Result) async throws -> Result {
    let result: Result
    do {
        result = try await body()
    } catch {
        try? await backend.dropSchema()
        throw error
    }
    try await backend.dropSchema()
    return result
}

/// A wait that took longer than a test allows.
struct TimedOut: Error, CustomStringConvertible {
    let description: String
}

/// Returns `body`'s result, or throws ``TimedOut`` (cancelling `body`) after `limit`.
func withTimeout<Result: Sendable>(
    _ limit: Duration, _ what: String, _ body: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    try await withThrowingTaskGroup(of: Result?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else {
            throw TimedOut(description: "\(what) did not happen within \(limit)")
        }
        return value
    }
}

/// The failures of a modification expected to fail with a dependency error.
func dependencyFailures(_ body: () async throws -> Void) async throws -> [DependencyFailure] {
    do {
        try await body()
    } catch let error as QueueError where error.code == .dependency {
        return error.failures
    }
    Issue.record("expected a dependency error")
    return []
}

/// Runs SQL through `psql` (installed with the server by `scripts/postgres.sh`), for the few checks that need to
/// reach behind the backend: killing its connections, reading or forging its bookkeeping.
enum PSQL {
    /// Runs `sql` against `url` and returns the unaligned, tuples-only output without surrounding whitespace.
    static func run(url: String, _ sql: String) throws -> String {
        let process = Process()
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", url, "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-c", sql]
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
