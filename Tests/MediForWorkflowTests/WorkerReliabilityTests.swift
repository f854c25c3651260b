import EntroQ
import EntroQSQLite
import EntroQService
import Foundation
import GRPCCore
import Logging
import MediForProto
import MediForWorkflow
import SwiftProtobuf
import Synchronization
import Testing

/// Analytic workers against a real SQLite queue and a real analytic over loopback gRPC.
@Suite("Analytic worker reliability", .serialized)
struct WorkerReliabilityTests {
    let logger = Logger(label: "medifor.test", factory: { _ in SwiftLogNoOpLogHandler() })
    let queues = WorkflowQueues()

    /// A SQLite queue holding one detection task in `alpha_1`'s inbox, for a probe whose content is `content`.
    func queueWithTask(content: String, root: String) async throws -> SQLiteBackend {
        let queue = try SQLiteBackend(path: root + "/queue.sqlite")
        let probe = root + "/probe.jpg"
        try Data([0xFF, 0xD8, 0xFF] + Array(content.utf8)).write(to: URL(fileURLWithPath: probe))
        let task = Mediforproto_DetectionTask.with {
            $0.id = "d1"
            $0.analyticID = ["alpha_1"]
            $0.doneQueue = queues.detectionOutbox
            $0.detection.imgManipReq.image.uri = probe
            $0.detection.imgManipReq.outDir = root + "/output/alpha_1"
        }
        let value = try JSONDecoder().decode(JSONValue.self, from: try task.jsonUTF8Data())
        _ = try await queue.modify(Modification(
            claimant: "test", inserts: [TaskData(queue: queues.analyticInbox("alpha_1"), value: value, id: "t1")]))
        return queue
    }

    /// Waits until `queue` holds at least `count` tasks.
    func waitFor(_ name: String, count: Int, in queue: any QueueBackend, seconds: Double = 20) async throws
        -> [EntroQTask]
    {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            let tasks = try await queue.tasks(TaskQuery(queue: name))
            if tasks.count >= count { return tasks }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await queue.tasks(TaskQuery(queue: name))
    }

    func detection(of task: EntroQTask) throws -> Mediforproto_Detection {
        var options = JSONDecodingOptions()
        options.ignoreUnknownFields = true
        let data = try JSONEncoder().encode(try #require(task.value))
        return try Mediforproto_DetectionTask(jsonUTF8Data: data, options: options).detection
    }

    func temporaryRoot() throws -> String {
        let root = FileManager.default.temporaryDirectory.path + "/medifor-worker-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        return root
    }

    @Test("an analytic that is down for a while is retried, then the task succeeds")
    func analyticBrieflyDown() async throws {
        let root = try temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let queue = try await queueWithTask(content: "score=0.7", root: root)
        // Reserve a port, then free it: the worker starts with nothing listening there.
        let probe = GRPCServerService(host: "127.0.0.1", port: 0, services: [], health: nil, logger: logger)
        let port = try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await probe.server.serve() }
            let port = try #require(try await probe.listeningPort())
            probe.server.beginGracefulShutdown()
            try await group.waitForAll()
            return port
        }
        var settings = WorkerSettings(id: "alpha_1")
        settings.unavailableBudgetSeconds = 60
        let worker = RemoteWorkerService(
            kind: .analytic, queue: queue, host: "127.0.0.1", port: port, settings: settings, logger: logger)
        let analytic = TestAnalytic()
        try await withThrowingTaskGroup(of: Void.self) { group in
            defer { group.cancelAll() }
            group.addTask { try await worker.run() }
            try await Task.sleep(for: .milliseconds(1500))
            #expect(try await queue.tasks(TaskQuery(queue: queues.detectionOutbox)).isEmpty)
            let server = GRPCServerService(host: "127.0.0.1", port: port, services: [analytic], health: nil, logger: logger)
            group.addTask { try await server.server.serve() }
            let done = try await waitFor(queues.detectionOutbox, count: 1, in: queue)
            let result = try detection(of: try #require(done.first))
            #expect(result.status.code == 0)
            #expect(result.imgManip.score == 0.7)
            #expect(result.endTimeMillis - result.startTimeMillis >= 1000)
        }
    }

    @Test("an unreachable analytic fails the task with a clear message after the retry budget")
    func analyticStaysDown() async throws {
        let root = try temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let queue = try await queueWithTask(content: "score=0.7", root: root)
        var settings = WorkerSettings(id: "alpha_1")
        settings.unavailableBudgetSeconds = 1
        // Port 1 on loopback: nothing listens there.
        let worker = RemoteWorkerService(
            kind: .analytic, queue: queue, host: "127.0.0.1", port: 1, settings: settings, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            defer { group.cancelAll() }
            group.addTask { try await worker.run() }
            let done = try await waitFor(queues.detectionOutbox, count: 1, in: queue)
            let result = try detection(of: try #require(done.first))
            #expect(result.status.code == Int32(RPCError.Code.unavailable.rawValue))
            #expect(result.status.message.contains("attempts"))
            #expect(result.imgManip == Mediforproto_ImageManipulation())
        }
    }

    @Test("a worker stopped mid-call loses nothing: the lease expires and another worker finishes, once")
    func workerKilledMidTask() async throws {
        let root = try temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let queue = try await queueWithTask(content: "score=0.4 slow=1500", root: root)
        let analytic = TestAnalytic()
        let server = GRPCServerService(host: "127.0.0.1", port: 0, services: [analytic], health: nil, logger: logger)
        var settings = WorkerSettings(id: "alpha_1")
        settings.leaseMs = 1000
        settings.pollMs = 200
        try await withThrowingTaskGroup(of: Void.self) { group in
            defer { group.cancelAll() }
            group.addTask { try await server.server.serve() }
            let port = try #require(try await server.listeningPort())
            let first = RemoteWorkerService(
                kind: .analytic, queue: queue, host: "127.0.0.1", port: port, settings: settings, logger: logger)
            // The first worker claims the task and is cancelled (its process "dies") while the call runs.
            let doomed = Task { try await first.run() }
            while analytic.calls.load(ordering: .relaxed) == 0 { try await Task.sleep(for: .milliseconds(20)) }
            doomed.cancel()
            _ = await doomed.result
            #expect(try await queue.tasks(TaskQuery(queue: queues.detectionOutbox)).isEmpty)
            let second = RemoteWorkerService(
                kind: .analytic, queue: queue, host: "127.0.0.1", port: port, settings: settings, logger: logger)
            group.addTask { try await second.run() }
            let done = try await waitFor(queues.detectionOutbox, count: 1, in: queue)
            try await Task.sleep(for: .milliseconds(500))
            #expect(try await queue.tasks(TaskQuery(queue: queues.detectionOutbox)).count == 1)
            #expect(try await queue.tasks(TaskQuery(queue: queues.analyticInbox("alpha_1"))).isEmpty)
            let result = try detection(of: try #require(done.first))
            #expect(result.status.code == 0)
            #expect(result.imgManip.score == 0.4)
            #expect(analytic.calls.load(ordering: .relaxed) == 2)
            #expect(try #require(done.first).claims >= 2)
        }
    }
}
