import MediForProto
import MediForStore
import Testing

/// The behaviour suite every ``DetectionStore`` runs (see SQLiteDetectionStoreTests, PostgresDetectionStoreTests).
enum StoreScenarios {
    static var all: [StoreScenario] { basics + listing + tagging + scoring }

    static let basics: [StoreScenario] = [
        StoreScenario("create and read back a detection; re-creating is idempotent") { store, clock in
            let created = try await store.seed(
                "d1", analytics: ["ela_1.0", "exif_1.0"], tags: ["type": "image"], userTags: ["beach": "yes"],
                meta: ["Hash:md5": "abc"])
            #expect(created == ["ela_1.0": "d1/ela_1.0", "exif_1.0": "d1/exif_1.0"])
            let stored = try await store.detection(id: "d1", wantFused: false)
            #expect(stored.analytics.map(\.analyticID) == ["ela_1.0", "exif_1.0"])
            #expect(stored.analytics.map(\.taskID) == ["d1/ela_1.0", "d1/exif_1.0"])
            #expect(stored.analytics.allSatisfy { !$0.isFinished && $0.createdMs == clock.nowMs })
            #expect(stored.analytics.first?.detection == imageRequest())
            #expect(stored.tags == ["type": "image"] && stored.userTags == ["beach": "yes"])
            #expect(stored.meta == ["Hash:md5": "abc"])
            let info = stored.info
            #expect(info.analyticsTotal == 2 && info.analyticsFinished == 0)
            #expect(info.reqResources.map(\.uri) == ["/data/input/probe.png"])

            _ = try await store.recordAnalyticResult(
                detectionID: "d1", analyticID: "ela_1.0", detection: imageRequest())
            clock.advance(byMs: 1000)
            let again = try await store.createDetection(
                NewDetection(
                    id: "d1",
                    analytics: ["ela_1.0", "exif_1.0", "new_1.0"].map {
                        .init(analyticID: $0, detection: imageRequest(), taskID: "second/\($0)")
                    }, tags: ["extra": "1"], userTags: ["beach": "no"]))
            #expect(again == ["ela_1.0": String?.none, "exif_1.0": "d1/exif_1.0", "new_1.0": "second/new_1.0"])
            let merged = try await store.detection(id: "d1", wantFused: false)
            #expect(merged.tags == ["type": "image", "extra": "1"] && merged.userTags == ["beach": "no"])
            #expect(merged.analytics.map(\.analyticID) == ["ela_1.0", "exif_1.0", "new_1.0"])
        },
        StoreScenario("empty ids are invalid arguments") { store, _ in
            await expectStoreError(.invalidArgument) { try await store.seed("") }
            await expectStoreError(.invalidArgument) { try await store.seed("x", analytics: [""]) }
        },
        StoreScenario("an analytic result is stored once; later and unknown results change nothing") { store, clock in
            try await store.seed("d1")
            clock.advance(byMs: 500)
            var result = imageRequest()
            result.imgManip.score = 0.7
            result.startTimeMillis = 5
            #expect(try await store.recordAnalyticResult(detectionID: "d1", analyticID: "ela_1.0", detection: result)
                == .recorded)
            let row = try #require(try await store.analyticRow(detectionID: "d1", analyticID: "ela_1.0"))
            #expect(row.isFinished && row.finishedMs == clock.nowMs && row.taskID == nil && row.detection == result)
            #expect(
                try await store.recordAnalyticResult(
                    detectionID: "d1", analyticID: "ela_1.0", detection: imageRequest())
                == .alreadyFinished)
            #expect(try await store.analyticRow(detectionID: "d1", analyticID: "ela_1.0")?.detection == result)
            #expect(try await store.recordAnalyticResult(detectionID: "d1", analyticID: "other", detection: result)
                == .notFound)
            #expect(try await store.detection(id: "d1", wantFused: false).info.analyticsFinished == 1)
        },
        StoreScenario("unknown ids: not found, nil row, delete is a no-op") { store, _ in
            await expectStoreError(.notFound) { _ = try await store.detection(id: "nope", wantFused: true) }
            var update = Mediforproto_UpdateDetectionTagsRequest()
            update.detectionID = "nope"
            update.tags = ["a": "b"]
            await expectStoreError(.notFound) { try await store.updateUserTags(update) }
            let row = try await store.analyticRow(detectionID: "nope", analyticID: "ela_1.0")
            let deleted = try await store.deleteDetection(id: "nope")
            let ids = try await store.detectionIDs()
            #expect(row == nil && !deleted && ids.isEmpty)
        },
        StoreScenario("delete removes rows, tags and fusions; later results affect nothing") { store, _ in
            try await store.seed("d1", analytics: ["a_1", "b_1"], tags: ["t": "1"])
            try await store.seed("d2")
            try await store.fuse("d1", result: imageFusion(score: 0.5))
            _ = try await store.createFusions(
                [NewFusion(detectionID: "d1", fuserID: "f", analyticIDs: ["a"], fusion: .init(), taskID: "t")],
                tags: ["sys": "1"])
            #expect(try await store.deleteDetection(id: "d1"))
            await expectStoreError(.notFound) { _ = try await store.detection(id: "d1", wantFused: true) }
            #expect(try await store.detectionIDs() == ["d2"])
            #expect(
                try await store.recordAnalyticResult(detectionID: "d1", analyticID: "a_1", detection: imageRequest())
                == .notFound)
            #expect(try await store.recordFusionResult(
                detectionID: "d1", fuserID: "f", analyticIDs: ["a"], fusion: imageFusion(score: 1)) == .notFound)
            var request = Mediforproto_DetectionListRequest()
            request.fuserID = "avg_1.0"
            #expect(try await store.list(request).detections.map(\.id) == ["d2"])
            #expect(try await store.tagInfo(.init()).tagCounts.isEmpty)
            #expect(try await store.deleteDetection(id: "d1") == false)
        },
        StoreScenario("fusion: best finished successful fusion per fuser covers the most analytics") { store, clock in
            try await store.seed("d1", analytics: ["a_1", "b_1", "c_1", "d_1"])
            try await store.fuse("d1", fuser: "f1", analytics: ["a"], result: imageFusion(score: 0.1))
            clock.advance(byMs: 10)
            try await store.fuse("d1", fuser: "f1", analytics: ["b", "a"], result: imageFusion(score: 0.2))
            let failed = imageFusion(score: 0.9, code: 2)
            try await store.fuse("d1", fuser: "f1", analytics: ["a", "b", "c", "d"], result: failed)
            let pending = try await store.createFusions(
                [
                    NewFusion(
                        detectionID: "d1", fuserID: "f1", analyticIDs: ["c", "a", "b"], fusion: .init(), taskID: "p1"),
                    NewFusion(detectionID: "d1", fuserID: "f2", analyticIDs: ["a"], fusion: .init(), taskID: "p2"),
                ], tags: ["k": "v"])
            #expect(pending == ["f1": "p1", "f2": "p2"])
            let repeated = try await store.createFusions(
                [
                    NewFusion(
                        detectionID: "d1", fuserID: "f1", analyticIDs: ["a", "b", "c"], fusion: .init(), taskID: "x"),
                    NewFusion(detectionID: "d1", fuserID: "f1", analyticIDs: ["a"], fusion: .init(), taskID: "y"),
                ], tags: [:])
            #expect(repeated == ["f1": String?.none])
            let stored = try await store.detection(id: "d1", wantFused: true)
            #expect(stored.fusions.map(\.fuserID) == ["f1"])
            #expect(stored.fusions.first?.analyticIDs == ["a", "b"])
            #expect(stored.fusions.first?.fusion.imgManip.score == 0.2)
            #expect(stored.info.hasFused_p && stored.info.fusionInfo.first?.stage == .finished)
            #expect(try await store.detection(id: "d1", wantFused: false).fusions.isEmpty)
            #expect(try await store.recordFusionResult(
                detectionID: "d1", fuserID: "f1", analyticIDs: ["a", "b"], fusion: imageFusion(score: 1))
                == .alreadyFinished)
        },
    ]
}
