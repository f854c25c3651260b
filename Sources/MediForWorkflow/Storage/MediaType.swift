/// What kind of media a file is, as far as the workflow is concerned: which analytics apply to it.
public enum MediaKind: String, Sendable, Hashable, CaseIterable {
    case image
    case video
    case other
}

/// A MIME type and the media kind it implies, found from a file's first bytes, or its extension when the bytes are
/// not recognised.
public struct MediaType: Sendable, Hashable, CustomStringConvertible {
    /// The MIME type, e.g. `image/jpeg`.
    public var mimeType: String
    /// The usual file extension for the type, without the dot (used to name stored files).
    public var fileExtension: String

    /// Creates a media type.
    public init(mimeType: String, fileExtension: String) {
        self.mimeType = mimeType
        self.fileExtension = fileExtension
    }

    /// `image`, `video` or `other`, from the MIME type's major part.
    public var kind: MediaKind { Self.kind(ofMIME: mimeType) }

    public var description: String { mimeType }

    /// The kind a MIME type names (`image/…` or `video/…`).
    public static func kind(ofMIME mime: String) -> MediaKind {
        let major = mime.split(separator: "/").first.map { $0.lowercased() } ?? ""
        switch major {
        case "image": return .image
        case "video": return .video
        default: return .other
        }
    }

    /// Identifies a file from its leading bytes (at least the first 16 should be given), falling back to the
    /// extension, then to `application/octet-stream`.
    public static func identify(prefix: [UInt8], fileExtension: String) -> MediaType {
        sniff(prefix) ?? byExtension[fileExtension.lowercased()]
            ?? MediaType(mimeType: "application/octet-stream", fileExtension: fileExtension.lowercased().isEmpty
                ? "bin" : fileExtension.lowercased())
    }

    /// The type for a file extension, if it is a known image or video extension.
    public static func forExtension(_ fileExtension: String) -> MediaType? { byExtension[fileExtension.lowercased()] }

    private static func sniff(_ bytes: [UInt8]) -> MediaType? {
        func starts(_ magic: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + magic.count && Array(bytes[offset..<offset + magic.count]) == magic
        }
        if starts([0xFF, 0xD8, 0xFF]) { return MediaType(mimeType: "image/jpeg", fileExtension: "jpg") }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            return MediaType(mimeType: "image/png", fileExtension: "png")
        }
        if starts(Array("GIF8".utf8)) { return MediaType(mimeType: "image/gif", fileExtension: "gif") }
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) {
            return MediaType(mimeType: "image/tiff", fileExtension: "tif")
        }
        if starts(Array("BM".utf8)) && bytes.count >= 14 { return MediaType(mimeType: "image/bmp", fileExtension: "bmp") }
        if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) {
            return MediaType(mimeType: "image/webp", fileExtension: "webp")
        }
        if starts(Array("RIFF".utf8)) && starts(Array("AVI ".utf8), at: 8) {
            return MediaType(mimeType: "video/x-msvideo", fileExtension: "avi")
        }
        if starts(Array("ftyp".utf8), at: 4) {
            let brand = bytes.count >= 12 ? String(decoding: bytes[8..<12], as: UTF8.self) : ""
            if brand.hasPrefix("qt") { return MediaType(mimeType: "video/quicktime", fileExtension: "mov") }
            if brand.hasPrefix("heic") || brand.hasPrefix("heix") || brand.hasPrefix("mif1") {
                return MediaType(mimeType: "image/heic", fileExtension: "heic")
            }
            return MediaType(mimeType: "video/mp4", fileExtension: "mp4")
        }
        if starts([0x1A, 0x45, 0xDF, 0xA3]) { return MediaType(mimeType: "video/x-matroska", fileExtension: "mkv") }
        if starts([0x00, 0x00, 0x01, 0xBA]) { return MediaType(mimeType: "video/mpeg", fileExtension: "mpg") }
        return nil
    }

    private static let byExtension: [String: MediaType] = {
        let table: [(String, String)] = [
            ("jpg", "image/jpeg"), ("jpeg", "image/jpeg"), ("jpe", "image/jpeg"), ("png", "image/png"),
            ("gif", "image/gif"), ("bmp", "image/bmp"), ("tif", "image/tiff"), ("tiff", "image/tiff"),
            ("webp", "image/webp"), ("heic", "image/heic"), ("dng", "image/x-adobe-dng"), ("nef", "image/x-nikon-nef"),
            ("cr2", "image/x-canon-cr2"), ("arw", "image/x-sony-arw"), ("mp4", "video/mp4"), ("m4v", "video/mp4"),
            ("mov", "video/quicktime"), ("avi", "video/x-msvideo"), ("mkv", "video/x-matroska"),
            ("webm", "video/webm"), ("mpg", "video/mpeg"), ("mpeg", "video/mpeg"), ("mts", "video/mp2t"),
            ("ts", "video/mp2t"), ("3gp", "video/3gpp"), ("wmv", "video/x-ms-wmv"), ("flv", "video/x-flv"),
        ]
        var result: [String: MediaType] = [:]
        for (ext, mime) in table { result[ext] = MediaType(mimeType: mime, fileExtension: ext) }
        return result
    }()
}
