import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import NIOCore

/// Renders pages: a page template inside the shared layout, with the UI's security headers.
struct PageRenderer: Sendable {
    let assets: UIAssets

    /// Navigation sections; the current one is highlighted.
    enum Section: String, Sendable {
        case gallery, upload, analytics, none
    }

    /// The layout's view model.
    private struct Layout {
        var title: String
        var body: String
        var css: String
        var icon: String
        var appJS: String
        var pageJS: String?
        var isGallery: Bool
        var isUpload: Bool
        var isAnalytics: Bool
        var bodyClass: String
    }

    /// A full HTML page: `template` rendered with `model`, inside the layout.
    ///
    /// - Parameters:
    ///   - script: a page module under `js/` (without the folder), loaded after the common one.
    func page(
        _ template: String, _ model: Any, title: String, section: Section, script: String? = nil,
        status: HTTPResponse.Status = .ok, bodyClass: String = ""
    ) -> Response {
        let body = assets.templates.render(model, withTemplate: template) ?? "template \(template) is missing"
        let layout = Layout(
            title: title, body: body, css: assets.url("css/app.css"), icon: assets.url("img/favicon.svg"),
            appJS: assets.url("js/app.js"),
            pageJS: script.map { assets.url("js/" + $0) }, isGallery: section == .gallery,
            isUpload: section == .upload, isAnalytics: section == .analytics, bodyClass: bodyClass)
        let html = assets.templates.render(layout, withTemplate: "layout") ?? body
        return Self.html(html, status: status)
    }

    /// A bare HTML fragment (for live updates), no layout.
    func fragment(_ template: String, _ model: Any) -> Response {
        Self.html(assets.templates.render(model, withTemplate: template) ?? "", status: .ok)
    }

    /// An HTML response with the UI's headers.
    static func html(_ text: String, status: HTTPResponse.Status) -> Response {
        var headers = securityHeaders
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-cache"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// A JSON response.
    static func json(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = securityHeaders
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-cache"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// A 303 redirect (after a form post).
    static func redirect(to location: String) -> Response {
        var headers = securityHeaders
        headers[.location] = location
        return Response(status: .seeOther, headers: headers)
    }

    /// Headers every page carries: scripts only from this origin, no framing, no MIME sniffing.
    static let securityHeaders: HTTPFields = [
        .contentSecurityPolicy: "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; "
            + "style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; object-src 'none'; "
            + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        HTTPField.Name("Referrer-Policy")!: "same-origin",
    ]
}

extension Request {
    /// Whether the client asked for JSON rather than HTML.
    var wantsJSON: Bool {
        let accept = headers[.accept] ?? ""
        return accept.contains("application/json") && !accept.contains("text/html")
    }

}
