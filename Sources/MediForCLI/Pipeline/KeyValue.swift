import ArgumentParser

/// A `KEY=VALUE` argument, as in `--tag source=upload`.
///
/// Only the first `=` splits, so a value may contain `=` (`--meta query=a=b`); a bare `KEY` stands for an empty
/// value, as in the original pipeclient's `-t KEY`.
package struct KeyValue: Hashable, Sendable, CustomStringConvertible {
    /// The key, never empty.
    package var key: String
    /// The value, possibly empty.
    package var value: String

    /// Creates a pair.
    package init(key: String, value: String) {
        self.key = key
        self.value = value
    }

    /// Parses `KEY=VALUE` or `KEY`.
    ///
    /// - Throws: `ValidationError` when the key is empty (`=value`, or an empty argument).
    package init(parsing text: String) throws {
        let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        let key = parts.first.map(String.init) ?? ""
        guard !key.isEmpty else {
            throw ValidationError("expected KEY=VALUE or KEY; the key is empty")
        }
        self.init(key: key, value: parts.count > 1 ? String(parts[1]) : "")
    }

    package var description: String { "\(key)=\(value)" }

    /// The pairs as a map; when a key repeats, the last value wins.
    package static func dictionary(_ pairs: [KeyValue]) -> [String: String] {
        var result: [String: String] = [:]
        for pair in pairs { result[pair.key] = pair.value }
        return result
    }
}
