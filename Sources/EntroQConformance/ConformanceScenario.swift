import EntroQ

/// One backend-agnostic queue behaviour check.
///
/// Test targets run every scenario of ``ConformanceScenario/all`` against their backend, in-process and over
/// the wire:
///
/// ```swift
/// @Test(arguments: ConformanceScenario.all)
/// func memory(_ scenario: ConformanceScenario) async throws {
///     let clock = ManualTimeSource()
///     try await scenario.run(QueueHarness(backend: MemoryBackend(clock: clock), clock: clock))
/// }
/// ```
public struct ConformanceScenario: Sendable, CustomStringConvertible {
    /// A short name, shown by the test runner.
    public let name: String
    private let body: @Sendable (QueueHarness) async throws -> Void

    /// Creates a scenario.
    public init(_ name: String, _ body: @escaping @Sendable (QueueHarness) async throws -> Void) {
        self.name = name
        self.body = body
    }

    /// Runs the scenario; throws ``ConformanceFailure`` when the backend misbehaves.
    public func run(_ harness: QueueHarness) async throws {
        try await body(harness)
    }

    public var description: String { name }
}

/// What a scenario needs: the backend under test and the clock its server side reads.
public struct QueueHarness: Sendable {
    /// The backend under test (possibly a client talking to a server over the wire).
    public let backend: any QueueBackend
    /// The clock the serving backend stamps tasks with; scenarios move it to expire leases.
    public let clock: ManualTimeSource

    /// Creates a harness.
    public init(backend: any QueueBackend, clock: ManualTimeSource) {
        self.backend = backend
        self.clock = clock
    }
}

/// A scenario's expectation that did not hold.
public struct ConformanceFailure: Error, CustomStringConvertible {
    public let description: String
    public let file: String
    public let line: Int
}

/// Throws a ``ConformanceFailure`` unless `condition` holds.
func check(
    _ condition: Bool, _ message: @autoclosure () -> String, file: String = #fileID, line: Int = #line
) throws {
    if !condition { throw ConformanceFailure(description: "\(file):\(line): \(message())", file: file, line: line) }
}

/// Checks that `body` fails with a dependency error and returns its failures.
func expectDependencyError(
    file: String = #fileID, line: Int = #line, _ body: () async throws -> Void
) async throws -> [DependencyFailure] {
    do {
        try await body()
    } catch let error as QueueError where error.code == .dependency {
        return error.failures
    }
    throw ConformanceFailure(description: "\(file):\(line): expected a dependency error", file: file, line: line)
}

/// Checks that `body` fails with an invalid-argument error.
func expectInvalidArgument(file: String = #fileID, line: Int = #line, _ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as QueueError where error.code == .invalidArgument {
        return
    }
    throw ConformanceFailure(description: "\(file):\(line): expected an invalid-argument error", file: file, line: line)
}
