import HTTPTypes
import Hummingbird
import Logging

/// Turns errors into answers a person can read: an HTML page for browsers, `{"error": "…"}` for scripts. Errors
/// that are not `HTTPError`s become 500s with a generic message; their details go to the log only.
struct ErrorPageMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    let renderer: PageRenderer
    let logger: Logger

    private struct Model {
        var status: Int
        var reason: String
        var message: String
    }

    func handle(
        _ request: Request, context: BasicRequestContext,
        next: (Request, BasicRequestContext) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            if error.status.code >= 500 {
                logger.warning(
                    "request failed",
                    metadata: [
                        "http.path": "\(request.uri.path)", "http.status": "\(error.status.code)",
                        "error.message": "\(error.body ?? "")",
                    ])
            }
            return respond(status: error.status, message: error.body ?? error.status.reasonPhrase, to: request)
        } catch {
            logger.error("request failed", metadata: ["http.path": "\(request.uri.path)", "error.message": "\(error)"])
            return respond(status: .internalServerError, message: "the UI failed to answer this request", to: request)
        }
    }

    private func respond(status: HTTPResponse.Status, message: String, to request: Request) -> Response {
        if request.wantsJSON || request.uri.path.hasPrefix("/api/") {
            return PageRenderer.json(JSONText.object(["error": .string(message)]).text, status: status)
        }
        let model = Model(status: status.code, reason: status.reasonPhrase, message: message)
        return renderer.page(
            "error", model, title: "\(status.code) \(status.reasonPhrase)", section: .none, status: status)
    }
}
