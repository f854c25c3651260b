import Foundation
import HTTPTypes
import HummingbirdTesting
import MediForImaging
import MediForWorkflow
import Testing

@testable import MediForUI

@Suite("Media, masks and thumbnails are served with types and caching, confined to the storage root")
struct MediaRouteTests {
    @Test("stored media: type, immutable caching, ETag revalidation, byte ranges, downloads")
    func media() async throws {
        try await UIHarness.withUI { _, client in
            let photo = try TestRequests.photo()
            let id = try TestRequests.uploadedID(
                try await TestRequests.upload(
                    client, filename: "m.jpg", bytes: photo, fields: [("analytic", "noop")]))
            let url = "/media/input/\(id).jpg"
            let full = try await client.execute(uri: url, method: .get)
            #expect(full.status == .ok)
            #expect(full.headers[.contentType] == "image/jpeg")
            #expect(full.headers[.cacheControl] == "public, max-age=31536000, immutable")
            #expect(full.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            #expect(Data(full.bytes) == Data(photo))
            let etag = try #require(full.headers[.eTag])
            let cached = try await client.execute(uri: url, method: .get, headers: [.ifNoneMatch: etag])
            #expect(cached.status == .notModified)
            let range = try await client.execute(uri: url, method: .get, headers: [.range: "bytes=10-19"])
            #expect(range.status == .partialContent)
            #expect(range.headers[.contentRange] == "bytes 10-19/\(photo.count)")
            #expect(Array(Data(range.bytes)) == Array(photo[10...19]))
            let unsatisfiable = try await client.execute(
                uri: url, method: .get, headers: [.range: "bytes=\(photo.count)-"])
            #expect(unsatisfiable.status == .rangeNotSatisfiable)
            let download = try await client.execute(uri: url + "?download=1", method: .get)
            #expect(download.headers[.contentDisposition] == "attachment; filename=\"\(id).jpg\"")
        }
    }

    @Test("masks are served from output/ as PNG")
    func masks() async throws {
        try await UIHarness.withUI { _, client in
            let id = try TestRequests.uploadedID(
                try await TestRequests.upload(
                    client, filename: "k.jpg", bytes: try TestRequests.photo(), fields: [("analytic", "ela")]))
            _ = try await TestRequests.waitComplete(client, id)
            let page = try await client.execute(uri: "/detections/\(id)", method: .get).text
            let match = try #require(page.range(of: "/media/output/ela/[^\"]+\\.png", options: .regularExpression))
            let mask = try await client.execute(uri: String(page[match]), method: .get)
            #expect(mask.status == .ok)
            #expect(mask.headers[.contentType] == "image/png")
            let info = try readImageInfo(data: Array(Data(mask.bytes)))
            #expect(info.format == .png)
            #expect(info.width == 256 || info.height == 256)
        }
    }

    @Test("thumbnails fit 320 pixels, are cached as files, and unknown names are 404")
    func thumbnails() async throws {
        try await UIHarness.withUI { harness, client in
            let id = try TestRequests.uploadedID(
                try await TestRequests.upload(
                    client, filename: "big.jpg", bytes: try TestRequests.photo(side: 512),
                    fields: [("analytic", "noop")]))
            let thumb = try await client.execute(uri: "/thumb/\(id).jpg", method: .get)
            #expect(thumb.status == .ok)
            #expect(thumb.headers[.contentType] == "image/jpeg")
            let info = try readImageInfo(data: Array(Data(thumb.bytes)))
            #expect(max(info.width, info.height) == 320)
            #expect(FileManager.default.fileExists(atPath: harness.storage.inputDirectory + "/thumbnails/\(id).jpg"))
            #expect(try await client.execute(uri: "/thumb/nosuch.jpg", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/thumb/..", method: .get).status == .badRequest)
        }
    }

    @Test(
        "paths that leave the root or the served folders are refused",
        arguments: [
            ("/media/input/../../../etc/passwd", 400), ("/media/input/%2e%2e/%2e%2e/etc/passwd", 400),
            ("/media/input/..%2F..%2Fetc%2Fpasswd", 400), ("/media/output/a%00b", 400), ("/media/input//x", 400),
            ("/media/input/missing.jpg", 404), ("/media/uploads/x.part", 404), ("/media/queue.sqlite", 404),
            ("/media/input", 404), ("/media/input/%zz", 400), ("/media/input/a%5C..%5Cb", 400),
        ])
    func traversal(path: String, status: Int) async throws {
        try await UIHarness.withUI { _, client in
            let response = try await client.execute(uri: path, method: .get)
            #expect(response.status.code == status, "\(path)")
        }
    }

    @Test("a symbolic link inside input/ that points out of the root is not followed")
    func symlinkOut() async throws {
        try await UIHarness.withUI { harness, client in
            let secret = harness.root + "/secret.txt"
            try Data("top secret".utf8).write(to: URL(fileURLWithPath: secret))
            try FileManager.default.createSymbolicLink(
                atPath: harness.storage.inputDirectory + "/link.txt", withDestinationPath: secret)
            try FileManager.default.createSymbolicLink(
                atPath: harness.storage.outputDirectory + "/dir", withDestinationPath: harness.root)
            let direct = try await client.execute(uri: "/media/input/link.txt", method: .get)
            #expect(direct.status == .notFound)
            #expect(!direct.text.contains("top secret"))
            let throughDirectory = try await client.execute(uri: "/media/output/dir/secret.txt", method: .get)
            #expect(throughDirectory.status == .notFound)
            // A link that stays inside the served folders is fine.
            try Data("inside".utf8).write(to: URL(fileURLWithPath: harness.storage.outputDirectory + "/real.txt"))
            try FileManager.default.createSymbolicLink(
                atPath: harness.storage.inputDirectory + "/inner.txt",
                withDestinationPath: harness.storage.outputDirectory + "/real.txt")
            let inner = try await client.execute(uri: "/media/input/inner.txt", method: .get)
            #expect(inner.status == .ok)
            #expect(inner.text == "inside")
        }
    }
}
