import Foundation

/// How tags are written in the UI: `key=value`, or a plain `label` (a user tag with an empty value). Labels the
/// original UI stored with the value `"null"` show as plain labels too.
enum TagText {
    /// `case=42` → (`case`, `42`); `suspicious` → (`suspicious`, ``). Keys are lowercased and trimmed.
    static func parse(_ text: String) -> (key: String, value: String) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let equals = trimmed.firstIndex(of: "=") else { return (trimmed.lowercased(), "") }
        let key = trimmed[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
        let value = trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        return (key, value)
    }

    /// Tags typed into one field, separated by commas or new lines; empty entries dropped.
    ///
    /// - Returns: `nil` when an entry is unusable (an empty key, or longer than 200 characters).
    static func parseList(_ text: String) -> [(key: String, value: String)]? {
        var result: [(key: String, value: String)] = []
        for entry in text.split(whereSeparator: { $0 == "," || $0 == "\n" || $0 == "\r" }) {
            let trimmed = entry.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            let tag = parse(trimmed)
            guard !tag.key.isEmpty, trimmed.count <= 200,
                !tag.key.unicodeScalars.contains(where: { $0.value < 0x20 })
            else { return nil }
            result.append(tag)
        }
        return result
    }

    /// The display and URL form: `key=value`, or `key` for a label.
    static func format(_ tag: (key: String, value: String)) -> String {
        isLabel(tag.value) ? tag.key : tag.key + "=" + tag.value
    }

    /// Whether a value marks a plain label.
    static func isLabel(_ value: String) -> Bool { value.isEmpty || value == "null" }

    /// Splits a `DetectionTagInfo` count key (`key=value` with `\` and `=` escaped as `\\` and `\=`).
    static func splitCountKey(_ text: String) -> (key: String, value: String) {
        var key = ""
        var value = ""
        var inValue = false
        var escaped = false
        for character in text {
            if escaped {
                if inValue { value.append(character) } else { key.append(character) }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "=" && !inValue {
                inValue = true
            } else if inValue {
                value.append(character)
            } else {
                key.append(character)
            }
        }
        return (key, value)
    }
}
