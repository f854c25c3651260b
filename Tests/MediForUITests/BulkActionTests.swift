import Foundation
import HTTPTypes
import HummingbirdTesting
import MediForWorkflow
import NIOCore
import Testing

@testable import MediForUI

@Suite("Bulk actions on detections picked in the gallery")
struct BulkActionTests {
    /// Three uploaded detections (noop only), finished.
    static func three(_ client: some TestClientProtocol) async throws -> [String] {
        var ids: [String] = []
        for (index, name) in ["astronaut.png", "coffee.png", "chelsea.png"].enumerated() {
            let id = try TestRequests.uploadedID(
                try await TestRequests.upload(
                    client, filename: "b\(index).jpg", bytes: try TestRequests.photo(name),
                    fields: [("analytic", "noop")]))
            _ = try await TestRequests.waitComplete(client, id)
            ids.append(id)
        }
        return ids
    }

    static func form(_ pairs: [(String, String)]) -> ByteBuffer {
        ByteBuffer(string: FormFields.query(pairs))
    }

    @Test("tag and untag several detections; the form returns to the gallery page with a notice")
    func tagAndUntag() async throws {
        try await UIHarness.withUI { _, client in
            let ids = try await Self.three(client)
            let tagged = try await client.execute(
                uri: "/detections/bulk", method: .post, headers: TestRequests.formHeaders,
                body: Self.form([
                    ("action", "tag"), ("tags", "batch=7, reviewed"), ("id", ids[0]), ("id", ids[1]),
                    ("return", "/gallery?sort=name&view=list"),
                ]))
            #expect(tagged.status == .seeOther)
            #expect(tagged.headers[.location] == "/gallery?sort=name&view=list&notice=tag:2:0")
            let gallery = try await client.execute(uri: "/gallery?tag=batch%3D7", method: .get).text
            #expect(gallery.contains("data-id=\"\(ids[0])\"") && gallery.contains("data-id=\"\(ids[1])\""))
            #expect(!gallery.contains("data-id=\"\(ids[2])\""))
            let notice = try await client.execute(uri: "/gallery?notice=tag:2:0", method: .get).text
            #expect(notice.contains("Tagged 2 detections."))
            #expect(notice.contains("value=\"\(ids[2])\" form=\"bulk\""), "every card can be picked")

            var json = HTTPFields(TestRequests.formHeaders)
            json[.accept] = "application/json"
            let untagged = try await client.execute(
                uri: "/detections/bulk", method: .post, headers: json,
                body: Self.form([("action", "untag"), ("tags", "reviewed"), ("id", ids[0]), ("id", ids[1])]))
            #expect(untagged.status == .ok)
            #expect(untagged.text.hasPrefix("{\"action\":\"untag\",\"done\":2,\"failed\":0,"))
            let reviewed = try await client.execute(uri: "/gallery?tag=reviewed", method: .get).text
            #expect(!reviewed.contains("data-id=\"\(ids[0])\""))
            #expect(try await client.execute(uri: "/gallery?tag=batch%3D7", method: .get).text.contains(ids[0]))
        }
    }

    @Test("delete and re-run fusion go on past a detection that fails, and report it")
    func deleteAndFuse() async throws {
        try await UIHarness.withUI { _, client in
            let ids = try await Self.three(client)
            var json = HTTPFields(TestRequests.formHeaders)
            json[.accept] = "application/json"
            let fused = try await client.execute(
                uri: "/detections/bulk", method: .post, headers: json,
                body: Self.form([("action", "fuse"), ("id", ids[0]), ("id", "nosuchid"), ("id", ids[1])]))
            #expect(fused.status == .ok)
            #expect(fused.text.contains("\"done\":2,\"failed\":1"))
            #expect(fused.text.contains("{\"id\":\"nosuchid\",\"ok\":false,\"message\":"))

            let deleted = try await client.execute(
                uri: "/detections/bulk", method: .post, headers: TestRequests.formHeaders,
                body: Self.form([("action", "delete"), ("id", ids[0]), ("id", ids[2]), ("id", "nosuchid")]))
            #expect(deleted.status == .seeOther)
            #expect(deleted.headers[.location] == "/gallery?notice=delete:2:1")
            #expect(try await client.execute(uri: "/detections/\(ids[0])", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/detections/\(ids[2])", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/detections/\(ids[1])", method: .get).status == .ok)
            let page = try await client.execute(uri: "/gallery?notice=delete:2:1", method: .get).text
            #expect(page.contains("Deleted 2 detections. 1 detection could not be changed"))
        }
    }

    @Test(
        "malformed bulk requests are 400, other sites' return URLs are not followed, notices cannot carry text",
        arguments: [
            "action=erase&id=a", "action=tag&id=a", "action=tag&tags=%3Dnokey&id=a", "action=tag&tags=x",
            "action=untag&id=a&tags=",
        ])
    func badRequests(body: String) async throws {
        try await UIHarness.withUI { _, client in
            let response = try await client.execute(
                uri: "/detections/bulk", method: .post, headers: TestRequests.formHeaders,
                body: ByteBuffer(string: body))
            #expect(response.status == .badRequest, "\(body)")
        }
    }

    @Test("the return URL stays on this site's gallery; a notice is only ever the server's own sentence")
    func returnAndNotice() async throws {
        #expect(UIRoutes.galleryReturn("https://evil.example/gallery", notice: "tag:1:0") == "/gallery?notice=tag:1:0")
        #expect(UIRoutes.galleryReturn("//evil.example/x", notice: "tag:1:0") == "/gallery?notice=tag:1:0")
        #expect(UIRoutes.galleryReturn("/gallery?tag=a&notice=old", notice: "fuse:3:0") == "/gallery?tag=a&notice=fuse:3:0")
        #expect(GalleryView.notice(bulk: "Your account is locked") == nil)
        #expect(GalleryView.notice(bulk: "tag:1:0")?.text == "Tagged 1 detection.")
        #expect(GalleryView.notice(bulk: "delete:0:2")?.failed == true)
        try await UIHarness.withUI { _, client in
            let page = try await client.execute(uri: "/gallery?notice=Call+us+now", method: .get)
            #expect(page.status == .ok)
            #expect(!page.text.contains("Call us now"))
            let many = (0...UIRoutes.maxBulkIDs).map { ("id", "d\($0)") }
            let tooMany = try await client.execute(
                uri: "/detections/bulk", method: .post, headers: TestRequests.formHeaders,
                body: Self.form([("action", "fuse")] + many))
            #expect(tooMany.status == .badRequest)
        }
    }
}
