public import EntroQ
public import Foundation
#if canImport(FoundationNetworking)
public import FoundationNetworking
#endif

/// A ``QueueBackend`` that talks to an EntroQ REST surface (`/api/v0`) over HTTP, speaking protocol 2.
///
/// Make one with the server's base URL (`http://host:9100`); there is nothing to run or close. Every request
/// carries `entroq-protocol: 2`, and every answer must list protocol 2 in the same header, or the call fails.
/// Arrivals travel as `byMs` (relative) or `atMs` (absolute), change modes as `mode`. A blocking ``claim(_:)``
/// waits as long as the server holds the request; cancelling the calling task closes the connection, which the
/// server takes as the claim being abandoned.
///
/// Errors come back as ``QueueError``: HTTP 409/404 with `ModifyDep` details as ``QueueError/Code/dependency``
/// with every failing item, 400 as ``QueueError/Code/invalidArgument``, 499 and local cancellation as
/// ``QueueError/Code/cancelled``, 502–504 and connection failures as ``QueueError/Code/unavailable``, anything
/// else as ``QueueError/Code/internalError``.
public final class RESTQueueClient: QueueBackend {
    private let baseURL: URL
    private let session: URLSession
    private let requestTimeout: TimeInterval
    private let ownsSession: Bool

    /// Creates a client.
    ///
    /// - Parameters:
    ///   - baseURL: the server's HTTP root; the client appends `/api/v0/...`.
    ///   - requestTimeout: how long a non-blocking request may stay silent before it fails as unavailable.
    ///   - session: the URL session to send through; an ephemeral one by default.
    public init(baseURL: URL, requestTimeout: Duration = .seconds(60), session: URLSession? = nil) {
        self.baseURL = baseURL
        let (seconds, attoseconds) = requestTimeout.components
        self.requestTimeout = TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
        ownsSession = session == nil
        if let session {
            self.session = session
        } else {
            let configuration = URLSessionConfiguration.ephemeral
            // A blocking claim legitimately stays silent for as long as the queue is empty.
            configuration.timeoutIntervalForResource = Self.blockingTimeout
            self.session = URLSession(configuration: configuration)
        }
    }

    deinit {
        if ownsSession { session.finishTasksAndInvalidate() }
    }

    /// The idle timeout of a blocking claim: effectively none.
    private static let blockingTimeout: TimeInterval = 365 * 24 * 3600

    public func tryClaim(_ request: ClaimRequest) async throws -> EntroQTask? {
        try await send("claim", body: RESTClaimRequest(request), as: RESTClaimResponse.self).task?.model
    }

    public func claim(_ request: ClaimRequest) async throws -> EntroQTask {
        let response = try await send(
            "claim/wait", body: RESTClaimRequest(request), as: RESTClaimResponse.self, timeout: Self.blockingTimeout)
        guard let task = response.task?.model else {
            throw QueueError(code: .internalError, message: "blocking claim answered without a task")
        }
        return task
    }

    public func modify(_ modification: Modification) async throws -> ModifyResult {
        try await send("modify", body: RESTModifyRequest(modification), as: RESTModifyResponse.self).model
    }

    public func tasks(_ query: TaskQuery) async throws -> [EntroQTask] {
        var parameters: [(String, String)] = []
        if !query.claimant.isEmpty { parameters.append(("claimantId", query.claimant)) }
        if !query.queue.isEmpty { parameters.append(("queue", query.queue)) }
        if query.limit > 0 { parameters.append(("limit", String(query.limit))) }
        parameters += query.ids.map { ("taskId", $0) }
        if query.omitValues { parameters.append(("omitValues", "true")) }
        return try await get("tasks", parameters, as: RESTTasksResponse.self).tasks.map(\.model)
    }

    public func queueStats(_ query: QueueQuery) async throws -> [QueueStats] {
        var parameters: [(String, String)] = query.matchPrefix.map { ("matchPrefix", $0) }
        parameters += query.matchExact.map { ("matchExact", $0) }
        if query.limit > 0 { parameters.append(("limit", String(query.limit))) }
        return try await get("queues/stats", parameters, as: RESTQueuesResponse.self).queues.map(\.model)
    }

    public func time() async throws -> Int64 {
        try await get("time", [], as: RESTTimeResponse.self).timeMs
    }

    // MARK: Transport

    private func get<Response: Decodable>(
        _ path: String, _ parameters: [(String, String)], as type: Response.Type
    ) async throws -> Response {
        var request = URLRequest(url: url(path, parameters))
        request.httpMethod = "GET"
        return try await exchange(request, as: type, timeout: requestTimeout)
    }

    private func send<Response: Decodable>(
        _ path: String, body: some Encodable, as type: Response.Type, timeout: TimeInterval? = nil
    ) async throws -> Response {
        var request = URLRequest(url: url(path, []))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        do {
            request.httpBody = try JSONEncoder().encode(body)
        } catch {
            throw QueueError.invalidArgument("request cannot be encoded as JSON")
        }
        return try await exchange(request, as: type, timeout: timeout ?? requestTimeout)
    }

    private func exchange<Response: Decodable>(
        _ request: URLRequest, as type: Response.Type, timeout: TimeInterval
    ) async throws -> Response {
        var request = request
        request.timeoutInterval = timeout
        request.setValue(String(Self.protocolVersion), forHTTPHeaderField: Self.protocolHeader)
        let (data, response) = try await perform(request)
        guard let http = response as? HTTPURLResponse else {
            throw QueueError(code: .internalError, message: "answer is not HTTP")
        }
        try Self.checkProtocol(http)
        guard (200..<300).contains(http.statusCode) else { throw Self.error(status: http.statusCode, body: data) }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw QueueError(code: .internalError, message: "server answered with malformed JSON")
        }
    }

    /// Sends a request, mapping transport failures and cancellation to queue errors.
    private func perform(_ request: URLRequest) async throws -> (Data, URLResponse) {
        do {
            try Task.checkCancellation()
            return try await session.data(for: request)
        } catch let error as URLError where error.code == .cancelled {
            throw QueueError(code: .cancelled, message: "request cancelled")
        } catch is CancellationError {
            throw QueueError(code: .cancelled, message: "request cancelled")
        } catch let error as URLError {
            if Task.isCancelled { throw QueueError(code: .cancelled, message: "request cancelled") }
            throw QueueError(code: .unavailable, message: "cannot reach the queue server (\(error.code.rawValue))")
        }
    }

    private func url(_ path: String, _ parameters: [(String, String)]) -> URL {
        var text = baseURL.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        text += "/api/v0/" + path
        if !parameters.isEmpty {
            text += "?" + parameters.map { Self.escape($0.0) + "=" + Self.escape($0.1) }.joined(separator: "&")
        }
        // Every component is escaped above, so the string is always a valid URL.
        return URL(string: text) ?? baseURL
    }
}

extension RESTQueueClient {
    static let protocolHeader = "entroq-protocol"
    static let protocolVersion = 2

    /// Percent-escapes everything but unreserved characters and `/`, so `+`, `=` and `&` in queue names survive.
    static func escape(_ text: String) -> String {
        var escaped = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"), UInt8(ascii: "/"):
                escaped.append(Character(Unicode.Scalar(byte)))
            default:
                escaped += String(format: "%%%02X", byte)
            }
        }
        return escaped
    }

    /// Refuses a server that does not say it serves protocol 2.
    static func checkProtocol(_ response: HTTPURLResponse) throws(QueueError) {
        let header = response.value(forHTTPHeaderField: protocolHeader) ?? ""
        let served = header.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard served.contains(protocolVersion) else {
            throw QueueError(
                code: .internalError,
                message: "the server serves entroq protocol \(header.isEmpty ? "1" : header), this client speaks 2")
        }
    }

    /// The queue error an HTTP error status and its JSON `google.rpc.Status` body stand for.
    static func error(status: Int, body: Data) -> QueueError {
        let decoded = try? JSONDecoder().decode(RESTStatus.self, from: body)
        let message = decoded.map(\.message).flatMap { $0.isEmpty ? nil : $0 } ?? "HTTP status \(status)"
        switch status {
        case 409, 404:
            let isDependency = decoded?.details.contains {
                $0.type == "DETAIL" || DependencyFailure.Kind(rawValue: $0.type) != nil
            }
            if let decoded, isDependency == true {
                return QueueError(code: .dependency, message: message, failures: decoded.failures)
            }
            return QueueError(code: .internalError, message: message)
        case 400: return .invalidArgument(message)
        case 499: return QueueError(code: .cancelled, message: message)
        case 502, 503, 504: return QueueError(code: .unavailable, message: message)
        default: return QueueError(code: .internalError, message: message)
        }
    }
}
