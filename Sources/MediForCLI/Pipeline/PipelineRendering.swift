import Foundation
import MediForProto
import SwiftProtobuf

/// Text and JSON renderings of Pipeline answers, as pure functions from messages to lines.
package enum PipelineRendering {
    /// A score with three decimals (`0.830`).
    package static func format(score: Double) -> String { String(format: "%.3f", score) }

    /// Left-aligned columns separated by two spaces; the last column is not padded.
    package static func table(_ rows: [[String]], indent: String = "") -> [String] {
        guard let columns = rows.map(\.count).max(), columns > 0 else { return [] }
        var widths = [Int](repeating: 0, count: columns)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        return rows.map { row in
            let cells = row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }
            var line = indent + cells.joined(separator: "  ")
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }

    /// `k=v` pairs sorted by key, or `-` when there are none.
    package static func pairs(_ map: [String: String]) -> String {
        map.isEmpty ? "-" : map.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
    }

    /// The fused score and which fuser gave it: `0.830 (avg_1.0)`, several separated by commas, or `-`.
    package static func fused(_ summary: DetectionSummary) -> String {
        let parts = summary.fusers.map { fuser -> String in
            switch fuser.outcome {
            case .scored(let score?): "\(format(score: score)) (\(fuser.id))"
            case .failed(let message): "\(fuser.id) failed: \(message)"
            default: "\(fuser.id) \(fuser.outcome.label)"
            }
        }
        if !parts.isEmpty { return parts.joined(separator: ", ") }
        return summary.fusedScore.map(format(score:)) ?? "-"
    }

    /// The analytics of a detection as indented rows: id, `ok`/`failed`/`opt-out`/stage, score or message.
    package static func analyticRows(_ summary: DetectionSummary, indent: String = "  ") -> [String] {
        table(summary.analytics.map { [$0.id, $0.outcome.label, $0.outcome.detail] }, indent: indent)
    }

    /// What `medifor detect --wait` prints for one file: a heading line, then one line per analytic.
    package static func detectionResult(_ info: Mediforproto_DetectionInfo, file: String) -> [String] {
        let summary = DetectionSummary(info)
        let progress = "(\(summary.finished)/\(summary.total) analytics)"
        var lines = ["\(summary.id)  \(file)  fused \(fused(summary))  \(progress)"]
        lines += analyticRows(summary)
        return lines
    }

    /// What `medifor info` prints.
    package static func detectionInfo(_ info: Mediforproto_DetectionInfo) -> [String] {
        let summary = DetectionSummary(info)
        var rows: [[String]] = [["id", info.id]]
        for resource in info.reqResources {
            rows.append(["media", resource.type.isEmpty ? resource.uri : "\(resource.uri) (\(resource.type))"])
        }
        rows.append(["progress", "\(info.analyticsFinished)/\(info.analyticsTotal) analytics finished"])
        rows.append(["fused", fused(summary)])
        rows.append(["tags", pairs(info.tags)])
        rows.append(["user tags", pairs(info.userTags)])
        rows.append(["meta", pairs(info.meta)])
        var lines = table(rows)
        if !summary.analytics.isEmpty {
            lines.append("analytics")
            lines += analyticRows(summary)
        }
        return lines
    }

    /// What `medifor tags` prints: the detection's tags after the update.
    package static func detectionTags(_ info: Mediforproto_DetectionInfo) -> [String] {
        table([["id", info.id], ["tags", pairs(info.tags)], ["user tags", pairs(info.userTags)]])
    }

    /// What `medifor list` prints: a table, then `total N, …` naming the next page's token.
    ///
    /// - Parameters:
    ///   - detections: the rows of every page fetched.
    ///   - total: the server's `total`.
    ///   - nextPageToken: the token of the page after the last one fetched; empty when there is none.
    package static func detectionList(
        _ detections: [Mediforproto_DetectionInfo], total: Int32, nextPageToken: String
    ) -> [String] {
        var rows = [["ID", "FUSED", "DONE", "TAGS"]]
        for info in detections {
            let summary = DetectionSummary(info)
            // The list's filters match system and user tags as one map in which user tags win; show the same.
            let tags = info.tags.merging(info.userTags) { _, user in user }
            rows.append([
                info.id, summary.fusedScore.map(format(score:)) ?? "-",
                "\(info.analyticsFinished)/\(info.analyticsTotal)", pairs(tags),
            ])
        }
        var lines = detections.isEmpty ? ["no detections"] : table(rows)
        lines.append(
            nextPageToken.isEmpty
                ? "total \(total), no more pages" : "total \(total), next page: --page-token \(nextPageToken)")
        return lines
    }

    /// A message in the proto3 JSON mapping on one line (fields at their default value are omitted).
    package static func json(_ message: some SwiftProtobuf.Message) throws -> String {
        try message.jsonString()
    }
}
