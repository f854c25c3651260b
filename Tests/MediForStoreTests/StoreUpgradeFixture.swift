import MediForProto
import MediForStore
import Testing

/// Detections written before a schema upgrade, and the list answers the upgraded store must give for them.
enum StoreUpgradeFixture {
    /// Seeds tags, user tags, metadata and, per detection, fusions that lose to later better ones, failed and
    /// opted-out fusions, a second fuser, and a fusion whose detection has no tag row yet ("ghost").
    static func seed(_ store: any DetectionStore, _ clock: TestClock) async throws {
        try await store.seed("u0", tags: ["case": "c1"], userTags: ["who": "ann"], meta: ["Hash:md5": "ccc"])
        try await store.seed("u1", tags: ["case": "c2"], meta: ["Hash:md5": "aaa"])
        try await store.seed("u2", tags: ["case": "c1"], userTags: ["case": "c3"], meta: ["Hash:md5": "bbb"])
        try await store.seed("u3")
        try await store.seed("u4", tags: ["case": "c1"])
        try await store.fuse("u0", analytics: ["a"], result: imageFusion(score: 0.2))
        try await store.fuse("u0", fuser: "f2", analytics: ["a"], result: imageFusion(score: 0.4))
        try await store.fuse("u1", analytics: ["a", "b"], result: imageFusion(score: 0.9))
        try await store.fuse("u2", analytics: ["a"], result: imageFusion(score: 0.6, optOut: .optOutDetection))
        try await store.fuse("u3", analytics: ["a"], result: imageFusion(score: 0.1))
        try await store.fuse("ghost", analytics: ["a"], result: imageFusion(score: 0.3))
        clock.advance(byMs: 10)
        try await store.fuse("u0", analytics: ["a", "b"], result: imageFusion(score: 0.7))
        try await store.fuse("u1", analytics: ["a", "b", "c"], result: imageFusion(score: 0.1, code: 13))
    }

    /// One line per list request: the ids with their scores, then `total`.
    static func answers(_ store: any DetectionStore) async throws -> [String] {
        var requests: [Mediforproto_DetectionListRequest] = []
        for ascending in [false, true] {
            var request = Mediforproto_DetectionListRequest()
            request.fuserID = "avg_1.0"
            request.orderBy = [sortColumn(.score, ascending: ascending)]
            requests.append(request)
            request.tags = ["case": "c1"]
            requests.append(request)
            request.tags = [:]
            request.fusionThresholdType = ascending ? .fusionLtThreshold : .fusionGtThreshold
            request.fusionThresholdValue = 0.5
            requests.append(request)
            request.orderBy = [sortColumn(.meta, ascending: ascending, metaKey: "Hash:md5")]
            requests.append(request)
            request.fusionThresholdType = .fusionNoThreshold
            request.fuserID = "f2"
            requests.append(request)
        }
        var answers: [String] = []
        for request in requests {
            let list = try await store.list(request)
            let rows = list.detections.map { $0.id + ($0.hasFused_p ? "=\($0.fusedScore)" : "") }
            answers.append(rows.joined(separator: " ") + " | \(list.total)")
        }
        return answers
    }

    /// The answers for the seeded detections (what the list gave before the denormalised tables existed).
    static let expected = [
        "u1=0.9 u0=0.7 u3=0.1 u2 u4 | 5", "u0=0.7 u4 | 2", "u1=0.9 u0=0.7 | 2", "u0=0.7 u1=0.9 | 2",
        "u0=0.4 u2 u1 u3 u4 | 5",
        "u3=0.1 u0=0.7 u1=0.9 u2 u4 | 5", "u0=0.7 u4 | 2", "u3=0.1 | 1", "u3=0.1 | 1", "u1 u2 u0=0.4 u3 u4 | 5",
    ]

    /// Writes after the upgrade keep the new tables current: the ghost detection is created and scores, a better
    /// fusion replaces an upgraded score, a deleted detection leaves the score order.
    static func checkWrites(_ store: any DetectionStore, _ clock: TestClock) async throws {
        try await store.seed("ghost", tags: ["case": "c1"])
        clock.advance(byMs: 10)
        try await store.fuse("u3", analytics: ["a", "b"], result: imageFusion(score: 0.95))
        #expect(try await store.deleteDetection(id: "u1"))
        let ids = try await store.listedIDs {
            $0.fuserID = "avg_1.0"
            $0.orderBy = [sortColumn(.score, ascending: false)]
        }
        #expect(ids == ["u3", "u0", "ghost", "u2", "u4"])
        #expect(try await store.listedIDs { $0.tags = ["case": "c1"] } == ["u0", "u4", "ghost"])
    }
}
