import Foundation

/// A left/right-aligned plain-text table for terminals: columns separated by two spaces, a dashed rule under the
/// header, no trailing spaces.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []
    /// Columns aligned to the left (labels); the others, numbers, are aligned to the right.
    var leftAligned: Set<Int> = [0]

    func rendered() -> String {
        var widths = header.map(\.count)
        for row in rows {
            for (index, field) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], field.count)
            }
        }
        func line(_ fields: [String]) -> String {
            let padded = fields.enumerated().map { index, field in
                let padding = String(repeating: " ", count: max(widths[index] - field.count, 0))
                return leftAligned.contains(index) ? field + padding : padding + field
            }
            var text = padded.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text
        }
        var lines = [line(header), line(widths.map { String(repeating: "-", count: $0) })]
        lines += rows.map(line)
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Number formats shared by the report renderers.
enum ReportFormat {
    static let undefined = "undefined"

    /// Six decimals, MediScore's report precision.
    static func metric(_ value: Double?) -> String {
        guard let value else { return undefined }
        return String(format: "%.6f", value)
    }

    /// Two decimals, as MediScore rounds the TRR.
    static func rate(_ value: Double) -> String { String(format: "%.2f", value) }

    /// `mean ± sd`, or the mean alone for a single value.
    static func statistics(_ value: MetricStatistics?, decimals: Int = 4) -> String {
        guard let value else { return undefined }
        let mean = String(format: "%.\(decimals)f", value.mean)
        guard let deviation = value.standardDeviation else { return mean }
        return mean + " ± " + String(format: "%.\(decimals)f", deviation)
    }

    /// A rate as a compact label: `0.05`, `0.1`.
    static func label(_ value: Double) -> String {
        var text = String(format: "%.6f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
