import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import MediForUI

@Suite("Analytics page, upload page and static assets")
struct AnalyticsPageTests {
    @Test("the analytics page shows workflow health, every analytic and fuser, queue depths and recent results")
    func analyticsPage() async throws {
        try await UIHarness.withUI { _, client in
            let id = try TestRequests.uploadedID(
                try await TestRequests.upload(
                    client, filename: "a.jpg", bytes: try TestRequests.photo(), fields: [("analytic", "noop")]))
            _ = try await TestRequests.waitComplete(client, id)
            let page = try await client.execute(uri: "/analytics", method: .get)
            #expect(page.status == .ok)
            #expect(page.text.contains(">SERVING<"))
            #expect(page.text.contains("Error level analysis"))
            #expect(page.text.contains("Mean score"))
            #expect(page.text.contains("Queue depths are read from the task queue now."))
            let api = try await client.execute(uri: "/api/analytics", method: .get)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(api.bytes)) as? [String: Any])
            let analytics = try #require(object["analytics"] as? [[String: Any]])
            let noop = try #require(analytics.first { $0["id"] as? String == "noop" })
            #expect(noop["ok"] as? Int == 1)
            #expect(noop["failed"] as? Int == 0)
            #expect(noop["waiting"] as? String == "0")
            #expect((object["workflow"] as? [String: Any])?["health"] as? String == "SERVING")
            let fusers = try #require(object["fusers"] as? [[String: Any]])
            let mean = try #require(fusers.first { $0["id"] as? String == "mean" })
            #expect(mean["ok"] as? Int == 1)
            #expect(mean["health"] as? String == "healthy")
        }
    }

    @Test("the upload page offers every analytic and fuser and states the size limit")
    func uploadPage() async throws {
        try await UIHarness.withUI(adjust: { $0.maxFileBytes = 5_000_000 }) { _, client in
            let page = try await client.execute(uri: "/upload", method: .get)
            #expect(page.status == .ok)
            #expect(page.text.contains("name=\"analytic\" value=\"ela\""))
            #expect(page.text.contains("name=\"analytic\" value=\"noop\""))
            #expect(page.text.contains("name=\"fuser\" value=\"mean\""))
            #expect(page.text.contains("data-max-file=\"5000000\""))
            #expect(page.text.contains("enctype=\"multipart/form-data\""))
        }
    }

    @Test("scripts and styles are served with a versioned URL, cached, and revalidated by ETag")
    func assets() async throws {
        try await UIHarness.withUI { _, client in
            let gallery = try await client.execute(uri: "/gallery", method: .get).text
            let match = try #require(
                gallery.range(of: "/assets/js/app.js\\?v=[0-9a-f]{12}", options: .regularExpression))
            let script = try await client.execute(uri: String(gallery[match]), method: .get)
            #expect(script.status == .ok)
            #expect(script.headers[.contentType] == "text/javascript; charset=utf-8")
            #expect(script.headers[.cacheControl] == "public, max-age=31536000, immutable")
            let etag = try #require(script.headers[.eTag])
            let again = try await client.execute(uri: "/assets/js/app.js", method: .get, headers: [.ifNoneMatch: etag])
            #expect(again.status == .notModified)
            let css = try await client.execute(uri: "/assets/css/app.css", method: .get)
            #expect(css.headers[.contentType] == "text/css; charset=utf-8")
            #expect(try await client.execute(uri: "/", method: .get).headers[.location] == "/gallery")
        }
    }
}
