import Foundation
import HTTPTypes
import Hummingbird
import Logging
import MediForProto
import MediForWorkflow

extension UIRoutes {
    /// `GET /upload` (the page) and `POST /upload` (multipart: `files` parts, `tags`, `analytic`…, `fuser`…).
    ///
    /// The script on the page sends one file per request so it can show each file's progress; the plain form sends
    /// them all at once. JSON callers get `{"results": [...]}` with one entry per file and the status of the only
    /// file (or 200 when some of several succeeded); the form gets a results page.
    func registerUpload(on router: Router<BasicRequestContext>) {
        router.get("/upload") { _, _ -> Response in
            let catalog = try await catalog.catalog()
            return renderer.page(
                "upload", UploadView(catalog: catalog, configuration: configuration), title: "Upload", section: .upload,
                script: "upload.js")
        }
        router.post("/upload") { request, _ -> Response in
            let catalog = try await catalog.catalog()
            let receiver = UploadReceiver(
                stagingFolder: files.storage.root + "/uploads", maxFileBytes: configuration.maxFileBytes,
                maxRequestBytes: configuration.maxRequestBytes)
            let form = try await receiver.receive(request)
            guard !form.files.isEmpty else {
                throw HTTPError(.badRequest, message: "the upload holds no file")
            }
            guard let tags = TagText.parseList(form.tags) else {
                form.discardAll()
                throw HTTPError(.badRequest, message: "a tag is malformed: write key=value or a label, comma-separated")
            }
            var userTags: [String: String] = [:]
            for tag in tags { userTags[tag.key] = tag.value }
            let unknown = (form.analytics + form.fusers).filter { catalog.entry($0) == nil }
            guard unknown.isEmpty else {
                form.discardAll()
                throw HTTPError(.badRequest, message: "unknown analytic or fuser: \(unknown.joined(separator: ", "))")
            }
            let submitter = UploadSubmitter(client: client, storage: files.storage, catalog: catalog)
            let results = await submitter.submit(form, userTags: userTags)
            for result in results {
                logger.info(
                    "upload",
                    metadata: [
                        "file": "\(result.file)", "http.status": "\(result.status.code)",
                        "medifor.detection.id": "\(result.id ?? "-")",
                    ])
            }
            let succeeded = results.filter { $0.id != nil }
            let status: HTTPResponse.Status =
                results.count == 1
                ? results[0].status : succeeded.isEmpty ? (results.first?.status ?? .badRequest) : .ok
            if request.wantsJSON {
                return PageRenderer.json(JSONText.object(["results": .array(results.map(\.json))]).text, status: status)
            }
            return renderer.page(
                "uploaded", UploadedView(results: results), title: "Upload results", section: .upload, status: status)
        }
    }
}

/// The upload page: analytics and fusers to choose, limits.
struct UploadView: Sendable {
    struct Choice: Sendable {
        var id: String
        var name: String
        var description: String
        var media: String
    }

    var analytics: [Choice]
    var fusers: [Choice]
    var hasFusers: Bool
    var maxFileBytes: String
    var maxFileLabel: String
    var noAnalytics: Bool

    init(catalog: UICatalog, configuration: UIConfiguration) {
        func choice(_ entry: UICatalog.Entry) -> Choice {
            let media = ["image", "video"].filter { entry.supports($0) }.joined(separator: ", ")
            return Choice(id: entry.id, name: entry.name, description: entry.meta.description_p, media: media)
        }
        analytics = catalog.analytics.map(choice)
        fusers = catalog.fusers.map(choice)
        hasFusers = !fusers.isEmpty
        noAnalytics = analytics.isEmpty
        maxFileBytes = String(configuration.maxFileBytes)
        maxFileLabel = Formats.bytes(configuration.maxFileBytes)
    }
}

/// The page after a plain-form upload.
struct UploadedView: Sendable {
    struct Row: Sendable {
        var file: String
        var href: String?
        var ok: Bool
        var message: String
    }

    var rows: [Row]
    var okCount: Int
    /// `nil` when none failed (Mustache treats 0 as true).
    var failedCount: Int?

    init(results: [UploadResult]) {
        rows = results.map { Row(file: $0.file, href: $0.href, ok: $0.id != nil, message: $0.message) }
        okCount = rows.count { $0.ok }
        failedCount = rows.count > okCount ? rows.count - okCount : nil
    }
}
