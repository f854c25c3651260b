import EntroQ
import EntroQService
import Foundation
import Hummingbird
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// The blocking claim route and the client's handling of it.
@Suite("REST blocking claims", .timeLimit(.minutes(1)))
struct RESTClaimWaitTests {
    @Test("a blocking claim whose client disconnects is abandoned and never takes a task")
    func abandonedOnDisconnect() async throws {
        let backend = ObservedBackend()
        try await withRESTServer(backend) { url in
            var events = backend.events.makeAsyncIterator()
            let http = RawHTTP(base: url)
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    _ = try? await http.call(
                        "POST", "/api/v0/claim/wait",
                        body: #"{"claimantId": "gone", "queues": ["/wait"], "pollMs": "600000"}"#)
                }
                #expect(await events.next() == .started)
                group.cancelAll()
                #expect(await events.next() == .cancelled)
            }
            _ = try await backend.modify(Modification(claimant: "c", inserts: [TaskData(queue: "/wait")]))
            let task = try await backend.tryClaim(ClaimRequest(claimant: "other", queues: ["/wait"]))
            #expect(task?.version == 1 && task?.claims == 1 && task?.claimant == "other")
        }
    }

    @Test("a blocking claim through the client returns at once when work exists and is cancellable")
    func clientClaim() async throws {
        let backend = ObservedBackend()
        try await withRESTServer(backend) { url in
            let client = RESTQueueClient(baseURL: url)
            _ = try await client.modify(Modification(claimant: "c", inserts: [TaskData(queue: "/ready")]))
            let task = try await client.claim(ClaimRequest(claimant: "w", queues: ["/ready"], pollMs: 600_000))
            #expect(task.claimant == "w" && task.version == 1)
            var events = backend.events.makeAsyncIterator()
            #expect(await events.next() == .started)
            #expect(await events.next() == .claimed)

            let outcome = await withTaskGroup(of: QueueError.Code?.self) { group in
                group.addTask {
                    do {
                        _ = try await client.claim(ClaimRequest(claimant: "w", queues: ["/empty"], pollMs: 600_000))
                        return nil
                    } catch let error as QueueError {
                        return error.code
                    } catch {
                        return .internalError
                    }
                }
                #expect(await events.next() == .started)
                group.cancelAll()
                return await group.next() ?? nil
            }
            #expect(outcome == .cancelled)
            #expect(await events.next() == .cancelled)
        }
    }

    @Test("the client refuses a server that does not serve protocol 2")
    func clientRequiresProtocolTwo() async throws {
        try await withPlainServer { url in
            let client = RESTQueueClient(baseURL: url)
            await #expect(throws: QueueError.self) { _ = try await client.time() }
        }
    }
}

/// Runs `body` against a server answering `GET /api/v0/time` as a pre-protocol-2 EntroQ service would.
private func withPlainServer(_ body: @escaping @Sendable (URL) async throws -> Void) async throws {
    let router = Router()
    router.get("api/v0/time") { _, _ in #"{"timeMs": "1"}"# }
    try await withHTTPServer(router, body)
}

/// A memory backend that reports how its blocking claims end.
final class ObservedBackend: QueueBackend {
    enum Event: Sendable, Equatable { case started, claimed, cancelled, failed }

    let events: AsyncStream<Event>
    private let sink: AsyncStream<Event>.Continuation
    private let base: MemoryBackend

    init(clock: any TimeSource = SystemTimeSource()) {
        base = MemoryBackend(clock: clock)
        (events, sink) = AsyncStream.makeStream()
    }

    func claim(_ request: ClaimRequest) async throws -> EntroQTask {
        sink.yield(.started)
        do {
            let task = try await base.claim(request)
            sink.yield(.claimed)
            return task
        } catch let error as QueueError where error.code == .cancelled {
            sink.yield(.cancelled)
            throw error
        } catch {
            sink.yield(.failed)
            throw error
        }
    }

    func tryClaim(_ request: ClaimRequest) async throws -> EntroQTask? { try await base.tryClaim(request) }
    func modify(_ modification: Modification) async throws -> ModifyResult { try await base.modify(modification) }
    func tasks(_ query: TaskQuery) async throws -> [EntroQTask] { try await base.tasks(query) }
    func queueStats(_ query: QueueQuery) async throws -> [QueueStats] { try await base.queueStats(query) }
    func time() async throws -> Int64 { try await base.time() }
}
