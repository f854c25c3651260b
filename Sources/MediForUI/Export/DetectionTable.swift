import Foundation
import MediForProto
import SwiftProtobuf

/// Detections as rows of a spreadsheet (CSV) or as JSON, for the list exports.
///
/// CSV columns: id, file name, media type, upload date, state, analytics finished/requested, failures, fused
/// score (of the chosen fuser), tags, MD5, SHA-256, then one score column per analytic of the catalogue (empty
/// when the analytic gave none). Cells are quoted per RFC 4180, and a cell starting with `=`, `+`, `-` or `@` is
/// prefixed with `'` so spreadsheets do not run it as a formula.
enum DetectionTable {
    /// The header line, ending in CRLF.
    static func csvHeader(catalog: UICatalog, fuser: String?) -> String {
        var columns = [
            "id", "file", "media", "uploaded", "state", "finished", "requested", "failed",
            "fused_score" + (fuser.map { "_" + $0 } ?? ""), "tags", "md5", "sha256",
        ]
        columns += catalog.analytics.map { "score_" + $0.id }
        return columns.map(cell).joined(separator: ",") + "\r\n"
    }

    /// One detection's line, ending in CRLF.
    static func csvRow(_ info: Mediforproto_DetectionInfo, catalog: UICatalog) -> String {
        let state = DetectionState(info, expectsFusion: catalog.expectsFusion(info))
        var scores: [String: Double] = [:]
        for entry in info.analyticInfo where entry.detection.status.code == 0 {
            if case .imgManip(let result) = entry.detection.response, result.optOut != .optOutAll,
                result.optOut != .optOutDetection
            {
                scores[entry.analyticID] = result.score
            } else if case .vidManip(let result) = entry.detection.response,
                !result.optOut.contains(.videoOptOutDetection)
            {
                scores[entry.analyticID] = result.score
            }
        }
        let tags = (info.tags.sorted { $0.key < $1.key } + info.userTags.sorted { $0.key < $1.key })
            .map { TagText.format(($0.key, $0.value)) }.joined(separator: "; ")
        var values = [
            info.id, info.displayName, info.mediaKind, info.meta["File:UploadDate"] ?? "", state.phase.rawValue,
            String(state.finished), String(state.total), String(state.failed),
            state.fusedScore.map { String(format: "%.6f", $0) } ?? "", tags, info.meta["Hash:md5"] ?? "",
            info.meta["Hash:sha256"] ?? "",
        ]
        values += catalog.analytics.map { entry in scores[entry.id].map { String(format: "%.6f", $0) } ?? "" }
        return values.map(cell).joined(separator: ",") + "\r\n"
    }

    /// One detection in the proto3 JSON mapping.
    static func json(_ info: Mediforproto_DetectionInfo) -> String {
        (try? info.jsonString()) ?? "{}"
    }

    /// A CSV cell.
    static func cell(_ value: String) -> String {
        var text = value
        if let first = text.first, "=+-@".contains(first), Double(text) == nil { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
