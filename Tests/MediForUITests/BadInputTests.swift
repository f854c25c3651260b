import Foundation
import HTTPTypes
import HummingbirdTesting
import MediForWorkflow
import NIOCore
import Testing

@testable import MediForUI

@Suite("Bad input gets a clear status and leaves nothing behind")
struct BadInputTests {
    @Test("an upload announcing more than the request limit is refused with 413 before it is read")
    func announcedTooLarge() async throws {
        try await UIHarness.withUI(adjust: { $0.maxRequestBytes = 1000 }) { harness, client in
            let response = try await TestRequests.upload(
                client, filename: "x.jpg", bytes: [UInt8](repeating: 0xFF, count: 5000))
            #expect(response.status == .contentTooLarge)
            #expect(response.text.contains("limit"))
            #expect(try FileManager.default.contentsOfDirectory(atPath: harness.storage.inputDirectory).isEmpty)
        }
    }

    @Test("a file growing past the file limit is cut off with 413 and its staged bytes removed")
    func fileTooLarge() async throws {
        try await UIHarness.withUI(adjust: { $0.maxFileBytes = 20_000 }) { harness, client in
            let photo = try TestRequests.photo(side: 512, quality: 95)
            try #require(photo.count > 20_000)
            let response = try await TestRequests.upload(client, filename: "big.jpg", bytes: photo)
            #expect(response.status == .contentTooLarge)
            #expect(response.text.contains("big.jpg"))
            let staged = (try? FileManager.default.contentsOfDirectory(atPath: harness.storage.root + "/uploads")) ?? []
            #expect(staged.isEmpty)
            #expect(try FileManager.default.contentsOfDirectory(atPath: harness.storage.inputDirectory).isEmpty)
        }
    }

    @Test("uploads that are not multipart, are malformed, hold no file, or are not media are refused")
    func malformedUploads() async throws {
        try await UIHarness.withUI { harness, client in
            let plain = try await client.execute(
                uri: "/upload", method: .post,
                headers: [.contentType: "application/octet-stream", .accept: "application/json"],
                body: ByteBuffer(string: "raw"))
            #expect(plain.status == .unsupportedMediaType)
            let truncated = try await client.execute(
                uri: "/upload", method: .post, headers: TestRequests.multipartHeaders,
                body: ByteBuffer(
                    string:
                        "--\(TestRequests.boundary)\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.jpg\"\r\n\r\nabc"
                ))
            #expect(truncated.status == .badRequest)
            let empty = try await client.execute(
                uri: "/upload", method: .post, headers: TestRequests.multipartHeaders,
                body: TestRequests.multipart([.field("tags", "x")]))
            #expect(empty.status == .badRequest)
            let text = try await TestRequests.upload(
                client, filename: "notes.txt", bytes: Array("hello".utf8), type: "text/plain")
            #expect(text.status == .unsupportedMediaType)
            #expect(text.text.contains("not an image or a video"))
            let badTags = try await TestRequests.upload(
                client, filename: "a.jpg", bytes: try TestRequests.photo(), fields: [("tags", "=oops")])
            #expect(badTags.status == .badRequest)
            let unknownAnalytic = try await TestRequests.upload(
                client, filename: "a.jpg", bytes: try TestRequests.photo(), fields: [("analytic", "nosuch")])
            #expect(unknownAnalytic.status == .badRequest)
            let staged = (try? FileManager.default.contentsOfDirectory(atPath: harness.storage.root + "/uploads")) ?? []
            #expect(staged.isEmpty)
        }
    }

    @Test(
        "malformed queries are 400",
        arguments: [
            "/gallery?min=abc", "/gallery?min=1.5", "/gallery?min=0.8&max=0.2", "/gallery?since=2024-13-01",
            "/gallery?since=2024-02-30", "/gallery?size=0", "/gallery?size=1000", "/gallery?page=garbage!",
            "/gallery?page=MDo&back=garbage!",
            "/gallery?sort=sideways", "/gallery?status=maybe", "/gallery?type=audio", "/gallery?q=%zz",
            "/export/detections.csv?min=x", "/events?total=-3",
        ])
    func malformedQueries(uri: String) async throws {
        try await UIHarness.withUI { _, client in
            let response = try await client.execute(uri: uri, method: .get)
            #expect(response.status == .badRequest, "\(uri)")
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
        }
    }

    @Test(
        "unknown detections are 404 on every route",
        arguments: [
            "/detections/0123456789abcdef", "/detections/nosuch/results", "/detections/nosuch/export.zip",
            "/detections/nosuch/export.json", "/detections/nosuch/report", "/gallery/card/nosuch", "/nosuch/page",
            "/assets/js/nosuch.js",
        ])
    func unknownDetection(uri: String) async throws {
        try await UIHarness.withUI { _, client in
            let response = try await client.execute(uri: uri, method: .get)
            #expect(response.status == .notFound, "\(uri)")
        }
    }

    @Test("JSON callers get errors as JSON")
    func jsonErrors() async throws {
        try await UIHarness.withUI { _, client in
            let response = try await client.execute(
                uri: "/detections/nosuch", method: .get, headers: [.accept: "application/json"])
            #expect(response.status == .notFound)
            #expect(response.headers[.contentType] == "application/json; charset=utf-8")
            #expect(response.text.hasPrefix("{\"error\":"))
        }
    }

    @Test("forms with a wrong content type, from another site, or watching too many ids are refused")
    func formsAndStreams() async throws {
        try await UIHarness.withUI { _, client in
            let wrongType = try await client.execute(
                uri: "/detections/x/tags", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: "{}"))
            #expect(wrongType.status == .unsupportedMediaType)
            var crossSite = TestRequests.formHeaders
            crossSite[.origin] = "http://evil.example"
            let forged = try await client.execute(
                uri: "/detections/x/delete", method: .post, headers: crossSite, body: ByteBuffer(string: ""))
            #expect(forged.status == .forbidden)
            crossSite[.origin] = nil
            crossSite[HTTPField.Name("Sec-Fetch-Site")!] = "cross-site"
            let upload = try await client.execute(
                uri: "/upload", method: .post, headers: crossSite, body: ByteBuffer(string: ""))
            #expect(upload.status == .forbidden)
            let watch = (0..<251).map { "watch=\($0)" }.joined(separator: "&")
            #expect(try await client.execute(uri: "/events?" + watch, method: .get).status == .badRequest)
        }
    }
}
