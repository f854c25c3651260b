import Foundation
import Hummingbird

/// The fields of a query string or an `application/x-www-form-urlencoded` body, in order, names repeatable.
///
/// Parsing is strict: a malformed percent escape or invalid UTF-8 is a 400 error rather than a silently mangled
/// value.
struct FormFields: Sendable {
    private(set) var items: [(name: String, value: String)]

    /// Parses `a=1&b=x+y&b=%2F`.
    ///
    /// - Throws: `HTTPError(.badRequest)` for a malformed escape or invalid UTF-8.
    init(encoded text: Substring) throws {
        items = []
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = try Self.decode(parts[0])
            let value = parts.count > 1 ? try Self.decode(parts[1]) : ""
            items.append((name, value))
        }
    }

    /// The fields of a request's query string.
    init(query request: Request) throws {
        try self.init(encoded: (request.uri.query ?? "")[...])
    }

    /// The fields of a url-encoded request body, read up to `limit` bytes.
    ///
    /// - Throws: `HTTPError(.contentTooLarge)` past the limit, `.unsupportedMediaType` for another body type,
    ///   `.badRequest` for a malformed body.
    static func body(of request: Request, limit: Int = 1 << 20) async throws -> FormFields {
        let type = request.headers[.contentType] ?? ""
        guard type.lowercased().hasPrefix("application/x-www-form-urlencoded") else {
            throw HTTPError(.unsupportedMediaType, message: "send the form as application/x-www-form-urlencoded")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw HTTPError(.contentTooLarge, message: "the form is larger than \(limit) bytes")
        }
        return try FormFields(encoded: String(buffer: buffer)[...])
    }

    /// The first value of `name`, `nil` when absent.
    subscript(name: String) -> String? { items.first { $0.name == name }?.value }

    /// Every value of `name`, in order.
    func all(_ name: String) -> [String] { items.filter { $0.name == name }.map(\.value) }

    /// The first value of `name`, trimmed; `nil` when absent or blank.
    func nonEmpty(_ name: String) -> String? {
        guard let value = self[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
            return nil
        }
        return value
    }

    /// `+` is a space, `%XX` a byte; the bytes must be UTF-8.
    private static func decode(_ text: Substring) throws -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    throw HTTPError(.badRequest, message: "malformed percent escape in the query or form")
                }
                bytes.append(high << 4 | low)
            default:
                bytes.append(byte)
            }
        }
        guard let string = String(validating: bytes, as: UTF8.self) else {
            throw HTTPError(.badRequest, message: "the query or form is not valid UTF-8")
        }
        return string
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// `value` escaped for a query string.
    static func escape(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? value
    }

    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:")

    /// A query string from pairs (`a=1&b=2`), without the `?`.
    static func query(_ pairs: [(String, String)]) -> String {
        pairs.map { escape($0.0) + "=" + escape($0.1) }.joined(separator: "&")
    }
}
