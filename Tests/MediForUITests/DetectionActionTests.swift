import Foundation
import HTTPTypes
import HummingbirdTesting
import MediForWorkflow
import NIOCore
import Testing

@testable import MediForUI

@Suite("Tags, fusion, exports and delete on one detection")
struct DetectionActionTests {
    @Test("tags are added and removed through the form, and the gallery facets follow")
    func tags() async throws {
        try await UIHarness.withUI { _, client in
            let id = try TestRequests.uploadedID(
                try await TestRequests.upload(
                    client, filename: "t.jpg", bytes: try TestRequests.photo(), fields: [("analytic", "noop")]))
            let added = try await client.execute(
                uri: "/detections/\(id)/tags", method: .post, headers: TestRequests.formHeaders,
                body: ByteBuffer(string: "add=Reviewer%3Dana%2C+flagged&ctx=sort%3Dname"))
            #expect(added.status == .seeOther)
            #expect(added.headers[.location] == "/detections/\(id)?ctx=sort%3Dname")
            var page = try await client.execute(uri: "/detections/\(id)", method: .get).text
            #expect(page.contains(">reviewer=ana<"))
            #expect(page.contains(">flagged<"))
            var gallery = try await client.execute(uri: "/gallery?tag=flagged", method: .get).text
            #expect(gallery.contains("data-id=\"\(id)\""))

            var json = HTTPFields(TestRequests.formHeaders)
            json[.accept] = "application/json"
            let removed = try await client.execute(
                uri: "/detections/\(id)/tags", method: .post, headers: json, body: ByteBuffer(string: "remove=flagged"))
            #expect(removed.status == .ok)
            #expect(removed.text == "{\"id\":\"\(id)\",\"userTags\":[\"reviewer=ana\"]}")
            page = try await client.execute(uri: "/detections/\(id)", method: .get).text
            #expect(!page.contains(">flagged<"))
            gallery = try await client.execute(uri: "/gallery?tag=flagged", method: .get).text
            #expect(!gallery.contains("data-id=\"\(id)\""))

            let malformed = try await client.execute(
                uri: "/detections/\(id)/tags", method: .post, headers: TestRequests.formHeaders,
                body: ByteBuffer(string: "add=%3Dnokey"))
            #expect(malformed.status == .badRequest)
            let unknown = try await client.execute(
                uri: "/detections/nosuchid/tags", method: .post, headers: TestRequests.formHeaders,
                body: ByteBuffer(string: "add=x"))
            #expect(unknown.status == .notFound)
        }
    }

    @Test("re-running fusion asks the workflow (FuseByID) and refuses unknown fusers and detections")
    func refuse() async throws {
        try await UIHarness.withUI { _, client in
            let id = try TestRequests.uploadedID(
                try await TestRequests.upload(
                    client, filename: "f.jpg", bytes: try TestRequests.photo(), fields: [("analytic", "noop")]))
            _ = try await TestRequests.waitComplete(client, id)
            let fused = try await client.execute(
                uri: "/detections/\(id)/fuse", method: .post, headers: TestRequests.formHeaders,
                body: ByteBuffer(string: "fuser=mean"))
            #expect(fused.status == .seeOther)
            let events = try await TestRequests.waitComplete(client, id)
            #expect(events.contains("\"score\":0"))
            let unknownFuser = try await client.execute(
                uri: "/detections/\(id)/fuse", method: .post, headers: TestRequests.formHeaders,
                body: ByteBuffer(string: "fuser=nosuch"))
            #expect(unknownFuser.status == .badRequest)
            let unknownID = try await client.execute(
                uri: "/detections/nosuch/fuse", method: .post, headers: TestRequests.formHeaders,
                body: ByteBuffer(string: ""))
            #expect(unknownID.status == .notFound)
        }
    }

    @Test("exports: CSV and JSON of a filtered list, a ZIP with media and masks that zipfile accepts, a report")
    func exports() async throws {
        try await UIHarness.withUI { harness, client in
            let photo = try TestRequests.photo()
            let id = try TestRequests.uploadedID(
                try await TestRequests.upload(
                    client, filename: "export me.jpg", bytes: photo, fields: [("tags", "case=9")]))
            let other = try TestRequests.uploadedID(
                try await TestRequests.upload(
                    client, filename: "other.jpg", bytes: try TestRequests.photo("coffee.png"),
                    fields: [("analytic", "noop")]))
            _ = try await TestRequests.waitComplete(client, id)
            _ = try await TestRequests.waitComplete(client, other)

            let csv = try await client.execute(uri: "/export/detections.csv?tag=case%3D9", method: .get)
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            let lines = csv.text.split(separator: "\r\n").map(String.init)
            #expect(lines.count == 2)
            #expect(lines.first?.hasPrefix("id,file,media,uploaded,state") == true)
            #expect(lines.first?.contains("score_ela") == true)
            #expect(lines.last?.hasPrefix("\(id),export me.jpg,image,") == true)

            let json = try await client.execute(uri: "/export/detections.json", method: .get)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.bytes)) as? [String: Any])
            let detections = try #require(object["detections"] as? [[String: Any]])
            #expect(Set(detections.compactMap { $0["id"] as? String }) == [id, other])
            #expect(object["count"] as? Int == 2)

            let zip = try await client.execute(uri: "/detections/\(id)/export.zip", method: .get)
            #expect(zip.status == .ok)
            #expect(zip.headers[.contentType] == "application/zip")
            let path = harness.root + "/export.zip"
            try Data(zip.bytes).write(to: URL(fileURLWithPath: path))
            let names = try ZipCheck.names(path)
            #expect(names.contains("detection.json"))
            #expect(names.contains("summary.csv"))
            #expect(names.contains("README.txt"))
            #expect(names.contains("media/export me.jpg"))
            #expect(names.contains("masks/ela.png"))
            #expect(try ZipCheck.contents(path, "media/export me.jpg") == Data(photo))

            let report = try await client.execute(uri: "/detections/\(id)/report", method: .get)
            #expect(report.status == .ok)
            #expect(report.text.contains("Media forensics report"))
            #expect(report.text.contains("Error level analysis"))
            let single = try await client.execute(uri: "/detections/\(id)/export.json", method: .get)
            #expect(single.text.contains("\"id\":\"\(id)\""))
        }
    }

    @Test("delete removes the detection: its page is then 404 and the gallery no longer lists it")
    func delete() async throws {
        try await UIHarness.withUI { _, client in
            let id = try TestRequests.uploadedID(
                try await TestRequests.upload(
                    client, filename: "d.jpg", bytes: try TestRequests.photo(), fields: [("analytic", "noop")]))
            _ = try await TestRequests.waitComplete(client, id)
            let deleted = try await client.execute(
                uri: "/detections/\(id)/delete", method: .post, headers: TestRequests.formHeaders,
                body: ByteBuffer(string: "ctx=tag%3Dx"))
            #expect(deleted.status == .seeOther)
            #expect(deleted.headers[.location] == "/gallery?tag=x")
            #expect(try await client.execute(uri: "/detections/\(id)", method: .get).status == .notFound)
            #expect(!(try await client.execute(uri: "/gallery", method: .get).text.contains("data-id=\"\(id)\"")))
            let again = try await client.execute(
                uri: "/detections/\(id)/delete", method: .post, headers: TestRequests.formHeaders, body: ByteBuffer())
            #expect(again.status == .notFound)
        }
    }
}

/// Reads ZIP files with Python's zipfile module, an independent reader.
enum ZipCheck {
    static func names(_ path: String) throws -> [String] {
        let output = try python(
            "import zipfile,sys\nz=zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint('\\n'.join(z.namelist()))",
            path)
        return output.split(separator: "\n").map(String.init)
    }

    static func contents(_ path: String, _ name: String) throws -> Data {
        let hex = try python(
            "import zipfile,sys\nprint(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).hex())", path, name)
        var data = Data()
        var index = hex.startIndex
        while index < hex.endIndex, let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex),
            let byte = UInt8(hex[index..<next], radix: 16)
        {
            data.append(byte)
            index = next
        }
        return data
    }

    private static func python(_ script: String, _ arguments: String...) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "python3 zipfile rejected the archive")
        return String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
