import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// Plain HTTP calls to a REST server, for checking exact wire shapes.
struct RawHTTP: Sendable {
    /// One HTTP answer.
    struct Answer {
        var status: Int
        var protocolHeader: String?
        var body: Data

        /// The body as a JSON object.
        func json() throws -> [String: Any] {
            try #require(try JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) as? [String: Any])
        }
    }

    let base: URL
    let session = URLSession(configuration: .ephemeral)

    /// Sends one request; by default as a protocol-2 client.
    func call(
        _ method: String, _ path: String, body: String? = nil, bodyData: Data? = nil,
        headers: [String: String] = ["entroq-protocol": "2"]
    ) async throws -> Answer {
        var request = URLRequest(url: try #require(URL(string: base.absoluteString + path)))
        request.httpMethod = method
        request.httpBody = bodyData ?? body.map { Data($0.utf8) }
        if request.httpBody != nil { request.setValue("application/json", forHTTPHeaderField: "Content-Type") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await session.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        return Answer(
            status: http.statusCode, protocolHeader: http.value(forHTTPHeaderField: "entroq-protocol"), body: data)
    }

    /// Sends a POST with a JSON body and returns the decoded JSON object answer, requiring `status`.
    func post(_ path: String, _ body: String, expecting status: Int = 200) async throws -> [String: Any] {
        let answer = try await call("POST", path, body: body)
        #expect(answer.status == status, "\(path): \(String(decoding: answer.body, as: UTF8.self))")
        return try answer.json()
    }

    /// Sends a GET and returns the decoded JSON object answer, requiring `status`.
    func get(_ path: String, expecting status: Int = 200) async throws -> [String: Any] {
        let answer = try await call("GET", path)
        #expect(answer.status == status, "\(path): \(String(decoding: answer.body, as: UTF8.self))")
        return try answer.json()
    }
}
