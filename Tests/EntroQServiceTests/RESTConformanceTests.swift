import EntroQ
import EntroQConformance
import EntroQService
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Testing

/// Runs `body` against a real Hummingbird server on 127.0.0.1 (port 0) serving the REST routes over `backend`.
///
/// The server stops gracefully when `body` returns or throws.
func withRESTServer<Value: Sendable>(
    _ backend: any QueueBackend, maxBodyBytes: Int = 10 << 20,
    _ body: @escaping @Sendable (URL) async throws -> Value
) async throws -> Value {
    var logger = Logger(label: "entroq.test.rest")
    logger.logLevel = .warning
    let router = Router()
    EntroQRESTAPI(backend: backend, logger: logger, maxBodyBytes: maxBodyBytes).addRoutes(to: router)
    return try await withHTTPServer(router, body)
}

/// Runs `body` against a real Hummingbird server on 127.0.0.1 (port 0) serving `router`.
func withHTTPServer<Value: Sendable>(
    _ router: Router<BasicRequestContext>, _ body: @escaping @Sendable (URL) async throws -> Value
) async throws -> Value {
    var logger = Logger(label: "entroq.test.http")
    logger.logLevel = .warning
    let (ports, portSink) = AsyncStream<Int>.makeStream()
    let app = Application(
        router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { channel in
            portSink.yield(channel.localAddress?.port ?? 0)
            portSink.finish()
        },
        logger: logger)
    let services = ServiceGroup(configuration: .init(services: [app], logger: logger))
    return try await withThrowingTaskGroup(of: Value?.self) { group in
        group.addTask {
            try await services.run()
            return nil
        }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        do {
            let value = try await body(try #require(URL(string: "http://127.0.0.1:\(port)")))
            await services.triggerGracefulShutdown()
            try await group.waitForAll()
            return value
        } catch {
            await services.triggerGracefulShutdown()
            throw error
        }
    }
}

@Suite("REST queue service")
struct RESTConformanceTests {
    @Test("conformance over REST with the memory backend", arguments: ConformanceScenario.all)
    func memoryOverREST(_ scenario: ConformanceScenario) async throws {
        let clock = ManualTimeSource()
        try await withRESTServer(MemoryBackend(clock: clock)) { url in
            try await scenario.run(QueueHarness(backend: RESTQueueClient(baseURL: url), clock: clock))
        }
    }
}
