import HTTPTypes
import Hummingbird
import NIOCore

extension UIRoutes {
    /// `GET /assets/<folder>/<file>`: scripts, stylesheets and icons from memory. A URL carrying the content's
    /// version (`?v=`) is cached for a year; others revalidate with their ETag.
    func registerAssets(on router: Router<BasicRequestContext>) {
        router.get("/favicon.ico") { _, _ in PageRenderer.redirect(to: renderer.assets.url("img/favicon.svg")) }
        router.get("/assets/**") { request, _ -> Response in
            let path = String(request.uri.path.dropFirst("/assets/".count))
            guard let file = renderer.assets.files[path] else { throw HTTPError(.notFound, message: "no such asset") }
            let etag = "\"\(file.version)\""
            var headers = PageRenderer.securityHeaders
            headers[.contentType] = file.contentType
            headers[.eTag] = etag
            let versioned = request.uri.query?.contains("v=") ?? false
            headers[.cacheControl] = versioned ? "public, max-age=31536000, immutable" : "no-cache"
            if request.headers[.ifNoneMatch] == etag { return Response(status: .notModified, headers: headers) }
            return Response(
                status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: file.bytes)))
        }
    }
}
