import Foundation
import MediForProto
import SwiftProtobuf

/// The JSON held in the stores' columns: proto3 JSON (compact, lowerCamelCase, defaults omitted) for messages,
/// plain JSON objects for tag and metadata maps.
enum StoredJSON {
    /// Reading ignores unknown fields, so rows written by a newer server still load.
    static let decodingOptions: JSONDecodingOptions = {
        var options = JSONDecodingOptions()
        options.ignoreUnknownFields = true
        return options
    }()

    /// The proto3 JSON of `message`.
    static func encode(_ message: some SwiftProtobuf.Message) throws -> String {
        do {
            return try message.jsonString()
        } catch {
            throw StoreError.invalidArgument("a message cannot be encoded as JSON")
        }
    }

    /// Parses a stored message; `nil` or empty text is the empty message.
    static func decode<M: SwiftProtobuf.Message>(_ type: M.Type, from text: String?) throws -> M {
        guard let text, !text.isEmpty else { return M() }
        do {
            return try M(jsonString: text, options: decodingOptions)
        } catch {
            throw StoreError(code: .internalError, message: "a stored result cannot be read")
        }
    }

    /// A map as a JSON object, with NUL characters replaced by U+FFFD (neither store keeps NUL in JSON text).
    static func encode(_ map: [String: String]) throws -> String {
        let clean = Dictionary(uniqueKeysWithValues: map.map { (scrub($0.key), scrub($0.value)) })
        let data = try JSONSerialization.data(withJSONObject: clean, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    /// A list of strings as a JSON array.
    static func encode(_ list: [String]) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: list.map(scrub), options: [])
        return String(decoding: data, as: UTF8.self)
    }

    /// Parses a stored JSON object of strings; `nil` or empty is the empty map. Non-string values are skipped.
    static func decodeMap(_ text: String?) throws -> [String: String] {
        guard let text, !text.isEmpty else { return [:] }
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw StoreError(code: .internalError, message: "stored tags cannot be read")
        }
        return object.compactMapValues { $0 as? String }
    }

    /// Parses a stored JSON array of strings.
    static func decodeList(_ text: String?) throws -> [String] {
        guard let text, !text.isEmpty else { return [] }
        guard let list = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String] else {
            throw StoreError(code: .internalError, message: "stored analytic ids cannot be read")
        }
        return list
    }

    /// `text` without NUL characters.
    static func scrub(_ text: String) -> String {
        text.contains("\u{0}") ? text.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}") : text
    }

    /// The lowercased metadata values, one per line: what SQLite's plain-text metadata search looks in.
    static func searchText(of meta: [String: String]) -> String {
        meta.values.sorted().map { scrub($0).lowercased() }.joined(separator: "\n")
    }
}
