import EntroQ
import Foundation
import GRPCCore
import MediForProto
import MediForWorkflow
import SwiftProtobuf
import Testing

@Suite("Pipeline bad input", .serialized)
struct BadInputTests {
    /// The status code of a call that must fail.
    func code<T>(_ call: () async throws -> T) async -> RPCError.Code? {
        do {
            _ = try await call()
            return nil
        } catch let error as RPCError {
            #expect(!error.message.isEmpty)
            return error.code
        } catch {
            Issue.record("not an RPCError: \(error)")
            return nil
        }
    }

    @Test("clear statuses for bad Detect requests, and nothing stored half-way")
    func badDetects() async throws {
        try await withWorkflow(.sqlite) { harness in
            let pipeline = harness.pipeline
            let inside = try harness.writeProbe("ok.jpg", "score=0.5")
            let outside = try harness.writeProbe("outside.jpg", "score=0.5", inStorage: false)
            let folder = harness.storage.root + "/inbox"

            #expect(await code { try await pipeline.detect(.init()) } == .invalidArgument)
            #expect(await code { try await pipeline.detect(WorkflowHarness.request("")) } == .invalidArgument)
            #expect(await code { try await pipeline.detect(WorkflowHarness.request(harness.storage.root + "/nope.jpg")) }
                == .notFound)
            #expect(await code { try await pipeline.detect(WorkflowHarness.request(outside)) } == .permissionDenied)
            #expect(await code {
                try await pipeline.detect(WorkflowHarness.request(harness.storage.root + "/../outside/outside.jpg"))
            } == .permissionDenied)
            #expect(await code { try await pipeline.detect(WorkflowHarness.request("relative/path.jpg")) } == .invalidArgument)
            #expect(await code { try await pipeline.detect(WorkflowHarness.request("s3://bucket/x.jpg")) } == .invalidArgument)
            #expect(await code { try await pipeline.detect(WorkflowHarness.request(folder)) } == .invalidArgument)
            #expect(await code {
                try await pipeline.detect(WorkflowHarness.request(inside, analytics: ["no-such-analytic"]))
            } == .invalidArgument)
            var badFuser = WorkflowHarness.request(inside)
            badFuser.fuserID = ["alpha_1"]
            #expect(await code { try await pipeline.detect(badFuser) } == .invalidArgument)
            var outDir = WorkflowHarness.request(inside)
            outDir.request.imgManipReq.outDir = "/etc"
            #expect(await code { try await pipeline.detect(outDir) } == .invalidArgument)
            let text = harness.storage.root + "/inbox/notes.txt"
            try Data("just text".utf8).write(to: URL(fileURLWithPath: text))
            #expect(await code { try await pipeline.detect(WorkflowHarness.request(text)) } == .invalidArgument)
            var video = Mediforproto_DetectionRequest()
            video.request.imgSpliceReq.probeImage.uri = inside
            #expect(await code { try await pipeline.detect(video) } == .invalidArgument)

            // Nothing was recorded, queued or stored by the refused requests.
            #expect(try await pipeline.getDetectionList(.init()).total == 0)
            let inbox = try await harness.workflow.queue.tasks(TaskQuery(queue: harness.workflow.queues.detectionInbox))
            #expect(inbox.isEmpty)
            #expect(try FileManager.default.contentsOfDirectory(atPath: harness.storage.inputDirectory).isEmpty)

            // Garbage and empty ids.
            #expect(await code { try await pipeline.getDetectionInfo(.with { $0.id = "no-such-id" }) } == .notFound)
            #expect(await code { try await pipeline.getDetectionInfo(.init()) } == .invalidArgument)
            #expect(await code {
                try await pipeline.updateDetectionTags(.with {
                    $0.detectionID = "no-such-id"
                    $0.tags = ["a": "b"]
                })
            } == .notFound)
            #expect(await code { try await pipeline.deleteDetection(.init()) } == .invalidArgument)
            _ = try await pipeline.deleteDetection(.with { $0.detectionID = "no-such-id" })
            #expect(await code { try await pipeline.getDetectionList(.with { $0.pageToken = "%%%" }) } == .invalidArgument)
            #expect(await code {
                try await pipeline.getDetectionList(.with { $0.orderBy = [.with { $0.key = .score }] })
            } == .invalidArgument)
            #expect(await code { try await pipeline.fuseByID(.init()) } == .invalidArgument)
            #expect(await code { try await pipeline.fuseByID(.with { $0.detectionID = "no-such-id" }) } == .notFound)
            #expect(await code { try await pipeline.fuse(.init()) } == .invalidArgument)
        }
    }

    @Test("a malformed task is moved to the error queue and the workflow keeps serving")
    func poisonTask() async throws {
        try await withWorkflow(.sqlite) { harness in
            let queues = harness.workflow.queues
            let poison: [JSONValue?] = [nil, .string("not a task"), .object(["id": .string("x")]),
                                        .object(["id": .number(3), "analyticId": .array([.string("alpha_1")])])]
            _ = try await harness.workflow.queue.modify(Modification(
                claimant: "test", inserts: poison.map { TaskData(queue: queues.detectionInbox, value: $0) }))
            _ = try await harness.workflow.queue.modify(Modification(
                claimant: "test", inserts: [TaskData(queue: queues.detectionOutbox, value: .string("junk")),
                                            TaskData(queue: queues.fusionInbox, value: .object([:]))]))
            let path = try harness.writeProbe("after.jpg", "score=0.7")
            let id = try await harness.pipeline.detect(WorkflowHarness.request(path)).id
            let info = try await harness.waitFinished(id)
            #expect(info.hasFused_p)

            let deadline = ContinuousClock.now + .seconds(10)
            var moved: [EntroQTask] = []
            while ContinuousClock.now < deadline {
                moved = try await harness.workflow.queue.tasks(TaskQuery(queue: queues.detectionInbox + "/err"))
                if moved.count == poison.count { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(moved.count == poison.count)
            #expect(moved.allSatisfy { !$0.err.isEmpty })
            #expect(try await harness.workflow.queue.tasks(TaskQuery(queue: queues.detectionOutbox + "/err")).count == 1)
            #expect(try await harness.workflow.queue.tasks(TaskQuery(queue: queues.fusionInbox + "/err")).count == 1)
        }
    }
}
