import Foundation
import HTTPTypes
import Hummingbird
import MediForWorkflow
import NIOCore

extension UIRoutes {
    /// `GET /media/input/…` and `/media/output/…` (stored media, masks, supplements; `?download=1` as an
    /// attachment) and `GET /thumb/:name` (the preview of `input/<name>`).
    func registerMedia(on router: Router<BasicRequestContext>) {
        router.get("/media/**") { request, context -> Response in
            let path = try files.resolve(urlPath: request.uri.path.dropFirst("/media/".count))
            let fields = try FormFields(query: request)
            let immutable = path.hasPrefix(files.storage.inputDirectory + "/")
            let download = fields["download"] == "1" ? URL(fileURLWithPath: path).lastPathComponent : nil
            return try await files.serve(
                path, request: request, context: context, immutable: immutable, downloadName: download)
        }
        router.get("/thumb/:name") { request, context -> Response in
            let name = try pathParameter(context, "name")
            guard !name.contains("/") else {
                throw HTTPError(.badRequest, message: "a thumbnail names one stored file")
            }
            switch try await thumbnails.preview(ofInput: name) {
            case .file(let path):
                return try await files.serve(path, request: request, context: context, immutable: true)
            case .placeholder(let kind):
                var headers = PageRenderer.securityHeaders
                headers[.contentType] = "image/svg+xml"
                headers[.cacheControl] = "public, max-age=3600"
                return Response(
                    status: .ok, headers: headers,
                    body: ResponseBody(byteBuffer: ByteBuffer(string: Self.placeholder(kind))))
            }
        }
    }

    /// A neutral placeholder picture for media without a preview.
    private static func placeholder(_ kind: String) -> String {
        let label = kind == "video" ? "▶ video" : "no preview"
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="320" height="240" viewBox="0 0 320 240">\
            <rect width="320" height="240" fill="#2b303b"/>\
            <text x="160" y="128" fill="#c7ccd6" font-family="sans-serif" font-size="22" \
            text-anchor="middle">\(label)</text></svg>
            """
    }
}
