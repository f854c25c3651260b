import Foundation
import HTTPTypes
import HummingbirdTesting
import MediForWorkflow
import Testing

@testable import MediForUI

@Suite("Upload, live updates, gallery and detail against a real workflow")
struct UploadAndGalleryTests {
    @Test("an uploaded photo is stored by MD5, analysed, fused, and shown in the gallery and on its page")
    func uploadToDetail() async throws {
        try await UIHarness.withUI { harness, client in
            let photo = try TestRequests.photo()
            let upload = try await TestRequests.upload(
                client, filename: "case/astronaut.jpg", bytes: photo, fields: [("tags", "case=7, suspicious")])
            #expect(upload.status == .created)
            let id = try TestRequests.uploadedID(upload)
            #expect(id == MD5.hex(photo))
            // Stored content-addressed, nothing left in the staging folder.
            let stored = harness.storage.inputDirectory + "/\(id).jpg"
            #expect(FileManager.default.contents(atPath: stored) == Data(photo))
            let staged = (try? FileManager.default.contentsOfDirectory(atPath: harness.storage.root + "/uploads")) ?? []
            #expect(staged.isEmpty)

            let events = try await TestRequests.waitComplete(client, id)
            #expect(events.contains("event: detection"))
            #expect(events.hasSuffix("event: end\ndata: {}\n\n"))

            let gallery = try await client.execute(uri: "/gallery", method: .get)
            #expect(gallery.status == .ok)
            #expect(gallery.headers[.contentType] == "text/html; charset=utf-8")
            #expect(gallery.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            #expect(gallery.text.contains("data-id=\"\(id)\""))
            #expect(gallery.text.contains("astronaut.jpg"))
            #expect(gallery.text.contains("/thumb/\(id).jpg"))
            // Facets count the tags given at upload.
            #expect(gallery.text.contains("<span class=\"facet-label\">case=7</span><span class=\"count\">1</span>"))
            #expect(
                gallery.text.contains("<span class=\"facet-label\">suspicious</span><span class=\"count\">1</span>"))

            let detail = try await client.execute(uri: "/detections/\(id)", method: .get)
            #expect(detail.status == .ok)
            let page = detail.text
            #expect(page.contains("Error level analysis"))
            #expect(page.contains("No-op"))
            #expect(page.contains("Mean score"))
            #expect(page.contains("/media/input/\(id).jpg"))
            // ELA writes a mask; it is offered as an overlay, served from output/.
            #expect(page.contains("<option value=\"/media/output/ela/"))
            #expect(page.contains("id=\"analytics-panel\""))
            #expect(page.contains("<button type=\"button\" class=\"show-mask\" data-mask=\"/media/output/ela/"))
            #expect(page.contains("id=\"fusion-panel\""))
            #expect(page.contains("Hash") && page.contains(id))
            #expect(page.contains("case/astronaut.jpg"), "the folder path is kept as File:Path")
            #expect(page.range(of: "class=\"score big s[0-4]\"", options: .regularExpression) != nil)

            // The fragments live updates fetch: one card, and the detail page's results sections.
            let card = try await client.execute(uri: "/gallery/card/\(id)?ctx=sort%3Dname", method: .get)
            #expect(card.status == .ok)
            #expect(card.text.hasPrefix("<li class=\"card state-done\" data-id=\"\(id)\""))
            #expect(card.text.contains("ctx=sort%3Dname"))
            #expect(!card.text.contains("<html"))
            let results = try await client.execute(uri: "/detections/\(id)/results", method: .get)
            #expect(results.status == .ok)
            #expect(results.text.contains("id=\"detail-status\""))
            #expect(results.text.contains("id=\"analytics-panel\""))
            #expect(results.text.contains("id=\"mask-select\""))
            #expect(!results.text.contains("<html"))
            #expect(try await client.execute(uri: "/healthz", method: .get).text == "ok")
            let icon = try await client.execute(uri: "/favicon.ico", method: .get)
            #expect(icon.headers[.location]?.hasPrefix("/assets/img/favicon.svg?v=") == true)
        }
    }

    @Test("gallery filters: tags, media type, status, score range, text and dates select the right detections")
    func filters() async throws {
        try await UIHarness.withUI { _, client in
            let first = try TestRequests.uploadedID(
                try await TestRequests.upload(
                    client, filename: "one.jpg", bytes: try TestRequests.photo("astronaut.png"),
                    fields: [("tags", "case=1"), ("analytic", "noop")]))
            let second = try TestRequests.uploadedID(
                try await TestRequests.upload(
                    client, filename: "two.jpg", bytes: try TestRequests.photo("coffee.png"),
                    fields: [("tags", "case=2"), ("analytic", "noop")]))
            _ = try await TestRequests.waitComplete(client, first)
            _ = try await TestRequests.waitComplete(client, second)
            func ids(_ query: String) async throws -> Set<String> {
                let response = try await client.execute(uri: "/gallery?" + query, method: .get)
                #expect(response.status == .ok, "\(query): \(response.status)")
                return Set([first, second].filter { response.text.contains("data-id=\"\($0)\"") })
            }
            #expect(try await ids("") == [first, second])
            #expect(try await ids("tag=case%3D1") == [first])
            #expect(try await ids("tag=case%3D2&type=image") == [second])
            #expect(try await ids("type=video").isEmpty)
            #expect(try await ids("status=done") == [first, second])
            #expect(try await ids("status=running").isEmpty)
            #expect(try await ids("status=failed").isEmpty)
            // noop scores 0, so the mean fuses to 0.
            #expect(try await ids("min=0&max=0.1") == [first, second])
            #expect(try await ids("min=0.5").isEmpty)
            #expect(try await ids("q=two") == [second])
            #expect(try await ids("since=2000-01-01&until=2999-12-31") == [first, second])
            #expect(try await ids("until=2001-01-01").isEmpty)
            // Paging: one per page, the next page holds the other.
            func link(_ rel: String, in text: String) -> String? {
                text.range(of: "href=\"(/gallery\\?[^\"]*)\" rel=\"\(rel)\"", options: .regularExpression).map {
                    String(text[$0]).dropFirst("href=\"".count).prefix { $0 != "\"" }
                        .replacingOccurrences(of: "&amp;", with: "&")
                }
            }
            let page = try await client.execute(uri: "/gallery?size=1&sort=name", method: .get)
            #expect(page.text.contains("data-id=\"\(first)\""))
            #expect(page.text.contains(">Page 1<"))
            #expect(link("prev", in: page.text) == nil)
            let secondPage = try await client.execute(uri: try #require(link("next", in: page.text)), method: .get)
            #expect(secondPage.text.contains("data-id=\"\(second)\""))
            #expect(!secondPage.text.contains("data-id=\"\(first)\""))
            #expect(secondPage.text.contains(">Page 2<"))
            #expect(link("next", in: secondPage.text) == nil)
            // "Previous" goes back to the first page (so no separate "first page" link is offered).
            #expect(!secondPage.text.contains("First page"))
            let back = try await client.execute(uri: try #require(link("prev", in: secondPage.text)), method: .get)
            #expect(back.text.contains("data-id=\"\(first)\""))
            #expect(!back.text.contains("data-id=\"\(second)\""))
            #expect(back.text.contains(">Page 1<"))
        }
    }

    @Test("the detail page links to the neighbours in the gallery's order, across pages")
    func neighbours() async throws {
        try await UIHarness.withUI { _, client in
            var ids: [String] = []
            for (index, name) in ["astronaut.png", "coffee.png", "chelsea.png"].enumerated() {
                let response = try await TestRequests.upload(
                    client, filename: "n\(index).jpg", bytes: try TestRequests.photo(name),
                    fields: [("analytic", "noop")])
                ids.append(try TestRequests.uploadedID(response))
            }
            let context = FormFields.escape("sort=name&size=2")
            let middle = try await client.execute(uri: "/detections/\(ids[1])?ctx=\(context)", method: .get)
            #expect(middle.text.contains("/detections/\(ids[0])?"))
            #expect(middle.text.contains("rel=\"prev\""))
            // The second of a two-item page continues onto the next page.
            #expect(middle.text.contains("/detections/\(ids[2])?"))
            let first = try await client.execute(uri: "/detections/\(ids[0])?ctx=\(context)", method: .get)
            #expect(first.text.contains("aria-disabled=\"true\">‹ Prev"))
        }
    }

    @Test("the plain form (no script) uploads several files at once; the same bytes again reuse the detection")
    func plainFormUpload() async throws {
        try await UIHarness.withUI { _, client in
            let first = try TestRequests.photo("astronaut.png")
            let second = try TestRequests.photo("coffee.png")
            let body = TestRequests.multipart([
                .file(name: "files", filename: "a.jpg", type: "image/jpeg", bytes: first),
                .field("tags", "batch=1"),
                .file(name: "files", filename: "b.jpg", type: "image/jpeg", bytes: second),
                .file(name: "files", filename: "notes.txt", type: "text/plain", bytes: Array("hello".utf8)),
                .file(name: "files", filename: "", type: "application/octet-stream", bytes: []),
            ])
            var headers = TestRequests.multipartHeaders
            headers[.accept] = "text/html"
            let response = try await client.execute(uri: "/upload", method: .post, headers: headers, body: body)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            #expect(response.text.contains("2 submitted, 1 refused"))
            #expect(response.text.contains("<a href=\"/detections/\(MD5.hex(first))\">a.jpg</a>"))
            #expect(response.text.contains("<a href=\"/detections/\(MD5.hex(second))\">b.jpg</a>"))
            let gallery = try await client.execute(uri: "/gallery?tag=batch%3D1", method: .get).text
            #expect(
                gallery.contains("data-id=\"\(MD5.hex(first))\"") && gallery.contains("data-id=\"\(MD5.hex(second))\""))

            let again = try await TestRequests.upload(client, filename: "renamed.jpg", bytes: first)
            #expect(again.status == .created)
            #expect(try TestRequests.uploadedID(again) == MD5.hex(first))
        }
    }
}
