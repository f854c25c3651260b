import EntroQ
import Foundation
import Testing

/// Wire shapes of the REST surface, checked with plain HTTP.
@Suite("REST surface")
struct RESTSurfaceTests {
    static let taskFields: Set<String> = [
        "queue", "id", "version", "atMs", "claimantId", "value", "createdMs", "modifiedMs", "claims", "attempt", "err",
    ]

    @Test("every response carries the protocol header; time answers the server clock as a string")
    func handshake() async throws {
        let clock = ManualTimeSource(startMs: 1_700_000_000_123)
        try await withRESTServer(MemoryBackend(clock: clock)) { url in
            let http = RawHTTP(base: url)
            for headers in [["entroq-protocol": "2"], [:]] {
                let answer = try await http.call("GET", "/api/v0/time", headers: headers)
                #expect(answer.status == 200)
                #expect(answer.protocolHeader == "1,2")
                #expect(try answer.json()["timeMs"] as? String == "1700000000123")
            }
        }
    }

    @Test(
        "a client asking only for unserved protocols is told which side to upgrade",
        arguments: [
            ("3", 501, "upgrade the server"), ("0", 501, "upgrade the client"), ("2, 3", 200, ""), ("x", 400, ""),
        ])
    func protocolNegotiation(header: String, status: Int, advice: String) async throws {
        try await withRESTServer(MemoryBackend()) { url in
            let answer = try await RawHTTP(base: url).call("GET", "/api/v0/time", headers: ["entroq-protocol": header])
            #expect(answer.status == status)
            #expect(answer.protocolHeader == "1,2")
            if status == 501 {
                let body = try answer.json()
                #expect(body["code"] as? Int == 12)
                #expect((body["message"] as? String)?.hasSuffix(advice) == true)
            }
        }
    }

    @Test("inserted tasks come back with every field, int64 values as strings and unset values as null")
    func taskShape() async throws {
        let clock = ManualTimeSource(startMs: 1_700_000_000_000)
        try await withRESTServer(MemoryBackend(clock: clock)) { url in
            let body = try await RawHTTP(base: url).post("/api/v0/modify", """
                {"claimantId": "c1", "inserts": [
                  {"queue": "/shape", "id": "plain"},
                  {"queue": "/shape", "byMs": 60000,
                   "value": {"name": "Grüße, 東京 🚀", "n": 1.5, "list": [true, null]}},
                  {"queue": "/shape", "atMs": "1700000005000", "attempt": 2, "err": "boom"},
                  {"queue": "/shape", "atMs": 1700000006000}
                ]}
                """)
            #expect(Set(body.keys) == ["inserted", "changed", "insertedDocs", "changedDocs"])
            let inserted = try #require(body["inserted"] as? [[String: Any]])
            try #require(inserted.count == 4)
            for task in inserted {
                #expect(Set(task.keys) == Self.taskFields)
                #expect(task["version"] as? Int == 0 && task["claims"] as? Int == 0)
                #expect(task["createdMs"] as? String == "1700000000000")
                #expect(task["modifiedMs"] as? String == "1700000000000")
                #expect(task["claimantId"] as? String == "c1")
            }
            #expect(inserted[0]["id"] as? String == "plain")
            #expect(inserted[0]["value"] is NSNull)
            #expect(inserted[0]["atMs"] as? String == "1700000000000")
            #expect(inserted[0]["err"] as? String == "" && inserted[0]["attempt"] as? Int == 0)
            let value = try #require(inserted[1]["value"] as? [String: Any])
            #expect(value["name"] as? String == "Grüße, 東京 🚀")
            #expect(value["n"] as? Double == 1.5)
            #expect(inserted[1]["atMs"] as? String == "1700000060000")
            #expect((inserted[1]["id"] as? String)?.count == 16)
            #expect(inserted[2]["atMs"] as? String == "1700000005000")
            #expect(inserted[2]["attempt"] as? Int == 2 && inserted[2]["err"] as? String == "boom")
            #expect(inserted[3]["atMs"] as? String == "1700000006000")
        }
    }

    @Test("an empty try-claim answers with an explicit null task; a claim answers with the leased task")
    func claimShape() async throws {
        let clock = ManualTimeSource(startMs: 1_700_000_000_000)
        try await withRESTServer(MemoryBackend(clock: clock)) { url in
            let http = RawHTTP(base: url)
            let claim = #"{"claimantId": "w1", "queues": ["/claim"], "durationMs": "45000", "pollMs": "0"}"#
            let empty = try await http.post("/api/v0/claim", claim)
            #expect(Set(empty.keys) == ["task"] && empty["task"] is NSNull)
            _ = try await http.post("/api/v0/modify", #"{"claimantId": "c", "inserts": [{"queue": "/claim"}]}"#)
            let task = try #require(try await http.post("/api/v0/claim", claim)["task"] as? [String: Any])
            #expect(task["version"] as? Int == 1 && task["claims"] as? Int == 1)
            #expect(task["claimantId"] as? String == "w1")
            #expect(task["atMs"] as? String == "1700000045000" && task["modifiedMs"] as? String == "1700000000000")
        }
    }

    @Test("snake_case field names and numeric int64 values are accepted; change modes apply")
    func protoNamesAndModes() async throws {
        let clock = ManualTimeSource(startMs: 1_700_000_000_000)
        try await withRESTServer(MemoryBackend(clock: clock)) { url in
            let http = RawHTTP(base: url)
            _ = try await http.post("/api/v0/modify", #"{"claimant_id": "c", "inserts": [{"queue": "/m", "id": "t"}]}"#)
            let claim = #"{"claimant_id": "w", "queues": ["/m"], "duration_ms": 1000}"#
            let claimed = try #require(try await http.post("/api/v0/claim", claim)["task"] as? [String: Any])
            #expect(claimed["atMs"] as? String == "1700000001000")
            let lease = try await http.post("/api/v0/modify", """
                {"claimantId": "w", "changes": [{"old_id": {"id": "t", "version": 1, "queue": "/m"},
                  "new_data": {"by_ms": "45000"}, "mode": "CHANGE_LEASE"}]}
                """)
            let renewed = try #require((lease["changed"] as? [[String: Any]])?.first)
            #expect(renewed["version"] as? Int == 2 && renewed["claims"] as? Int == 1)
            #expect(renewed["atMs"] as? String == "1700000045000" && renewed["claimantId"] as? String == "w")
            #expect(renewed["queue"] as? String == "/m")
            let reset = try await http.post("/api/v0/modify", """
                {"claimantId": "w", "changes": [{"oldId": {"id": "t", "version": 2, "queue": "/m"},
                  "newData": {"queue": "/m/done", "byMs": 0, "value": {"ok": true}}, "mode": "CHANGE_RESET_CLAIMS"}]}
                """)
            let moved = try #require((reset["changed"] as? [[String: Any]])?.first)
            #expect(moved["queue"] as? String == "/m/done" && moved["claims"] as? Int == 0)
            #expect(moved["claimantId"] as? String == "" && moved["atMs"] as? String == "1700000000000")
            #expect(moved["id"] as? String == "t" && moved["version"] as? Int == 3)
        }
    }

    @Test("queues reports task counts only; queues/stats reports claims too; query names and escapes are read")
    func queueListings() async throws {
        let clock = ManualTimeSource()
        try await withRESTServer(MemoryBackend(clock: clock)) { url in
            let http = RawHTTP(base: url)
            _ = try await http.post("/api/v0/modify", """
                {"claimantId": "c", "inserts": [{"queue": "/a b"}, {"queue": "/a b"}, {"queue": "/other"}]}
                """)
            _ = try await http.post("/api/v0/claim", #"{"claimantId": "w", "queues": ["/a b"]}"#)
            let plain = try await http.get("/api/v0/queues?matchExact=%2Fa+b")
            let plainStats = try #require((plain["queues"] as? [[String: Any]])?.first)
            #expect(plainStats["name"] as? String == "/a b" && plainStats["numTasks"] as? Int == 2)
            #expect(plainStats["numClaimed"] as? Int == 0)
            let stats = try await http.get("/api/v0/queues/stats?match_exact=/a%20b&matchExact=/missing")
            let entries = try #require(stats["queues"] as? [[String: Any]])
            #expect(entries.count == 1)
            let entry = try #require(entries.first)
            #expect(Set(entry.keys) == ["name", "numTasks", "numClaimed", "numAvailable", "maxClaims", "numFuture"])
            #expect(entry["numClaimed"] as? Int == 1 && entry["numAvailable"] as? Int == 1)
            #expect(entry["maxClaims"] as? Int == 1 && entry["numFuture"] as? Int == 0)
            #expect((try await http.get("/api/v0/queues?matchPrefix=/&limit=1")["queues"] as? [Any])?.count == 1)
            let listed = try await http.get("/api/v0/tasks?queue=%2Fa%20b&limit=1&omitValues=true")
            let tasks = try #require(listed["tasks"] as? [[String: Any]])
            #expect(tasks.count == 1 && tasks.first?["value"] is NSNull)
        }
    }

    @Test("a modification naming nothing is answered with nothing for a protocol-1 client")
    func emptyModifyProtocolOne() async throws {
        try await withRESTServer(MemoryBackend()) { url in
            let answer = try await RawHTTP(base: url).call(
                "POST", "/api/v0/modify", body: #"{"claimantId": "c"}"#, headers: [:])
            #expect(answer.status == 200)
            #expect(try answer.json()["inserted"] as? [Any] != nil)
        }
    }
}
