import HTTPTypes
import Hummingbird

/// Refuses state-changing requests (anything but GET and HEAD) that a browser marks as coming from another site,
/// so a page elsewhere cannot post forms to the UI (upload, tag, delete) in the analyst's name.
///
/// Browsers send `Sec-Fetch-Site` and `Origin` with such requests; a request that carries neither (a script, a test
/// client) is let through, as the UI has no login of its own.
struct SameOriginMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    func handle(
        _ request: Request, context: BasicRequestContext,
        next: (Request, BasicRequestContext) async throws -> Response
    ) async throws -> Response {
        if request.method != .get && request.method != .head && !Self.isSameOrigin(request) {
            throw HTTPError(.forbidden, message: "this request came from another site")
        }
        return try await next(request, context)
    }

    static func isSameOrigin(_ request: Request) -> Bool {
        if let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!] {
            return site == "same-origin" || site == "none"
        }
        guard let origin = request.headers[.origin] else { return true }
        guard let host = request.head.authority else { return false }
        return origin == "http://" + host || origin == "https://" + host
    }
}
