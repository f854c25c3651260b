import EntroQ
import HTTPTypes
import Hummingbird
import Logging

/// The `entroq-protocol` handshake of the REST surface.
///
/// Clients of protocol 2 (PyPI `entroq` 0.15) send `entroq-protocol: 2` on every request and refuse a server whose
/// responses do not list 2 in the same header. Clients that send nothing speak protocol 1.
enum RESTProtocol {
    /// The header carrying protocol numbers both ways.
    static let headerName = HTTPField.Name("entroq-protocol")!

    /// The value of the response header: every protocol served, comma-separated.
    static let servedHeaderValue = EntroQInfo.supportedProtocols.map(String.init).joined(separator: ",")

    /// The protocols a request asks for: `[1]` when it names none.
    ///
    /// - Throws: ``RESTError`` 400 for an unreadable header, 501 when none of the protocols asked for is served,
    ///   naming the side that must upgrade.
    static func negotiate(_ headers: HTTPFields) throws(RESTError) -> [Int] {
        let values = headers[values: headerName].flatMap { $0.split(separator: ",") }
        var requested: [Int] = []
        for value in values {
            let trimmed = value.trimmingCharacters(in: " \t")
            guard !trimmed.isEmpty else { continue }
            guard let number = Int(trimmed) else {
                throw .invalidArgument("malformed entroq-protocol header: \"\(value)\"")
            }
            requested.append(number)
        }
        if requested.isEmpty { return [1] }
        let served = EntroQInfo.supportedProtocols
        if requested.contains(where: served.contains) { return requested }
        let side = requested.max()! > served.max()! ? "the server" : "the client"
        throw .unimplemented(
            "this server serves entroq protocol \(servedHeaderValue) and the request asks for "
                + requested.map(String.init).joined(separator: ",") + ": upgrade \(side)")
    }
}

/// Applies the protocol handshake to every `/api/v0` route and turns every error into a JSON status response.
///
/// Every response, refusals included, carries `entroq-protocol: 1,2`.
struct RESTBoundaryMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var response: Response
        do {
            _ = try RESTProtocol.negotiate(request.headers)
            response = try await next(request, context)
        } catch {
            var logger = logger
            logger[metadataKey: RESTLogKey.route] = "\(request.method) \(request.uri.path)"
            response = RESTError(error, logger: logger).makeResponse()
        }
        response.headers[RESTProtocol.headerName] = RESTProtocol.servedHeaderValue
        return response
    }
}

extension Substring {
    /// The text without leading and trailing characters from `set`.
    fileprivate func trimmingCharacters(in set: String) -> Substring {
        var text = self
        while let first = text.first, set.contains(first) { text.removeFirst() }
        while let last = text.last, set.contains(last) { text.removeLast() }
        return text
    }
}
