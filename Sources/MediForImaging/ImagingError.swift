/// Why an image could not be read or written.
///
/// Decoder messages come from libjpeg or libpng (for example "Premature end of JPEG file"); they describe the
/// data, never a path or an address, so they are safe to show a caller.
public enum ImagingError: Error, Hashable, Sendable {
    /// The data ends before the image does. Empty input is truncated too.
    case truncated(String)
    /// The data is damaged, or is not what its signature claims.
    case corrupt(String)
    /// A format, or a variant of one, that this module does not decode (TIFF, WebP, BMP, GIF, 12-bit or
    /// lossless JPEG, unknown bytes).
    case unsupportedFormat(String)
    /// The image's dimensions exceed the ``ImageLimits`` in force; no pixel buffer was allocated.
    case tooLarge(width: Int, height: Int)
    /// A limit other than the dimensions was exceeded, such as the number of progressive JPEG scans.
    case limitExceeded(String)
    /// The caller passed an impossible value: a pixel count that does not match the dimensions, a quality
    /// outside 1...100, a channel count the encoder does not take.
    case invalidArgument(String)
    /// The encoder library failed.
    case encodingFailed(String)
}

extension ImagingError: CustomStringConvertible {
    /// A one-line message naming the kind of failure and the library's text.
    public var description: String {
        switch self {
        case .truncated(let message): "truncated image: \(message)"
        case .corrupt(let message): "corrupt image: \(message)"
        case .unsupportedFormat(let message): "unsupported image format: \(message)"
        case .tooLarge(let width, let height): "image too large: \(width)x\(height)"
        case .limitExceeded(let message): "image limit exceeded: \(message)"
        case .invalidArgument(let message): "invalid argument: \(message)"
        case .encodingFailed(let message): "encoding failed: \(message)"
        }
    }
}
