/// A container format recognised from the first bytes of a file.
///
/// Only ``jpeg`` and ``png`` decode. The others are recognised so that a caller gets a precise
/// ``ImagingError/unsupportedFormat(_:)`` ("TIFF is not supported") instead of a generic failure.
public enum ImageFormat: String, Hashable, Sendable, CaseIterable {
    /// JPEG (JFIF, Exif or bare): `FF D8 FF`.
    case jpeg
    /// PNG: the 8-byte PNG signature.
    case png
    /// Recognised, not decoded: decoding throws ``ImagingError/unsupportedFormat(_:)``.
    case tiff
    /// Recognised, not decoded: decoding throws ``ImagingError/unsupportedFormat(_:)``.
    case webp
    /// Recognised, not decoded: decoding throws ``ImagingError/unsupportedFormat(_:)``.
    case bmp
    /// Recognised, not decoded: decoding throws ``ImagingError/unsupportedFormat(_:)``.
    case gif
    /// No known signature.
    case unknown

    /// Recognises a format from its magic bytes; reads at most the first 12 bytes.
    public init(sniffing data: [UInt8]) {
        self = Self.sniff(data[...])
    }

    /// Whether this module decodes the format.
    public var isDecodable: Bool {
        self == .jpeg || self == .png
    }

    /// The name used in messages ("JPEG", "TIFF").
    public var displayName: String {
        switch self {
        case .jpeg: "JPEG"
        case .png: "PNG"
        case .tiff: "TIFF"
        case .webp: "WebP"
        case .bmp: "BMP"
        case .gif: "GIF"
        case .unknown: "unknown"
        }
    }

    private static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    private static func sniff(_ data: ArraySlice<UInt8>) -> ImageFormat {
        func starts(with prefix: [UInt8], at offset: Int = 0) -> Bool {
            data.count >= offset + prefix.count && data.dropFirst(offset).starts(with: prefix)
        }
        if starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts(with: pngSignature) { return .png }
        // Classic TIFF (42) and BigTIFF (43), either byte order.
        if starts(with: [0x49, 0x49, 0x2A, 0x00]) || starts(with: [0x4D, 0x4D, 0x00, 0x2A])
            || starts(with: [0x49, 0x49, 0x2B, 0x00]) || starts(with: [0x4D, 0x4D, 0x00, 0x2B])
        {
            return .tiff
        }
        if starts(with: Array("RIFF".utf8)) && starts(with: Array("WEBP".utf8), at: 8) { return .webp }
        if starts(with: Array("GIF87a".utf8)) || starts(with: Array("GIF89a".utf8)) { return .gif }
        if starts(with: Array("BM".utf8)) { return .bmp }
        return .unknown
    }
}
