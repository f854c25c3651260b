import EntroQ
import Hummingbird
import Logging

/// A refused REST request: an HTTP status plus the JSON `google.rpc.Status` EntroQ clients parse.
///
/// Every error leaving the `/api/v0` routes becomes one of these (see ``init(_:logger:)``), so clients always get a
/// JSON status body and never an internal error text.
struct RESTError: Error, Sendable {
    /// gRPC status codes used on the REST surface.
    enum Code: Int, Sendable {
        case cancelled = 1
        case invalidArgument = 3
        case notFound = 5
        case unimplemented = 12
        case internalError = 13
        case unavailable = 14
    }

    var status: HTTPResponse.Status
    var code: Code
    var message: String
    /// `api.ModifyDep` entries; present exactly for dependency failures.
    var details: [RESTStatus.Detail] = []

    /// A malformed request (HTTP 400).
    static func invalidArgument(_ message: String) -> RESTError {
        RESTError(status: .badRequest, code: .invalidArgument, message: message)
    }

    /// A feature or protocol this server does not offer (HTTP 501).
    static func unimplemented(_ message: String) -> RESTError {
        RESTError(status: .notImplemented, code: .unimplemented, message: message)
    }

    /// The status for "the client closed the request" (nginx's 499, which gRPC gateways use for CANCELLED).
    static let clientClosedRequest = HTTPResponse.Status(code: 499, reasonPhrase: "Client Closed Request")

    /// Maps any error thrown while serving a request.
    ///
    /// Queue errors keep their meaning; undecodable bodies become 400 with the reason; anything unexpected
    /// becomes a generic 500 whose detail goes to `logger` only.
    init(_ error: any Error, logger: Logger) {
        switch error {
        case let error as RESTError:
            self = error
        case let error as QueueError:
            self.init(error)
            if error.code == .internalError {
                logger.info("REST request failed", metadata: [RESTLogKey.error: "\(error)"])
            }
        case let error as DecodingError:
            self = .invalidArgument("invalid JSON body: " + Self.describe(error))
        case let error as HTTPError where error.status == .contentTooLarge:
            self = .invalidArgument(error.body ?? "request body too large")
        case let error as HTTPError where (400..<500).contains(error.status.code):
            self.init(status: error.status, code: .invalidArgument, message: error.body ?? error.status.reasonPhrase)
        case is CancellationError:
            self.init(status: Self.clientClosedRequest, code: .cancelled, message: "request cancelled")
        default:
            logger.info(
                "REST request failed",
                metadata: [RESTLogKey.errorType: "\(type(of: error))", RESTLogKey.error: "\(error)"])
            self.init(status: .internalServerError, code: .internalError, message: "internal error")
        }
    }

    private init(status: HTTPResponse.Status, code: Code, message: String, details: [RESTStatus.Detail] = []) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
    }

    /// Maps a queue error without logging it.
    init(_ error: QueueError) {
        switch error.code {
        case .dependency:
            // HTTP 409 with ModifyDep details: what PyPI entroq 0.12-0.15 parse as a DependencyError.
            self.init(
                status: .conflict, code: .notFound, message: error.message,
                details: RESTStatus.details(for: error.failures))
        case .invalidArgument:
            self.init(status: .badRequest, code: .invalidArgument, message: error.message)
        case .unavailable:
            self.init(status: .serviceUnavailable, code: .unavailable, message: error.message)
        case .cancelled:
            self.init(status: Self.clientClosedRequest, code: .cancelled, message: error.message)
        default:
            self.init(status: .internalServerError, code: .internalError, message: "internal error")
        }
    }

    /// The JSON status body.
    var wireStatus: RESTStatus { RESTStatus(code: code.rawValue, message: message, details: details) }

    /// A readable, internals-free account of why a body did not decode.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return path.isEmpty ? "" : String(path.drop(while: { $0 == "." })) + ": "
        }
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return path(context) + context.debugDescription
        case .keyNotFound(let key, let context):
            return path(context) + "missing field \(key.stringValue)"
        @unknown default:
            return "malformed body"
        }
    }
}

extension RESTError: HTTPResponseError {
    func response(from request: Request, context: some RequestContext) throws -> Response {
        makeResponse()
    }

    /// The error as an HTTP response carrying the JSON status and the protocol header.
    func makeResponse() -> Response {
        // A status holds only strings and integers, so encoding cannot fail.
        var response = (try? RESTResponse.json(wireStatus, status: status)) ?? Response(status: status)
        response.headers[RESTProtocol.headerName] = RESTProtocol.servedHeaderValue
        return response
    }
}

extension QueueError: HTTPResponseError {
    /// The HTTP status EntroQ REST clients expect for this error (409 for dependency failures).
    public var status: HTTPResponse.Status { RESTError(self).status }

    /// The error as a JSON `google.rpc.Status` response.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        RESTError(self as any Error, logger: context.logger).makeResponse()
    }
}

/// Metadata keys of the REST surface's log lines.
enum RESTLogKey {
    static let error = "error.message"
    static let errorType = "error.type"
    static let route = "entroq.route"
}
