import Foundation
import GRPCCore
import MediForProto
import MediForWorkflow
import SwiftProtobuf
import Synchronization
import Testing

@Suite("Workflow end to end over gRPC", .serialized)
struct EndToEndTests {
    @Test("detect → results → fused score → list/filter/page → tags → delete", arguments: TestBackend.allCases)
    func lifecycle(_ backend: TestBackend) async throws {
        try await withWorkflow(backend) { harness in
            var ids: [String] = []
            for (name, score) in [("high.jpg", "0.8"), ("mid.jpg", "0.6"), ("low.jpg", "0.2")] {
                let path = try harness.writeProbe(name, "score=\(score) \(name)")
                let info = try await harness.pipeline.detect(WorkflowHarness.request(path, tags: ["case": "c1"]))
                #expect(info.analyticInfo.map(\.analyticID) == ["alpha_1", "beta_1"])
                #expect(info.reqResources.first?.uri.hasPrefix(harness.storage.inputDirectory + "/") == true)
                #expect(info.reqResources.first?.type == "image/jpeg")
                ids.append(info.id)
            }
            for id in ids { _ = try await harness.waitFinished(id) }

            let high = try await harness.waitFinished(ids[0])
            #expect(high.analyticInfo.allSatisfy { $0.stage == .finished && $0.status == .success })
            let scores = Dictionary(uniqueKeysWithValues: high.analyticInfo.map {
                ($0.analyticID, $0.detection.imgManip.score)
            })
            #expect(scores == ["alpha_1": 0.8, "beta_1": 0.4])
            #expect(high.hasFused_p)
            #expect(abs(high.fusedScore - 0.6) < 1e-9)
            #expect(high.fusionInfo.first?.fuserID == "mean_1")
            // The mask is a real file under output/<analytic>/<request id>/.
            let mask = try #require(high.analyticInfo.first?.detection.imgManip.localization.mask.uri)
            #expect(mask.hasPrefix(harness.storage.outputDirectory + "/alpha_1/"))
            #expect(FileManager.default.fileExists(atPath: mask))
            // The stored probe is content-addressed.
            #expect(high.reqResources.first?.uri == harness.storage.inputDirectory + "/\(ids[0]).jpg")

            // List: threshold, sort, paging, totals.
            var list = Mediforproto_DetectionListRequest()
            list.fuserID = "mean_1"
            list.fusionThresholdType = .fusionGtThreshold
            list.fusionThresholdValue = 0.35
            list.orderBy = [.with { $0.key = .score }]
            let above = try await harness.pipeline.getDetectionList(list)
            #expect(above.detections.map(\.id) == [ids[0], ids[1]])
            #expect(above.total == 2)
            list.fusionThresholdType = .fusionNoThreshold
            list.orderBy = [.with { $0.key = .score; $0.isAsc = false }]
            list.pageSize = 2
            let first = try await harness.pipeline.getDetectionList(list)
            #expect(first.detections.map(\.id) == [ids[0], ids[1]])
            #expect(first.total == 3)
            #expect(!first.pageToken.isEmpty)
            list.pageToken = first.pageToken
            let second = try await harness.pipeline.getDetectionList(list)
            #expect(second.detections.map(\.id) == [ids[2]])
            #expect(second.pageToken.isEmpty)

            // Tags: add, filter, counts, replace.
            let tagged = try await harness.pipeline.updateDetectionTags(.with {
                $0.detectionID = ids[1]
                $0.tags = ["reviewed": "yes"]
            })
            #expect(tagged.userTags == ["reviewed": "yes"])
            let byTag = try await harness.pipeline.getDetectionList(.with { $0.tags = ["reviewed": "yes"] })
            #expect(byTag.detections.map(\.id) == [ids[1]])
            let counts = try await harness.pipeline.getDetectionTagInfo(.init())
            #expect(counts.tagCounts == ["case=c1": 3])
            #expect(counts.userTagCounts == ["reviewed=yes": 1])
            _ = try await harness.pipeline.updateDetectionTags(.with {
                $0.detectionID = ids[1]
                $0.replace = true
            })
            #expect(try await harness.pipeline.getDetectionInfo(.with { $0.id = ids[1] }).userTags.isEmpty)

            // The legacy package name answers the same.
            let legacyInfo = try await harness.legacy.getDetectionInfo(.with {
                $0.id = ids[0]
                $0.wantFused = true
            })
            #expect(legacyInfo.fusedScore == high.fusedScore)
            #expect(try await harness.legacy.getAnalyticMeta(.init()).analytics.map(\.id) == ["alpha_1", "beta_1", "mean_1"])

            // Delete: gone from info and list.
            _ = try await harness.pipeline.deleteDetection(.with { $0.detectionID = ids[2] })
            await #expect(throws: RPCError.self) { try await harness.pipeline.getDetectionInfo(.with { $0.id = ids[2] }) }
            #expect(try await harness.pipeline.getDetectionList(.init()).total == 2)

            // Each analytic ran once per detection: results are stored once.
            #expect(harness.alpha.calls.load(ordering: .relaxed) == 3)
            #expect(harness.fuser.calls.load(ordering: .relaxed) == 3)
        }
    }

    @Test("a failing analytic is recorded as such; fusion uses the others", arguments: [TestBackend.sqlite])
    func failingAnalytic(_ backend: TestBackend) async throws {
        try await withWorkflow(backend) { harness in
            let path = try harness.writeProbe("bad.jpg", "score=0.9 fail")
            let id = try await harness.pipeline.detect(WorkflowHarness.request(path)).id
            let info = try await harness.waitFinished(id)
            #expect(info.analyticInfo.allSatisfy { $0.stage == .finished && $0.status == .failure })
            let status = try #require(info.analyticInfo.first?.detection.status)
            #expect(status.code == Int32(RPCError.Code.invalidArgument.rawValue))
            #expect(status.message.contains("marked to fail"))
            // Both failed: the fuser sees both as opted out and opts out too.
            #expect(info.fusionInfo.first?.fusion.imgManip.optOut == .optOutAll)
            #expect(!info.hasFused_p)
        }
    }

    @Test("resubmitting a file joins the same detection and runs nothing twice")
    func resubmission() async throws {
        try await withWorkflow(.sqlite) { harness in
            let path = try harness.writeProbe("again.jpg", "score=0.3")
            let id = try await harness.pipeline.detect(WorkflowHarness.request(path, analytics: ["alpha_1"])).id
            _ = try await harness.waitFinished(id)
            let again = try await harness.pipeline.detect(WorkflowHarness.request(path))
            #expect(again.id == id)
            let info = try await harness.waitFinished(id)
            #expect(info.analyticsTotal == 2)
            #expect(harness.alpha.calls.load(ordering: .relaxed) == 1)
            #expect(harness.beta.calls.load(ordering: .relaxed) == 1)
            let fused = try #require(info.fusionInfo.first)
            #expect(fused.fusion.imgManipReq.imgManip.map(\.id) == ["alpha", "beta"])
        }
    }
}
