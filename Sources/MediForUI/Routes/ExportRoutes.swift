import Foundation
import HTTPTypes
import Hummingbird
import MediForProto
import NIOCore

extension UIRoutes {
    /// Exports: `GET /export/detections.csv|json?<gallery filters>` (every matching detection, streamed page by
    /// page), `GET /detections/:id/export.json`, `GET /detections/:id/export.zip` (media, masks, supplements,
    /// JSON and a CSV summary) and `GET /detections/:id/report` (a printable page).
    func registerExports(on router: Router<BasicRequestContext>) {
        router.get("/export/detections.csv") { request, _ in try await listExport(request, csv: true) }
        router.get("/export/detections.json") { request, _ in try await listExport(request, csv: false) }
        router.get("/detections/:id/export.json") { request, context -> Response in
            let id = try pathParameter(context, "id")
            let info = try await detection(id, fuser: nil)
            var response = PageRenderer.json(DetectionTable.json(info))
            response.headers[.contentDisposition] = "attachment; filename=\"\(StorageFiles.headerSafe(id)).json\""
            return response
        }
        router.get("/detections/:id/export.zip") { request, context -> Response in
            let id = try pathParameter(context, "id")
            let catalog = try await catalog.catalog()
            let info = try await detection(id, fuser: nil)
            return DetectionArchive(info: info, catalog: catalog, files: files).response()
        }
        router.get("/detections/:id/report") { request, context -> Response in
            let (view, info) = try await detailView(request, context, neighbours: false)
            let report = ReportView(detail: view, info: info, thumb: CardView.thumbnailURL(info, files: files))
            return renderer.page("report", report, title: "Report: \(view.name)", section: .none, bodyClass: "report")
        }
    }

    private func listExport(_ request: Request, csv: Bool) async throws -> Response {
        let query = try GalleryQuery(try FormFields(query: request), defaultPageSize: 250)
        let catalog = try await catalog.catalog()
        let fuser = catalog.chooseFuser(query.fuser)
        let listRequest = query.listRequest(fuser: fuser)
        let keep = query.keeps(catalog: catalog)
        let scanner = self.scanner
        let limit = configuration.maxScanRows
        // The first page is read before answering, so a failing workflow gets a proper error status.
        let first = try await scanner.page(listRequest, from: nil, pageSize: 250, maxScan: limit, keep: keep)
        var headers = PageRenderer.securityHeaders
        let stamp = Formats.nowISO().prefix(19).replacingOccurrences(of: ":", with: "")
        headers[.contentType] = csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"medifor-detections-\(stamp).\(csv ? "csv" : "json")\""
        let body = ResponseBody { writer in
            var page = first
            var scanned = first.scanned
            var count = 0
            try await writer.write(
                ByteBuffer(
                    string: csv
                        ? DetectionTable.csvHeader(catalog: catalog, fuser: fuser)
                        : "{\"fuser\":\(JSONText.string(fuser ?? "").text),\"detections\":["))
            while true {
                var chunk = ""
                for info in page.detections {
                    if csv {
                        chunk += DetectionTable.csvRow(info, catalog: catalog)
                    } else {
                        chunk += (count > 0 ? "," : "") + DetectionTable.json(info)
                    }
                    count += 1
                }
                try await writer.write(ByteBuffer(string: chunk))
                guard let next = page.next, scanned < limit else { break }
                page = try await scanner.page(
                    listRequest, from: next, pageSize: 250, maxScan: limit - scanned, keep: keep)
                scanned += page.scanned
            }
            if !csv {
                let truncated = page.next != nil
                try await writer.write(ByteBuffer(string: "],\"count\":\(count),\"truncated\":\(truncated)}"))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }
}

/// The printable report of one detection.
struct ReportView: Sendable {
    var detail: DetailView
    var thumb: String?
    var generated: String
    var size: String?
    var md5: String?
    var sha256: String?
    var uploaded: String?

    init(detail: DetailView, info: Mediforproto_DetectionInfo, thumb: String?) {
        self.detail = detail
        self.thumb = thumb
        generated = Formats.timestamp(milliseconds: Int64(Date().timeIntervalSince1970 * 1000))
        size = info.meta["File:Size"].flatMap(Int64.init).map(Formats.bytes)
        md5 = info.meta["Hash:md5"] ?? info.id
        sha256 = info.meta["Hash:sha256"]
        uploaded = info.meta["File:UploadDate"]
    }
}
