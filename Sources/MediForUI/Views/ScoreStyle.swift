import Foundation

/// How a manipulation score (0 = no sign of manipulation, 1 = certainly manipulated) is shown: two decimals and
/// one of five colour steps, always with the number so colour is never the only cue.
struct ScoreBadge: Sendable {
    var text: String
    /// `s0` … `s4`, low to high.
    var level: String
    /// A sentence for tooltips and screen readers.
    var title: String
    /// 0…100, for bars.
    var percent: Int

    /// A badge for `score`, or `nil` when there is none.
    init?(_ score: Double?) {
        guard let score, score.isFinite else { return nil }
        let clamped = min(1, max(0, score))
        text = String(format: "%.2f", clamped)
        level = "s\(min(4, Int(clamped * 5)))"
        percent = Int((clamped * 100).rounded())
        title = "manipulation score \(text) of 1 (\(Self.verdict(clamped)))"
        if score != clamped { title += "; the analytic reported \(score), outside 0…1" }
    }

    /// A word for a score range.
    static func verdict(_ score: Double) -> String {
        switch score {
        case ..<0.2: "no sign"
        case ..<0.4: "weak sign"
        case ..<0.6: "uncertain"
        case ..<0.8: "likely manipulated"
        default: "strong sign of manipulation"
        }
    }
}

/// Small text formats shared by the pages.
enum Formats {
    /// `1.2 s`, `350 ms`, `2 min 5 s`.
    static func duration(milliseconds: Int64) -> String {
        if milliseconds < 1000 { return "\(max(0, milliseconds)) ms" }
        let seconds = Double(milliseconds) / 1000
        if seconds < 60 { return String(format: "%.1f s", seconds) }
        let whole = Int(seconds)
        return "\(whole / 60) min \(whole % 60) s"
    }

    /// `12.3 MiB` (binary units, as size limits are set).
    static func bytes(_ count: Int64) -> String {
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(count)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(count) bytes" : String(format: "%.1f %@", value, units[unit])
    }

    /// An ISO-8601 UTC timestamp shortened for display: `2024-05-01 14:03`.
    static func shortDate(_ iso: String) -> String {
        guard iso.count >= 16 else { return iso }
        return String(iso.prefix(10)) + " " + String(iso.dropFirst(11).prefix(5))
    }

    /// Milliseconds since the epoch as `2024-05-01 14:03:05 UTC`.
    static func timestamp(milliseconds: Int64) -> String {
        let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
        return date.formatted(.iso8601).replacingOccurrences(of: "T", with: " ")
            .replacingOccurrences(of: "Z", with: " UTC")
    }

    /// Now, as stored in `File:UploadDate`: `2024-05-01T14:03:05Z` (sorts as text).
    static func nowISO() -> String { Date().formatted(.iso8601) }
}
