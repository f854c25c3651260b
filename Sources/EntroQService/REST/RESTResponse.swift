import Foundation
import Hummingbird
import NIOCore

/// JSON bodies in and out of the REST routes.
enum RESTResponse {
    /// A JSON response with `value` as its body.
    ///
    /// - Throws: `EncodingError` if the value holds something JSON cannot carry (a non-finite number).
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        // Sorted keys keep bodies byte-for-byte reproducible, which helps logs and golden comparisons.
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The request's JSON body decoded as `type`.
    ///
    /// - Throws: ``RESTError`` 400 when the body exceeds `maxBytes`; `DecodingError` when it is not the expected
    ///   JSON.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, maxBytes: Int) async throws -> T {
        try await decode(type, from: request.body, headers: request.headers, maxBytes: maxBytes)
    }

    /// `body` decoded as `type`; an empty body reads as `{}`.
    ///
    /// - Throws: ``RESTError`` 400 when the body exceeds `maxBytes`; `DecodingError` when it is not the expected
    ///   JSON.
    static func decode<T: Decodable>(
        _ type: T.Type, from body: RequestBody, headers: HTTPFields, maxBytes: Int
    ) async throws -> T {
        let tooLarge = RESTError.invalidArgument("request body is larger than \(maxBytes) bytes")
        if let length = headers[.contentLength].flatMap({ Int($0) }), length > maxBytes { throw tooLarge }
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: maxBytes)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw tooLarge
        }
        let data = buffer.readableBytes == 0 ? Data("{}".utf8) : Data(buffer.readableBytesView)
        return try JSONDecoder().decode(T.self, from: data)
    }
}
