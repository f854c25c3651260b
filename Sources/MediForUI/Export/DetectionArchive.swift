import Foundation
import HTTPTypes
import Hummingbird
import MediForProto
import NIOCore
import MediForWorkflow

/// The ZIP export of one detection:
///
///     README.txt                   what the archive holds, and any file left out
///     detection.json               the DetectionInfo (proto3 JSON), every analytic and fusion result
///     summary.csv                  one row per analytic and per fuser: score, status, time, explanation
///     media/<file name>            the probe as stored
///     masks/<analytic id>.png      each analytic's mask
///     supplements/<analytic id>/…  each analytic's supplementary files
///
/// Only files inside the storage root's served folders are included; anything else is listed in the README.
struct DetectionArchive {
    let info: Mediforproto_DetectionInfo
    let catalog: UICatalog
    let files: StorageFiles

    /// A streamed `application/zip` response.
    func response() -> Response {
        var headers = PageRenderer.securityHeaders
        headers[.contentType] = "application/zip"
        let name = StorageFiles.headerSafe("medifor-" + String(info.id.prefix(40)) + ".zip")
        headers[.contentDisposition] = "attachment; filename=\"\(name)\""
        let info = self.info
        let entries = fileEntries()
        let summary = summaryCSV()
        let body = ResponseBody { writer in
            let sink = WriterBox(writer)
            var zip = ZipWriter { chunk in try await sink.write(ByteBuffer(bytes: chunk)) }
            try await zip.add(name: "detection.json", bytes: Array(DetectionTable.json(info).utf8))
            try await zip.add(name: "summary.csv", bytes: Array(summary.utf8))
            var skipped: [String] = []
            for entry in entries {
                guard let path = try? files.confined(entry.source) else {
                    skipped.append("\(entry.name): not readable inside the storage root")
                    continue
                }
                do {
                    try await zip.add(name: entry.name, file: path)
                } catch let failure as ZipWriter.Failure {
                    skipped.append(failure.message)
                }
            }
            try await zip.add(name: "README.txt", bytes: Array(readme(skipped: skipped).utf8))
            try await zip.finish()
            try await sink.finish()
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    private struct FileEntry {
        var name: String
        var source: String
    }

    private func fileEntries() -> [FileEntry] {
        var entries: [FileEntry] = []
        if let probe = info.reqResources.first?.uri {
            entries.append(FileEntry(name: "media/" + Self.safeName(info.displayName), source: probe))
        }
        for entry in info.analyticInfo {
            guard case .imgManip(let result) = entry.detection.response else { continue }
            let folder = Self.safeName(entry.analyticID)
            if result.hasLocalization && !result.localization.mask.uri.isEmpty {
                let ext = URL(fileURLWithPath: result.localization.mask.uri).pathExtension
                entries.append(
                    FileEntry(
                        name: "masks/\(folder).\(ext.isEmpty ? "png" : ext)", source: result.localization.mask.uri))
            }
            for supplement in result.supplement {
                let file = Self.safeName(URL(fileURLWithPath: supplement.uri).lastPathComponent)
                entries.append(FileEntry(name: "supplements/\(folder)/\(file)", source: supplement.uri))
            }
        }
        return entries
    }

    private func summaryCSV() -> String {
        var text = "kind,id,name,score,status,milliseconds,explanation\r\n"
        for entry in info.analyticInfo {
            let row = AnalyticRow(entry, catalog: catalog, files: files)
            let detection = entry.detection
            let time =
                detection.endTimeMillis >= detection.startTimeMillis && detection.startTimeMillis > 0
                ? String(detection.endTimeMillis - detection.startTimeMillis) : ""
            text +=
                [
                    "analytic", row.id, row.name, row.sortValue >= 0 ? String(format: "%.6f", row.sortValue) : "",
                    row.status, time, row.error ?? row.explanation ?? "",
                ].map(DetectionTable.cell).joined(separator: ",") + "\r\n"
        }
        for entry in info.fusionInfo {
            let row = FusionRow(entry, catalog: catalog, selected: false)
            let score = entry.fusion.fusedScore.map { String(format: "%.6f", $0) } ?? ""
            text +=
                ["fuser", row.fuserID, row.name, score, row.status, "", row.explanation ?? ""]
                .map(DetectionTable.cell).joined(separator: ",") + "\r\n"
        }
        return text
    }

    private func readme(skipped: [String]) -> String {
        var text = """
            MediFor export of detection \(info.id) (\(info.displayName)), made \(Formats.nowISO()).

            detection.json   every analytic and fusion result (proto3 JSON of mediforproto.DetectionInfo)
            summary.csv      one row per analytic and fuser
            media/           the probe as stored
            masks/           analytic masks: 8-bit grey PNG, 0 (black) = manipulated, 255 = untouched
            supplements/     further files the analytics wrote

            """
        if !skipped.isEmpty { text += "Left out:\n" + skipped.map { "  " + $0 }.joined(separator: "\n") + "\n" }
        return text
    }

    /// A name usable as one archive path component.
    static func safeName(_ name: String) -> String {
        let cleaned = String(
            name.unicodeScalars.map { scalar -> Character in
                scalar.value < 0x20 || "/\\:*?\"<>|".unicodeScalars.contains(scalar) ? "_" : Character(scalar)
            })
        let trimmed = cleaned.trimmingCharacters(in: CharacterSet(charactersIn: ". "))
        return trimmed.isEmpty ? "file" : String(trimmed.prefix(200))
    }
}

/// Lets a `@Sendable` body closure hand chunks to the response writer it owns.
final class WriterBox {
    private var writer: any ResponseBodyWriter

    init(_ writer: any ResponseBodyWriter) { self.writer = writer }

    func write(_ buffer: ByteBuffer) async throws { try await writer.write(buffer) }
    func finish() async throws { try await writer.finish(nil) }
}
