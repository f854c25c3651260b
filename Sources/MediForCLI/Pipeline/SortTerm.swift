import ArgumentParser
import MediForProto

/// One `--sort` term of `medifor list`: `score`, `meta:KEY` or `meta-query`, each optionally followed by `:asc`
/// (the default) or `:desc`.
///
/// A metadata key may itself contain colons (`meta:Hash:md5:desc` sorts on the key `Hash:md5`, descending); only a
/// final `:asc` or `:desc` is taken as the direction.
package struct SortTerm: Hashable, Sendable, CustomStringConvertible {
    /// What a term sorts on.
    package enum Key: Hashable, Sendable {
        /// The fused score of `--fuser`.
        case score
        /// The text of one metadata value.
        case meta(String)
        /// Full-text relevance of the metadata to `--meta-query`.
        case metaQuery
    }

    /// What to sort on.
    package var key: Key
    /// Whether larger values come first.
    package var isDescending: Bool

    /// Creates a term.
    package init(_ key: Key, descending: Bool = false) {
        self.key = key
        self.isDescending = descending
    }

    /// Parses a `--sort` value.
    ///
    /// - Throws: `ValidationError` naming the accepted forms.
    package init(parsing text: String) throws {
        var base = Substring(text)
        var descending = false
        if let colon = base.lastIndex(of: ":") {
            switch base[base.index(after: colon)...].lowercased() {
            case "asc": base = base[..<colon]
            case "desc":
                base = base[..<colon]
                descending = true
            default: break
            }
        }
        let key: Key
        switch base.lowercased() {
        case "score": key = .score
        case "meta-query": key = .metaQuery
        case "meta", "meta:":
            throw ValidationError("give the metadata key, as in meta:Hash:md5")
        default:
            guard base.lowercased().hasPrefix("meta:") else {
                throw ValidationError("expected score, meta:KEY or meta-query, optionally followed by :asc or :desc")
            }
            key = .meta(String(base.dropFirst("meta:".count)))
        }
        self.init(key, descending: descending)
    }

    package var description: String {
        let direction = isDescending ? ":desc" : ""
        switch key {
        case .score: return "score" + direction
        case .meta(let name): return "meta:\(name)" + direction
        case .metaQuery: return "meta-query" + direction
        }
    }

    /// The wire form; `META_QUERY` carries the query text in `meta_key`.
    package func proto(metaQuery: String) -> Mediforproto_SortCol {
        var column = Mediforproto_SortCol()
        column.isAsc = !isDescending
        switch key {
        case .score:
            column.key = .score
        case .meta(let name):
            column.key = .meta
            column.metaKey = name
        case .metaQuery:
            column.key = .metaQuery
            column.metaKey = metaQuery
        }
        return column
    }
}
