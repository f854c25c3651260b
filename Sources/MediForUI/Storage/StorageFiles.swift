import Foundation
import HTTPTypes
import Hummingbird
import MediForWorkflow
import NIOCore

/// The storage root as the browser sees it: files under `input/` and `output/` served at `/media/…`, confined to
/// the root.
///
/// A URL path is refused (400) when a component is empty, `.` or `..`, or holds a NUL or a backslash; it is not
/// found (404) when the file is missing, is not a regular file, or resolves (through symbolic links) outside the
/// root or outside `input/` and `output/`. Only images, video, audio, JSON and plain text are shown inline; any
/// other file is sent as a download so that an analytic's HTML or SVG output never runs in the UI's origin.
struct StorageFiles: Sendable {
    let storage: MediaStorage
    let fileIO = FileIO()

    /// The folders the browser may read.
    static let servedFolders = ["input", "output"]

    /// The path below the root of a stored file's absolute path (or `file://` URI), when it lies inside the root.
    func relativePath(ofStored uri: String) -> String? {
        var path = uri
        if path.hasPrefix("file://") { path = String(path.dropFirst("file://".count)) }
        guard path.hasPrefix("/") else { return nil }
        let normalised = URL(fileURLWithPath: path).standardizedFileURL.path
        guard normalised.hasPrefix(storage.root + "/") else { return nil }
        return String(normalised.dropFirst(storage.root.count + 1))
    }

    /// The `/media/…` URL of a stored file, when it lies inside a served folder.
    func mediaURL(ofStored uri: String) -> String? {
        guard let relative = relativePath(ofStored: uri),
            let first = relative.split(separator: "/").first, Self.servedFolders.contains(String(first))
        else { return nil }
        return "/media/" + relative.split(separator: "/").map { FormFields.escape(String($0)) }.joined(separator: "/")
    }

    /// The absolute path a `/media/` URL path (the part after `/media/`, still percent-encoded) names.
    ///
    /// - Throws: `HTTPError(.badRequest)` for traversal or malformed paths, `.notFound` for everything that
    ///   cannot be served.
    func resolve(urlPath: Substring) throws -> String {
        var components: [String] = []
        for raw in urlPath.split(separator: "/", omittingEmptySubsequences: false) {
            guard let component = String(raw).removingPercentEncoding else {
                throw HTTPError(.badRequest, message: "malformed percent escape in the path")
            }
            let parts = component.split(separator: "/", omittingEmptySubsequences: false)
            for part in parts {
                guard !part.isEmpty, part != ".", part != "..", !part.contains("\0"), !part.contains("\\") else {
                    throw HTTPError(.badRequest, message: "the path must name a file below input/ or output/")
                }
                components.append(String(part))
            }
        }
        guard components.count >= 2, Self.servedFolders.contains(components[0]) else {
            throw HTTPError(.notFound, message: "no such file")
        }
        return try confined(storage.root + "/" + components.joined(separator: "/"))
    }

    /// `path` with symbolic links resolved, if it is a regular file inside a served folder of the root.
    ///
    /// - Throws: `HTTPError(.notFound)` otherwise.
    func confined(_ path: String) throws -> String {
        let resolved: String
        do {
            resolved = try storage.resolve(path)
        } catch {
            throw HTTPError(.notFound, message: "no such file")
        }
        let inServedFolder = Self.servedFolders.contains { resolved.hasPrefix(storage.root + "/" + $0 + "/") }
        var isDirectory: ObjCBool = false
        guard inServedFolder, FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory),
            !isDirectory.boolValue
        else { throw HTTPError(.notFound, message: "no such file") }
        return resolved
    }

    /// Serves a confined file: content type from the extension, `ETag`/`Last-Modified` with 304 answers, and single
    /// byte ranges (for video seeking).
    ///
    /// - Parameters:
    ///   - immutable: the file's content never changes under this name (content-addressed input): cache for a year.
    ///   - downloadName: send as an attachment with this name.
    func serve(
        _ path: String, request: Request, context: some RequestContext, immutable: Bool, downloadName: String? = nil
    ) async throws -> Response {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard let size = (attributes?[.size] as? NSNumber)?.intValue,
            (attributes?[.type] as? FileAttributeType) == .typeRegular
        else { throw HTTPError(.notFound, message: "no such file") }
        let modified = (attributes?[.modificationDate] as? Date) ?? Date(timeIntervalSince1970: 0)
        let etag = "\"\(String(size, radix: 16))-\(String(Int(modified.timeIntervalSince1970 * 1000), radix: 16))\""
        var headers: HTTPFields = [
            .eTag: etag,
            .lastModified: Self.httpDate(modified),
            .acceptRanges: "bytes",
            .cacheControl: immutable ? "public, max-age=31536000, immutable" : "public, max-age=3600",
            .contentSecurityPolicy: "sandbox; default-src 'none'; img-src 'self'; media-src 'self'",
            HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        ]
        let name = URL(fileURLWithPath: path).lastPathComponent
        let type = Self.contentType(ofExtension: URL(fileURLWithPath: path).pathExtension)
        if let type, downloadName == nil {
            headers[.contentType] = type
        } else {
            headers[.contentType] = type ?? "application/octet-stream"
            headers[.contentDisposition] = "attachment; filename=\"\(Self.headerSafe(downloadName ?? name))\""
        }
        if let match = request.headers[.ifNoneMatch], match == etag {
            return Response(status: .notModified, headers: headers)
        }
        if let rangeHeader = request.headers[.range], size > 0 {
            guard let range = Self.byteRange(rangeHeader, size: size) else {
                headers[.contentRange] = "bytes */\(size)"
                return Response(status: .rangeNotSatisfiable, headers: headers)
            }
            headers[.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound)/\(size)"
            headers[.contentLength] = String(range.count)
            let body = try await fileIO.loadFile(path: path, range: range, context: context)
            return Response(status: .partialContent, headers: headers, body: body)
        }
        headers[.contentLength] = String(size)
        let body = try await fileIO.loadFile(path: path, context: context)
        return Response(status: .ok, headers: headers, body: body)
    }

    /// The MIME type of a file extension, for the types shown inline; `nil` for everything else.
    static func contentType(ofExtension ext: String) -> String? {
        switch ext.lowercased() {
        case "jpg", "jpeg", "jpe": "image/jpeg"
        case "png": "image/png"
        case "gif": "image/gif"
        case "webp": "image/webp"
        case "bmp": "image/bmp"
        case "mp4", "m4v": "video/mp4"
        case "webm": "video/webm"
        case "mov": "video/quicktime"
        case "ogv": "video/ogg"
        case "mp3": "audio/mpeg"
        case "wav": "audio/wav"
        case "json": "application/json"
        case "txt", "log": "text/plain; charset=utf-8"
        case "csv": "text/csv; charset=utf-8"
        default: nil
        }
    }

    /// `bytes=a-b`, `bytes=a-` or `bytes=-n` within a file of `size` bytes; `nil` when unsatisfiable or malformed.
    static func byteRange(_ header: String, size: Int) -> ClosedRange<Int>? {
        guard header.hasPrefix("bytes="), !header.contains(",") else { return nil }
        let spec = header.dropFirst("bytes=".count)
        let parts = spec.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        if parts[0].isEmpty {
            guard let suffix = Int(parts[1]), suffix > 0 else { return nil }
            return max(0, size - suffix)...(size - 1)
        }
        guard let start = Int(parts[0]), start >= 0, start < size else { return nil }
        if parts[1].isEmpty { return start...(size - 1) }
        guard let end = Int(parts[1]), end >= start else { return nil }
        return start...min(end, size - 1)
    }

    /// An HTTP date (RFC 9110): `Sun, 06 Nov 1994 08:49:37 GMT`.
    static func httpDate(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "GMT") ?? .current
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let day = days[((c.weekday ?? 1) - 1 + 7) % 7]
        let month = months[((c.month ?? 1) - 1 + 12) % 12]
        return String(
            format: "%@, %02d %@ %04d %02d:%02d:%02d GMT", day, c.day ?? 1, month, c.year ?? 1970, c.hour ?? 0,
            c.minute ?? 0, c.second ?? 0)
    }

    /// A file name safe inside a quoted header value.
    static func headerSafe(_ name: String) -> String {
        String(
            name.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\" ? Character($0) : "_" }
        )
    }
}
