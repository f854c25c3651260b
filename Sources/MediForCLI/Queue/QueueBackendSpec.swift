import Foundation
import ArgumentParser

/// Which queue backend to use, as written on the command line: `memory`, `sqlite:PATH` or `postgres:URL`
/// (a bare `postgres://…` URL works too).
package enum QueueBackendSpec: Equatable, CustomStringConvertible {
    case memory
    case sqlite(path: String)
    case postgres(url: String)

    package init(parsing text: String) throws {
        if text == "memory" {
            self = .memory
        } else if text.hasPrefix("sqlite:") {
            let path = String(text.dropFirst("sqlite:".count))
            guard !path.isEmpty else { throw ValidationError("sqlite backend needs a path: sqlite:PATH") }
            self = .sqlite(path: path)
        } else if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            self = .postgres(url: text)
        } else if text.hasPrefix("postgres:") {
            let url = String(text.dropFirst("postgres:".count))
            guard !url.isEmpty else { throw ValidationError("postgres backend needs a URL: postgres:URL") }
            self = .postgres(url: url)
        } else {
            throw ValidationError("unknown backend '\(text)': use memory, sqlite:PATH or postgres:URL")
        }
    }

    /// The spec without credentials, for logs.
    package var description: String {
        switch self {
        case .memory: "memory"
        case .sqlite(let path): "sqlite:\(path)"
        case .postgres(let url): "postgres:\(Self.redacted(url))"
        }
    }

    /// `url` with any password replaced by `***`.
    package static func redacted(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url.range(of: "@", range: scheme.upperBound..<url.endIndex),
            let colon = url.range(of: ":", range: scheme.upperBound..<at.lowerBound)
        else { return url }
        return url.replacingCharacters(in: colon.upperBound..<at.lowerBound, with: "***")
    }
}
