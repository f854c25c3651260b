import Foundation
import Hummingbird
import MediForProto

/// Where a gallery page starts: a workflow page token and how many rows of that page were already shown.
///
/// Sent to the browser as one opaque URL-safe string. The workflow's token stays opaque too: the UI never looks
/// inside it.
struct ListCursor: Sendable, Equatable {
    var token: String
    var skip: Int

    /// The URL form.
    var encoded: String {
        Data("\(skip):\(token)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    init(token: String, skip: Int) {
        self.token = token
        self.skip = skip
    }

    /// Parses the URL form.
    ///
    /// - Throws: `HTTPError(.badRequest)` for anything ``encoded`` cannot have produced.
    init(encoded text: String) throws {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard text.count <= 4096, let data = Data(base64Encoded: base64),
            let decoded = String(data: data, encoding: .utf8), let colon = decoded.firstIndex(of: ":"),
            let skip = Int(decoded[..<colon]), skip >= 0, skip <= 1_000
        else { throw HTTPError(.badRequest, message: "the page parameter is not one this server produced") }
        self.init(token: String(decoded[decoded.index(after: colon)...]), skip: skip)
    }
}

/// One page of detections as the gallery shows it.
struct ListPage: Sendable {
    var detections: [Mediforproto_DetectionInfo]
    /// Where the next page starts; `nil` on the last page.
    var next: ListCursor?
    /// The workflow's count of detections matching the filters it applies.
    var total: Int
    /// Rows read from the workflow to fill this page.
    var scanned: Int
    /// Whether the scan stopped at its limit before filling the page.
    var isTruncated: Bool
}

/// Reads pages of `GetDetectionList`, keeping only rows that pass a filter the workflow cannot apply itself
/// (the gallery's status filter), until a page is full, the list ends, or a row limit is reached.
struct ListScanner {
    let client: WorkflowClient

    /// A page of up to `pageSize` rows passing `keep`, starting at `cursor`.
    ///
    /// - Parameters:
    ///   - request: the list request without page token or size.
    ///   - maxScan: the most rows read from the workflow for this page.
    ///   - keep: `nil` to keep every row (then exactly one workflow call is made).
    /// - Throws: `HTTPError` mapped from the workflow's failure.
    func page(
        _ request: Mediforproto_DetectionListRequest, from cursor: ListCursor?, pageSize: Int, maxScan: Int,
        keep: ((Mediforproto_DetectionInfo) -> Bool)?
    ) async throws -> ListPage {
        var request = request
        var token = cursor?.token ?? ""
        var skip = cursor?.skip ?? 0
        var kept: [Mediforproto_DetectionInfo] = []
        var scanned = 0
        var total = 0
        while true {
            request.pageToken = token
            request.pageSize = Int32(keep == nil ? min(pageSize + skip, 250) : 250)
            let page = try await callingWorkflow {
                try await client.pipeline.getDetectionList(request, options: client.options)
            }
            total = Int(page.total)
            let rows = page.detections
            var index = skip
            while index < rows.count {
                let row = rows[index]
                index += 1
                scanned += 1
                if keep?(row) ?? true { kept.append(row) }
                if kept.count == pageSize {
                    let next: ListCursor?
                    if index < rows.count {
                        next = ListCursor(token: token, skip: index)
                    } else if !page.pageToken.isEmpty, try await hasRows(request, from: page.pageToken) {
                        next = ListCursor(token: page.pageToken, skip: 0)
                    } else {
                        next = nil
                    }
                    return ListPage(detections: kept, next: next, total: total, scanned: scanned, isTruncated: false)
                }
            }
            guard !page.pageToken.isEmpty, page.pageToken != token else {
                return ListPage(detections: kept, next: nil, total: total, scanned: scanned, isTruncated: false)
            }
            token = page.pageToken
            skip = 0
            if scanned >= maxScan {
                return ListPage(
                    detections: kept, next: ListCursor(token: token, skip: 0), total: total, scanned: scanned,
                    isTruncated: true)
            }
        }
    }

    /// Whether the list goes on at `token`. The workflow hands out a token with every full page, so a page that
    /// ends exactly at the last row still has one; a one-row look tells whether "next" leads anywhere.
    private func hasRows(_ request: Mediforproto_DetectionListRequest, from token: String) async throws -> Bool {
        var request = request
        request.pageToken = token
        request.pageSize = 1
        request.verbosity = .detectionVerbosityMinimal
        let page = try await callingWorkflow {
            try await client.pipeline.getDetectionList(request, options: client.options)
        }
        return !page.detections.isEmpty
    }

    /// Every row of a list (following page tokens), passing `keep`, up to `limit` rows read.
    func all(
        _ request: Mediforproto_DetectionListRequest, limit: Int, keep: ((Mediforproto_DetectionInfo) -> Bool)?
    ) async throws -> (detections: [Mediforproto_DetectionInfo], isTruncated: Bool) {
        var cursor: ListCursor?
        var result: [Mediforproto_DetectionInfo] = []
        var scanned = 0
        repeat {
            let page = try await page(
                request, from: cursor, pageSize: 250, maxScan: max(250, limit - scanned), keep: keep)
            result += page.detections
            scanned += page.scanned
            cursor = page.next
            if scanned >= limit { return (result, cursor != nil) }
        } while cursor != nil
        return (result, false)
    }
}
