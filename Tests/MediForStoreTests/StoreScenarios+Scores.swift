import Foundation
import MediForProto
import MediForStore
import Testing

extension StoreScenarios {
    /// The listed fused score of `id` for `fuser` (`nil` when it has none), checked against a threshold filter and
    /// against the best fusion the detection read computes from the fusion rows, so that every read path agrees.
    static func listedScore(_ store: any DetectionStore, _ id: String, fuser: String = "avg_1.0") async throws
        -> Double?
    {
        var request = Mediforproto_DetectionListRequest()
        request.fuserID = fuser
        request.detectionIds = [id]
        let entry = try #require(try await store.list(request).detections.first)
        let score = entry.hasFused_p ? entry.fusedScore : nil
        request.fusionThresholdType = .fusionGtThreshold
        request.fusionThresholdValue = -1
        #expect(try await store.list(request).total == (score == nil ? 0 : 1))
        let best = try await store.detection(id: id, wantFused: true).fusions.first { $0.fuserID == fuser }
        let expected = best.flatMap { $0.fusion.imgManip.optOut == .optOutNone ? $0.fusion.imgManip.score : nil }
        #expect(score == expected, "listed \(String(describing: score)), best fusion \(String(describing: expected))")
        return score
    }

    static let scoring: [StoreScenario] = [
        StoreScenario("the listed score follows the best fusion as better, failed and opted-out ones arrive") {
            store, clock in
            try await store.seed("d1", analytics: ["a_1", "b_1", "c_1", "d_1"])
            try await store.fuse("d1", analytics: ["a"], result: imageFusion(score: 0.3))
            #expect(try await listedScore(store, "d1") == 0.3)
            clock.advance(byMs: 10)
            try await store.fuse("d1", analytics: ["a", "b"], result: imageFusion(score: 0.6))
            #expect(try await listedScore(store, "d1") == 0.6)
            clock.advance(byMs: 10)
            try await store.fuse("d1", analytics: ["a", "b", "c"], result: imageFusion(score: 0.9, code: 2))
            try await store.fuse("d1", analytics: ["c"], result: imageFusion(score: 0.95))
            #expect(try await listedScore(store, "d1") == 0.6, "a failed or smaller fusion does not win")
            try await store.fuse("d1", analytics: ["c", "d"], result: imageFusion(score: 0.8))
            #expect(try await listedScore(store, "d1") == 0.8, "as many analytics, finished later")
            _ = try await store.createFusions(
                [NewFusion(detectionID: "d1", fuserID: "avg_1.0", analyticIDs: ["a", "b", "c", "d"],
                           fusion: .init(), taskID: "pending")], tags: [:])
            #expect(try await listedScore(store, "d1") == 0.8, "a pending fusion does not count")
            clock.advance(byMs: 10)
            let outcome = try await store.recordFusionResult(
                detectionID: "d1", fuserID: "avg_1.0", analyticIDs: ["a", "b", "c", "d"],
                fusion: imageFusion(score: 0.1, optOut: .optOutDetection))
            #expect(outcome == .recorded)
            #expect(try await listedScore(store, "d1") == nil, "the best fusion opted out")
            #expect(try await listedScore(store, "d1", fuser: "other") == nil)
        },
        StoreScenario("a tie in analytics and time goes to the smaller analytic list, whatever arrives first") {
            store, _ in
            for (id, order) in [("x1", [["b", "c"], ["a", "d"]]), ("x2", [["a", "d"], ["b", "c"]])] {
                try await store.seed(id, analytics: ["a_1", "b_1", "c_1", "d_1"])
                for analytics in order {
                    let score = analytics == ["a", "d"] ? 0.2 : 0.1
                    try await store.fuse(id, analytics: analytics, result: imageFusion(score: score))
                }
                #expect(try await listedScore(store, id) == 0.2)
            }
        },
        StoreScenario("deleting a detection removes its score; created again, it starts unscored") { store, _ in
            try await store.seed("d1")
            try await store.seed("d2")
            try await store.fuse("d1", result: imageFusion(score: 0.9))
            try await store.fuse("d2", result: imageFusion(score: 0.5))
            #expect(try await store.deleteDetection(id: "d1"))
            var request = Mediforproto_DetectionListRequest()
            request.fuserID = "avg_1.0"
            request.orderBy = [sortColumn(.score, ascending: false)]
            request.fusionThresholdType = .fusionGtThreshold
            request.fusionThresholdValue = 0.1
            var list = try await store.list(request)
            #expect(list.detections.map(\.id) == ["d2"] && list.total == 1)
            try await store.seed("d1")
            #expect(try await listedScore(store, "d1") == nil)
            request.fusionThresholdType = .fusionNoThreshold
            list = try await store.list(request)
            #expect(list.detections.map(\.id) == ["d2", "d1"] && list.total == 2)
        },
        StoreScenario("fusions recorded before their detection was created count once it is") { store, _ in
            try await store.fuse("early", result: imageFusion(score: 0.4))
            #expect(try await store.listedIDs { $0.fuserID = "avg_1.0" }.isEmpty)
            try await store.seed("early")
            #expect(try await listedScore(store, "early") == 0.4)
        },
        StoreScenario("score-sorted pages run through the scored detections, then the unscored ones") { store, clock in
            // s0…s4 scored (two tie at 0.5), t0…t3 unscored (t3 opted out), every other one tagged half=yes.
            let scores: [Double?] = [0.5, 0.9, 0.1, 0.5, 0.7, nil, nil, nil, -1]
            for (index, score) in scores.enumerated() {
                let id = index < 5 ? "s\(index)" : "t\(index - 5)"
                try await store.seed(
                    id, tags: ["half": index.isMultiple(of: 2) ? "yes" : "no"], meta: ["rank": "\(9 - index)"])
                if let score {
                    let optOut: Mediforproto_OptOutType = score < 0 ? .optOutAll : .optOutNone
                    try await store.fuse(id, result: imageFusion(score: score, optOut: optOut))
                }
                clock.advance(byMs: 1000)
            }
            let descending = ["s1", "s4", "s0", "s3", "s2", "t0", "t1", "t2", "t3"]
            let ascending = ["s2", "s0", "s3", "s4", "s1", "t0", "t1", "t2", "t3"]
            let byRank = ["s1", "s4", "s3", "s0", "s2", "t3", "t2", "t1", "t0"]
            let cases: [([Mediforproto_SortCol], [String: String], [String])] = [
                ([sortColumn(.score, ascending: false)], [:], descending),
                ([sortColumn(.score, ascending: true)], [:], ascending),
                ([sortColumn(.score, ascending: false), sortColumn(.meta, ascending: true, metaKey: "rank")], [:],
                 byRank),
                ([sortColumn(.score, ascending: false)], ["half": "yes"], ["s4", "s0", "s2", "t1", "t3"]),
            ]
            for (sorts, tags, expected) in cases {
                for size in 1...4 {
                    var request = Mediforproto_DetectionListRequest()
                    request.fuserID = "avg_1.0"
                    request.orderBy = sorts
                    request.tags = tags
                    request.pageSize = Int32(size)
                    var seen: [String] = []
                    repeat {
                        let page = try await store.list(request)
                        #expect(page.total == Int32(expected.count))
                        seen += page.detections.map(\.id)
                        request.pageToken = page.pageToken
                    } while !request.pageToken.isEmpty
                    #expect(seen == expected, "page size \(size), sorts \(sorts.map(\.key))")
                }
            }
            var request = Mediforproto_DetectionListRequest()
            request.fuserID = "avg_1.0"
            request.orderBy = [sortColumn(.score, ascending: false)]
            request.pageSize = 2
            request.pageToken = Data("{\"offset\":7}".utf8).base64EncodedString()
            #expect(try await store.list(request).detections.map(\.id) == ["t2", "t3"])
            request.pageToken = Data("{\"offset\":20}".utf8).base64EncodedString()
            let past = try await store.list(request)
            #expect(past.detections.isEmpty && past.total == 9 && past.pageToken.isEmpty)
        },
        StoreScenario("a threshold with another order: metadata, creation, score ascending") { store, clock in
            try await seedScored(store, clock)
            var request = Mediforproto_DetectionListRequest()
            request.fuserID = "avg_1.0"
            request.fusionThresholdType = .fusionGtThreshold
            request.fusionThresholdValue = -0.5
            #expect(try await store.list(request).detections.map(\.id) == ["s0", "s1", "s3"])
            request.orderBy = [sortColumn(.meta, ascending: true, metaKey: "date")]
            #expect(try await store.list(request).detections.map(\.id) == ["s3", "s1", "s0"])
            request.orderBy = [sortColumn(.score, ascending: true)]
            request.tags = ["kind": "odd"]
            let list = try await store.list(request)
            #expect(list.detections.map(\.id) == ["s3", "s1"] && list.total == 2)
        },
        StoreScenario("metadata sorts by any key: the indexed Hash:md5, and keys a JSON path cannot quote") {
            store, _ in
            let keys = ["Hash:md5", "say \"hi\"", "it's", "back\\slash", "a.b[0]", ""]
            for (index, id) in ["m0", "m1", "m2"].enumerated() {
                let values = keys.map { "\($0)=\((index * 2) % 3)" }
                try await store.seed(id, meta: Dictionary(uniqueKeysWithValues: zip(keys, values)))
            }
            try await store.seed("m3", meta: ["other": "x"])
            for key in keys {
                let ascending = try await store.listedIDs {
                    $0.orderBy = [sortColumn(.meta, ascending: true, metaKey: key)]
                }
                let descending = try await store.listedIDs {
                    $0.orderBy = [sortColumn(.meta, ascending: false, metaKey: key)]
                }
                #expect(ascending == ["m0", "m2", "m1", "m3"], "key \(key)")
                #expect(descending == ["m1", "m2", "m0", "m3"], "key \(key)")
            }
        },
        StoreScenario("tag filters follow user tag updates: added, replaced, removed") { store, _ in
            try await store.seed("d1", tags: ["case": "c1"], userTags: ["who": "ann"])
            try await store.seed("d2", tags: ["case": "c1"])
            var update = Mediforproto_UpdateDetectionTagsRequest()
            update.detectionID = "d2"
            update.tags = ["case": "c2", "who": "ann"]
            try await store.updateUserTags(update)
            #expect(try await store.listedIDs { $0.tags = ["case": "c1"] } == ["d1"])
            #expect(try await store.listedIDs { $0.tags = ["case": "c2", "who": "ann"] } == ["d2"])
            update.deleteTags = ["case"]
            update.tags = [:]
            try await store.updateUserTags(update)
            #expect(try await store.listedIDs { $0.tags = ["case": "c1"] } == ["d1", "d2"])
            update.replace = true
            try await store.updateUserTags(update)
            #expect(try await store.listedIDs { $0.tags = ["who": "ann"] } == ["d1"])
            try await store.seed("d2", tags: ["who": "ann"])
            #expect(try await store.listedIDs { $0.tags = ["who": "ann"] } == ["d1", "d2"])
        },
    ]
}
