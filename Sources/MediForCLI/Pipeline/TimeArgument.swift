import ArgumentParser
import Foundation

/// A point in time given on the command line, as epoch seconds (UTC).
///
/// Accepted forms: epoch seconds (`1714521600`), a date (`2024-05-01`, midnight UTC), or an ISO-8601 date-time
/// (`2024-05-01T12:30:00Z`, `2024-05-01T14:30:00+02:00`, `2024-05-01 12:30`; no zone means UTC).
package enum TimeArgument {
    /// Which end of a range a date-only value stands for.
    package enum Bound: Sendable {
        /// The first second of the day (for `--since`).
        case start
        /// The last second of the day (for `--until`, so that `--until 2024-05-01` includes that day).
        case end
    }

    /// Parses a time argument.
    ///
    /// - Throws: `ValidationError` describing the accepted forms.
    package static func epochSeconds(parsing text: String, bound: Bound) throws -> Int64 {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if !trimmed.isEmpty, trimmed.allSatisfy(\.isASCIIDigit), let seconds = Int64(trimmed) {
            return seconds
        }
        if let day = parseDate(trimmed) {
            return day + (bound == .end ? 86_399 : 0)
        }
        if let instant = parseDateTime(trimmed) {
            return instant
        }
        throw ValidationError(
            "expected epoch seconds or an ISO-8601 date (2024-05-01) or date-time (2024-05-01T12:30:00Z)")
    }

    private static func parseDate(_ text: String) -> Int64? {
        // Foundation's parser accepts other separators (2024/05/01); only the ISO form is meant.
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.map(\.count) == [4, 2, 2], parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }) else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withDashSeparatorInDate]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.date(from: text).map { Int64($0.timeIntervalSince1970.rounded(.down)) }
    }

    private static func parseDateTime(_ text: String) -> Int64? {
        guard text.count >= 16 else { return nil }
        var candidate = text
        // Accept the common "date time" spelling, a missing seconds field and a missing zone (UTC).
        if let space = candidate.firstIndex(of: " ") { candidate.replaceSubrange(space...space, with: "T") }
        let timePart = candidate.split(separator: "T", maxSplits: 1).dropFirst().first ?? ""
        let hasZone = timePart.hasSuffix("Z") || timePart.contains("+") || timePart.contains("-")
        if !hasZone { candidate += "Z" }
        let formatter = ISO8601DateFormatter()
        for options: ISO8601DateFormatter.Options in [
            [.withInternetDateTime], [.withInternetDateTime, .withFractionalSeconds],
        ] {
            formatter.formatOptions = options
            if let date = formatter.date(from: candidate) { return Int64(date.timeIntervalSince1970.rounded(.down)) }
        }
        // HH:MM without seconds.
        if let zoneStart = candidate.lastIndex(where: { $0 == "Z" || $0 == "+" || $0 == "-" }),
            candidate[..<zoneStart].split(separator: "T").last?.filter({ $0 == ":" }).count == 1
        {
            var withSeconds = candidate
            withSeconds.insert(contentsOf: ":00", at: zoneStart)
            formatter.formatOptions = [.withInternetDateTime]
            if let date = formatter.date(from: withSeconds) {
                return Int64(date.timeIntervalSince1970.rounded(.down))
            }
        }
        return nil
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
