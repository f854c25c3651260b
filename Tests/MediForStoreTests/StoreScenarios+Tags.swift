import MediForProto
import MediForStore
import Testing

extension StoreScenarios {
    static let tagging: [StoreScenario] = [
        StoreScenario("user tags: replace, merge then delete; system tags untouched") { store, _ in
            try await store.seed("d1", tags: ["sys": "1"], userTags: ["a": "1", "b": "2"])
            var request = Mediforproto_UpdateDetectionTagsRequest()
            request.detectionID = "d1"
            request.tags = ["b": "20", "c": "3"]
            request.deleteTags = ["a"]
            try await store.updateUserTags(request)
            var stored = try await store.detection(id: "d1", wantFused: false)
            #expect(stored.userTags == ["b": "20", "c": "3"] && stored.tags == ["sys": "1"])
            request.replace = true
            request.tags = ["z": "26"]
            try await store.updateUserTags(request)
            stored = try await store.detection(id: "d1", wantFused: false)
            #expect(stored.userTags == ["z": "26"])
            request.tags = [:]
            try await store.updateUserTags(request)
            #expect(try await store.detection(id: "d1", wantFused: false).userTags.isEmpty)
        },
        StoreScenario("a detection created without tags still takes user tags and tag filters") { store, _ in
            try await store.seed("bare")
            var request = Mediforproto_UpdateDetectionTagsRequest()
            request.detectionID = "bare"
            request.tags = ["label": "x"]
            try await store.updateUserTags(request)
            #expect(try await store.listedIDs { $0.tags = ["label": "x"] } == ["bare"])
        },
        StoreScenario("tag info: counts, escaping, required tags, literal skip prefixes") { store, _ in
            try await store.seed("d1", tags: ["a=b": "c\\d", "__user": "ann"], userTags: ["__user": "ann", "l": "1"])
            try await store.seed("d2", tags: ["a=b": "c\\d", "abuser1": "x"], userTags: ["l": "1"])
            try await store.seed("d3", tags: ["other": "y"], userTags: ["l": "2"])
            var request = Mediforproto_DetectionTagInfoRequest()
            var info = try await store.tagInfo(request)
            #expect(info.tagCounts == ["a\\=b=c\\\\d": 2, "__user=ann": 1, "abuser1=x": 1, "other=y": 1])
            #expect(info.userTagCounts == ["__user=ann": 1, "l=1": 2, "l=2": 1])
            request.skipPrefixes = ["__user", "__group"]
            info = try await store.tagInfo(request)
            #expect(info.tagCounts == ["a\\=b=c\\\\d": 2, "abuser1=x": 1, "other=y": 1])
            #expect(info.userTagCounts == ["l=1": 2, "l=2": 1])
            request.requireTags = ["l": "1"]
            info = try await store.tagInfo(request)
            #expect(info.tagCounts == ["a\\=b=c\\\\d": 2, "abuser1=x": 1])
            request.requireTags = ["l": "1", "__user": "ann"]
            info = try await store.tagInfo(request)
            #expect(info.userTagCounts == ["l=1": 1])
        },
        StoreScenario("every detection id, sorted") { store, _ in
            for id in ["b", "a", "c"] { try await store.seed(id) }
            #expect(try await store.detectionIDs() == ["a", "b", "c"])
        },
    ]
}
