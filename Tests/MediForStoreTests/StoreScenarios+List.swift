import Foundation
import MediForProto
import MediForStore
import Testing

extension StoreScenarios {
    /// Seeds s0…s4 one second apart with scores (s3 fused at exactly 0, s4 opted out) and metadata.
    static func seedScored(_ store: any DetectionStore, _ clock: TestClock) async throws {
        let scores: [Double?] = [0.5, 0.9, nil, 0, 0.7]
        for (index, score) in scores.enumerated() {
            let id = "s\(index)"
            try await store.seed(
                id, tags: ["kind": index.isMultiple(of: 2) ? "even" : "odd"], userTags: ["n": "\(index)"],
                meta: ["date": "2024-0\(5 - index)", "title": index < 2 ? "Red Car \(index)" : "blue boat \(index)"])
            if let score {
                let optOut: Mediforproto_OptOutType = index == 4 ? .optOutDetection : .optOutNone
                try await store.fuse(id, result: imageFusion(score: score, optOut: optOut))
            }
            clock.advance(byMs: 1000)
        }
    }

    static let listing: [StoreScenario] = [
        StoreScenario("a fused score of exactly 0 is a score; opted out and unfused are not") { store, clock in
            try await seedScored(store, clock)
            var request = Mediforproto_DetectionListRequest()
            request.fuserID = "avg_1.0"
            let rows = Dictionary(uniqueKeysWithValues: try await store.list(request).detections.map { ($0.id, $0) })
            #expect(rows["s3"]?.hasFused_p == true && rows["s3"]?.fusedScore == 0)
            #expect(rows["s0"]?.hasFused_p == true && rows["s0"]?.fusedScore == 0.5)
            #expect(rows["s4"]?.hasFused_p == false && rows["s2"]?.hasFused_p == false)
            request.fuserID = ""
            #expect(try await store.list(request).detections.allSatisfy { !$0.hasFused_p })
        },
        StoreScenario("fusion thresholds GT and LT exclude unscored detections; total counts them") { store, clock in
            try await seedScored(store, clock)
            var request = Mediforproto_DetectionListRequest()
            request.fuserID = "avg_1.0"
            request.fusionThresholdType = .fusionGtThreshold
            request.fusionThresholdValue = 0.4
            var list = try await store.list(request)
            #expect(Set(list.detections.map(\.id)) == ["s0", "s1"] && list.total == 2)
            request.fusionThresholdType = .fusionLtThreshold
            list = try await store.list(request)
            #expect(list.detections.map(\.id) == ["s3"] && list.total == 1)
            request.fuserID = ""
            #expect(try await store.list(request).total == 0)
        },
        StoreScenario("filters: ids, date range, tags with user tags winning, plain-text metadata") { store, clock in
            try await seedScored(store, clock)
            let start = 1_700_000_000
            #expect(try await store.listedIDs { $0.detectionIds = ["s1", "s3", "zz"] } == ["s1", "s3"])
            #expect(try await store.listedIDs { $0.dateRange.startSecondsUtc = Int64(start + 3) } == ["s3", "s4"])
            #expect(try await store.listedIDs { $0.dateRange.endSecondsUtc = Int64(start + 1) } == ["s0", "s1"])
            #expect(try await store.listedIDs {
                $0.dateRange.startSecondsUtc = Int64(start + 1)
                $0.dateRange.endSecondsUtc = Int64(start + 2)
            } == ["s1", "s2"])
            #expect(try await store.listedIDs { $0.tags = ["kind": "even"] } == ["s0", "s2", "s4"])
            #expect(try await store.listedIDs { $0.tags = ["kind": "even", "n": "2"] } == ["s2"])
            try await store.seed("u1", tags: ["kind": "odd"], userTags: ["kind": "even"])
            #expect(try await store.listedIDs { $0.tags = ["kind": "even"] } == ["s0", "s2", "s4", "u1"])
            #expect(try await store.listedIDs { $0.tags = ["kind": "odd"] } == ["s1", "s3"])
            #expect(try await store.listedIDs { $0.metaQuery = "blue boat" } == ["s2", "s3", "s4"])
            #expect(try await store.listedIDs { $0.metaQuery = "red car" } == ["s0", "s1"])
            #expect(try await store.listedIDs { $0.metaQuery = "red boat" } == [])
            var request = Mediforproto_DetectionListRequest()
            request.metaQuery = "boat"
            request.tags = ["kind": "even"]
            #expect(try await store.list(request).total == 2)
        },
        StoreScenario("every sort key, both directions, NULLS LAST, id tiebreak") { store, clock in
            try await seedScored(store, clock)
            try await store.seed("t0", meta: ["title": "boat boat"])
            let ids = { (column: Mediforproto_SortCol, fuser: String) in
                try await store.listedIDs {
                    $0.fuserID = fuser
                    $0.orderBy = [column]
                }
            }
            let fuser = "avg_1.0"
            #expect(try await ids(sortColumn(.score, ascending: true), fuser) == ["s3", "s0", "s1", "s2", "s4", "t0"])
            #expect(try await ids(sortColumn(.score, ascending: false), fuser) == ["s1", "s0", "s3", "s2", "s4", "t0"])
            let byDate = { (ascending: Bool) in
                try await ids(sortColumn(.meta, ascending: ascending, metaKey: "date"), "")
            }
            #expect(try await byDate(true) == ["s4", "s3", "s2", "s1", "s0", "t0"])
            #expect(try await byDate(false) == ["s0", "s1", "s2", "s3", "s4", "t0"])
            let byRank = try await ids(sortColumn(.metaQuery, ascending: false, metaKey: "red car"), "")
            #expect(Array(byRank.prefix(2)) == ["s0", "s1"] && byRank.count == 6)
            let byRankAscending = try await ids(sortColumn(.metaQuery, ascending: true, metaKey: "red car"), "")
            #expect(Array(byRankAscending.suffix(2)) == ["s0", "s1"])
            await expectStoreError(.invalidArgument) { _ = try await ids(sortColumn(.score, ascending: true), "") }
            #expect(try await store.listedIDs { _ in } == ["s0", "s1", "s2", "s3", "s4", "t0"])
        },
        StoreScenario("paging: full pages carry a token, pages are stable and cover everything once") { store, clock in
            try await seedScored(store, clock)
            var request = Mediforproto_DetectionListRequest()
            request.pageSize = 2
            request.orderBy = [sortColumn(.meta, ascending: true, metaKey: "missing")]
            var seen: [String] = []
            var tokens: [String] = []
            repeat {
                let page = try await store.list(request)
                #expect(page.total == 5)
                seen += page.detections.map(\.id)
                tokens.append(page.pageToken)
                request.pageToken = page.pageToken
            } while !request.pageToken.isEmpty
            #expect(seen == ["s0", "s1", "s2", "s3", "s4"])
            #expect(tokens.count == 3 && tokens.last == "")
            #expect(Data(base64Encoded: tokens[0]).map { String(decoding: $0, as: UTF8.self) } == "{\"offset\":2}")
            request.pageToken = Data("{\"offset\":4}".utf8).base64EncodedString()
            #expect(try await store.list(request).detections.map(\.id) == ["s4"])
            let encoded = ["{\"offset\":-1}", "[1]", "{\"offset\":\"2\"}"].map { Data($0.utf8).base64EncodedString() }
            for bad in ["%%%"] + encoded {
                request.pageToken = bad
                await expectStoreError(.invalidArgument) { _ = try await store.list(request) }
            }
        },
        StoreScenario("minimal verbosity drops analytic_info but keeps req_resources and counts") { store, _ in
            try await store.seed("m1", analytics: ["a_1", "b_1"])
            _ = try await store.recordAnalyticResult(detectionID: "m1", analyticID: "a_1", detection: imageRequest())
            var request = Mediforproto_DetectionListRequest()
            var entry = try #require(try await store.list(request).detections.first)
            #expect(entry.analyticInfo.map(\.analyticID) == ["a_1", "b_1"])
            request.verbosity = .detectionVerbosityMinimal
            entry = try #require(try await store.list(request).detections.first)
            #expect(entry.analyticInfo.isEmpty && entry.reqResources.map(\.uri) == ["/data/input/probe.png"])
            #expect(entry.analyticsTotal == 2 && entry.analyticsFinished == 1)
        },
    ]
}
