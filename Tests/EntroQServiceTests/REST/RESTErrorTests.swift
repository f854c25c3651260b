import EntroQ
import Foundation
import Testing

/// Error statuses and bodies of the REST surface.
@Suite("REST errors")
struct RESTErrorTests {
    @Test("a stale change is refused with 409 and ModifyDep details, and nothing is committed")
    func dependencyShape() async throws {
        let backend = MemoryBackend()
        try await withRESTServer(backend) { url in
            let http = RawHTTP(base: url)
            _ = try await http.post(
                "/api/v0/modify", #"{"claimantId": "c", "inserts": [{"queue": "/dep", "id": "t"}]}"#)
            _ = try await http.post("/api/v0/claim", #"{"claimantId": "c", "queues": ["/dep"]}"#)
            let body = try await http.post("/api/v0/modify", """
                {"claimantId": "c", "inserts": [{"queue": "/dep/new"}],
                 "changes": [{"oldId": {"id": "t", "version": 0, "queue": "/dep"}, "newData": {"queue": "/dep/done"}}],
                 "depends": [{"id": "missing", "version": 4, "queue": "/x"}]}
                """, expecting: 409)
            #expect(body["code"] as? Int == 5)
            #expect(body["message"] as? String == "modification dependency error")
            let details = try #require(body["details"] as? [[String: Any]])
            #expect(details.allSatisfy { $0["@type"] as? String == "type.googleapis.com/api.ModifyDep" })
            #expect(details.map { $0["type"] as? String } == ["DETAIL", "DEPEND", "CHANGE"])
            #expect((details[0]["msg"] as? String)?.isEmpty == false)
            let changeID = try #require(details[2]["id"] as? [String: Any])
            #expect(changeID["id"] as? String == "t" && changeID["version"] as? Int == 0)
            #expect(changeID["queue"] as? String == "/dep")
            #expect((details[1]["id"] as? [String: Any])?["version"] as? Int == 4)
            #expect(try await backend.tasks(TaskQuery(queue: "/dep/new")).isEmpty)
        }
    }

    @Test(
        "malformed requests are refused with 400, code 3 and a reason",
        arguments: [
            ("POST", "/api/v0/modify", #"{"claimantId": "c", "inserts": [{"queue": "/q"}"#),
            ("POST", "/api/v0/modify", #"{"claimantId": "c"}"#),
            ("POST", "/api/v0/modify", #"{"claimantId": "c", "inserts": {"queue": "/q"}}"#),
            ("POST", "/api/v0/modify", #"{"claimantId": "c", "inserts": [{"queue": "/q", "byMs": "soon"}]}"#),
            ("POST", "/api/v0/modify", """
                {"claimantId": "c", "changes": [{"oldId": {"id": "t", "version": 1}, "newData": {"byMs": 5},
                 "mode": "CHANGE_SOMETIMES"}]}
                """),
            ("POST", "/api/v0/modify", """
                {"claimantId": "c", "changes": [{"oldId": {"id": "t", "version": 1}, "newData": {"byMs": 5,
                 "value": 1}, "mode": "CHANGE_LEASE"}]}
                """),
            ("POST", "/api/v0/claim", #"{"claimantId": "c", "queues": ["/q"], "durationMs": "-1"}"#),
            ("POST", "/api/v0/claim/wait", #"{"claimantId": "c", "queues": ["/q"], "durationMs": -5}"#),
            ("POST", "/api/v0/claim", #"{"claimantId": "c", "queues": []}"#),
            ("POST", "/api/v0/claim", "[1, 2]"),
            ("POST", "/api/v0/claim?pretty=1", #"{"claimantId": "c", "queues": ["/q"]}"#),
            ("GET", "/api/v0/tasks?queue=/q&bogus=1", ""),
            ("GET", "/api/v0/queues?limit=many", ""),
            ("GET", "/api/v0/tasks?queue=/q&omitValues=maybe", ""),
        ])
    func invalidArguments(method: String, path: String, body: String) async throws {
        try await withRESTServer(MemoryBackend()) { url in
            let answer = try await RawHTTP(base: url).call(method, path, body: body.isEmpty ? nil : body)
            #expect(answer.status == 400, "\(String(decoding: answer.body, as: UTF8.self))")
            #expect(answer.protocolHeader == "1,2")
            let json = try answer.json()
            #expect(json["code"] as? Int == 3)
            #expect((json["message"] as? String)?.isEmpty == false)
            #expect(json["details"] as? [Any] != nil)
        }
    }

    @Test(
        "doc store routes and doc operations answer 501",
        arguments: [
            ("GET", "/api/v0/docs?query.namespace=/ns", ""),
            ("POST", "/api/v0/docs/claim", #"{"claimQuery": {"claimant": "c", "sets": []}}"#),
            ("GET", "/api/v0/namespaces/stats", ""),
            ("POST", "/api/v0/modify", #"{"claimantId": "c", "docInserts": [{"namespace": "/ns", "key": "k"}]}"#),
        ])
    func docStore(method: String, path: String, body: String) async throws {
        try await withRESTServer(MemoryBackend()) { url in
            let answer = try await RawHTTP(base: url).call(method, path, body: body.isEmpty ? nil : body)
            #expect(answer.status == 501)
            let json = try answer.json()
            #expect(json["code"] as? Int == 12 && json["message"] as? String == "doc store not supported")
        }
    }

    @Test("an oversized body is refused with a clear message and the server keeps serving")
    func oversizedBody() async throws {
        try await withRESTServer(MemoryBackend(), maxBodyBytes: 4096) { url in
            let http = RawHTTP(base: url)
            let big = #"{"claimantId": "c", "inserts": [{"queue": "/big", "value": ""#
                + String(repeating: "x", count: 64 * 1024) + #""}]}"#
            let answer = try await http.call("POST", "/api/v0/modify", body: big)
            #expect(answer.status == 400)
            #expect((try answer.json()["message"] as? String)?.contains("larger than 4096 bytes") == true)
            let after = try await http.post("/api/v0/modify", #"{"claimantId": "c", "inserts": [{"queue": "/big"}]}"#)
            #expect((after["inserted"] as? [Any])?.count == 1)
        }
    }

    @Test("an internal failure is answered 500 with a generic message")
    func internalError() async throws {
        try await withRESTServer(FailingBackend()) { url in
            let answer = try await RawHTTP(base: url).call("GET", "/api/v0/time")
            #expect(answer.status == 500)
            let json = try answer.json()
            #expect(json["code"] as? Int == 13 && json["message"] as? String == "internal error")
        }
    }
}

/// A backend whose every call fails with an error carrying internals that must not reach clients.
private struct FailingBackend: QueueBackend {
    struct Secret: Error {}

    func tryClaim(_ request: ClaimRequest) async throws -> EntroQTask? { throw Secret() }
    func claim(_ request: ClaimRequest) async throws -> EntroQTask { throw Secret() }
    func modify(_ modification: Modification) async throws -> ModifyResult { throw Secret() }
    func tasks(_ query: TaskQuery) async throws -> [EntroQTask] { throw Secret() }
    func queueStats(_ query: QueueQuery) async throws -> [QueueStats] { throw Secret() }
    func time() async throws -> Int64 { throw Secret() }
}
