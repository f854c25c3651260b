/// A streaming reader of `multipart/form-data` bodies (RFC 7578): feed it the body in chunks of any size, get back
/// part boundaries, headers and body bytes, without holding more than one delimiter's length of the body.
///
/// Limits keep hostile input bounded: a part's header block may not exceed ``maxHeaderBytes`` and a body may hold
/// at most ``maxParts`` parts.
import Foundation

struct MultipartReader {
    /// What the reader found in the bytes fed so far, in order.
    enum Event: Equatable {
        /// A part starts; its headers, names lowercased.
        case part(headers: [String: String])
        /// Bytes of the current part's body.
        case body([UInt8])
        /// The current part ended.
        case partEnd
    }

    /// Why a body is not valid multipart data.
    struct Failure: Error, Equatable {
        var message: String
    }

    static let maxHeaderBytes = 16 << 10
    static let maxParts = 10_000

    private enum State {
        case preamble, headers, body, epilogue
    }

    /// `\r\n--boundary`; the first delimiter may lack the leading CRLF.
    private let delimiter: [UInt8]
    private var state = State.preamble
    private var pending: [UInt8] = []
    private var parts = 0

    /// A reader for `boundary` (from the `Content-Type` header).
    init(boundary: String) {
        delimiter = Array("\r\n--\(boundary)".utf8)
        // The preamble is searched with a CRLF in front, so a body starting with the delimiter is found too.
        pending = [13, 10]
    }

    /// Whether the closing delimiter has been seen.
    var isFinished: Bool { state == .epilogue }

    /// Consumes `bytes`, returning the events they complete.
    mutating func feed(_ bytes: some Sequence<UInt8>) throws -> [Event] {
        if state == .epilogue { return [] }
        pending.append(contentsOf: bytes)
        var events: [Event] = []
        var position = 0
        loop: while true {
            switch state {
            case .preamble, .body:
                guard let found = Self.find(delimiter, in: pending, from: position) else {
                    // Keep what could still be the start of a delimiter.
                    let safe = max(position, pending.count - (delimiter.count - 1))
                    if state == .body && safe > position { events.append(.body(Array(pending[position..<safe]))) }
                    position = safe
                    break loop
                }
                // After the delimiter: "--" closes the body, CRLF starts the next part; wait for both bytes.
                let after = found + delimiter.count
                guard after + 2 <= pending.count else {
                    if state == .body && found > position { events.append(.body(Array(pending[position..<found]))) }
                    position = found
                    break loop
                }
                if state == .body {
                    if found > position { events.append(.body(Array(pending[position..<found]))) }
                    events.append(.partEnd)
                }
                if pending[after] == UInt8(ascii: "-") && pending[after + 1] == UInt8(ascii: "-") {
                    state = .epilogue
                    pending = []
                    return events
                }
                // Transport padding (spaces, tabs) may precede the CRLF.
                var lineEnd = after
                while lineEnd < pending.count, pending[lineEnd] == 32 || pending[lineEnd] == 9 { lineEnd += 1 }
                guard lineEnd + 2 <= pending.count else {
                    position = found
                    break loop
                }
                guard pending[lineEnd] == 13, pending[lineEnd + 1] == 10 else {
                    throw Failure(message: "malformed multipart delimiter line")
                }
                position = lineEnd + 2
                state = .headers
            case .headers:
                guard let end = Self.find([13, 10, 13, 10], in: pending, from: position - 2 >= 0 ? position - 2 : 0),
                    end + 4 > position
                else {
                    guard pending.count - position <= Self.maxHeaderBytes else {
                        throw Failure(message: "a part's headers are too large")
                    }
                    break loop
                }
                guard end + 4 - position <= Self.maxHeaderBytes + 2 else {
                    throw Failure(message: "a part's headers are too large")
                }
                parts += 1
                guard parts <= Self.maxParts else { throw Failure(message: "too many parts") }
                let headerBytes = end >= position ? Array(pending[position..<end]) : []
                events.append(.part(headers: try Self.parseHeaders(headerBytes)))
                position = end + 4
                state = .body
            case .epilogue:
                break loop
            }
        }
        pending.removeFirst(position)
        return events
    }

    /// Checks that the body ended properly (called after the last chunk).
    func finish() throws {
        guard state == .epilogue else {
            throw Failure(
                message: state == .preamble ? "no multipart data found" : "the upload ended before its last part")
        }
    }

    /// The `boundary` parameter of a `multipart/form-data` content type.
    static func boundary(fromContentType type: String) -> String? {
        let pieces = type.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard pieces.first?.lowercased() == "multipart/form-data" else { return nil }
        for piece in pieces.dropFirst() where piece.lowercased().hasPrefix("boundary=") {
            var value = String(piece.dropFirst("boundary=".count))
            if value.hasPrefix("\"") && value.hasSuffix("\"") && value.count >= 2 {
                value = String(value.dropFirst().dropLast())
            }
            guard (1...70).contains(value.count), value.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 })
            else { return nil }
            return value
        }
        return nil
    }

    /// `name` and `filename` from a `Content-Disposition: form-data; …` value (quoted strings unescaped,
    /// `filename*=UTF-8''…` preferred).
    static func disposition(_ value: String) -> (name: String?, filename: String?) {
        var name: String?
        var filename: String?
        var extended: String?
        for (key, raw) in parameters(value) {
            switch key {
            case "name": name = raw
            case "filename": filename = raw
            case "filename*":
                let parts = raw.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                if parts.count == 3, parts[0].lowercased() == "utf-8" {
                    extended = String(parts[2]).removingPercentEncoding
                }
            default: continue
            }
        }
        return (name, extended ?? filename)
    }

    private static func parameters(_ value: String) -> [(String, String)] {
        var result: [(String, String)] = []
        var scalars = Substring(value)
        guard let semicolon = scalars.firstIndex(of: ";") else { return [] }
        scalars = scalars[scalars.index(after: semicolon)...]
        while !scalars.isEmpty {
            scalars = scalars.drop { $0 == " " || $0 == ";" || $0 == "\t" }
            guard let equals = scalars.firstIndex(of: "=") else { break }
            let key = scalars[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            scalars = scalars[scalars.index(after: equals)...]
            var parsed = ""
            if scalars.first == "\"" {
                scalars = scalars.dropFirst()
                var escaped = false
                while let character = scalars.first {
                    scalars = scalars.dropFirst()
                    if escaped {
                        parsed.append(character)
                        escaped = false
                    } else if character == "\\" {
                        escaped = true
                    } else if character == "\"" {
                        break
                    } else {
                        parsed.append(character)
                    }
                }
            } else {
                let end = scalars.firstIndex(of: ";") ?? scalars.endIndex
                parsed = scalars[..<end].trimmingCharacters(in: .whitespaces)
                scalars = scalars[end...]
            }
            result.append((key, parsed))
        }
        return result
    }

    private static func parseHeaders(_ bytes: [UInt8]) throws(Failure) -> [String: String] {
        let text = String(decoding: bytes, as: UTF8.self)
        var headers: [String: String] = [:]
        for line in text.split(separator: "\r\n") where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { throw Failure(message: "malformed part header") }
            headers[line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()] =
                line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return headers
    }

    /// The first index of `needle` in `haystack` at or after `start`.
    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count, start <= haystack.count - needle.count else {
            return nil
        }
        return haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { pin in
                var index = start
                let last = hay.count - pin.count
                while index <= last {
                    if hay[index] == first {
                        var matched = 1
                        while matched < pin.count && hay[index + matched] == pin[matched] { matched += 1 }
                        if matched == pin.count { return index }
                    }
                    index += 1
                }
                return nil
            }
        }
    }
}
