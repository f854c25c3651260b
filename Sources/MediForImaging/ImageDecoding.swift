// # MediForImaging
//
// Images for the forensic analytics: format sniffing, JPEG and PNG decoding into contiguous 8-bit buffers
// (``PixelImage``) and float planes (``GrayImage``), raw JPEG DCT coefficients (``JPEGCoefficients``), JPEG
// encoding, and PNG output for masks. libjpeg-turbo and libpng are reached through the `CJPEGShim` and
// `CPNGShim` C targets, which catch every library error in C; no C type appears in this module's API.
//
// Every decoder reads the header first and checks it against ``ImageLimits`` before it sizes a buffer.
// This target knows nothing about queues, storage or gRPC, and does no file IO: bytes in, values out.

/// An image decoded from data that the decoder had to repair.
public struct DecodedImage: Hashable, Sendable {
    /// The pixels. Where data was missing, libjpeg fills the rest of the image with mid-grey.
    public var image: PixelImage
    /// How many warnings the decoder raised while repairing the data; 0 for intact data.
    public var warningCount: Int
    /// The first warning, such as "Premature end of JPEG file"; nil for intact data.
    public var firstWarning: String?

    /// Whether the decoder had to repair the data.
    public var isRepaired: Bool { warningCount > 0 }
}

/// Decodes a JPEG or PNG into 8-bit grey or RGB, refusing damaged data.
///
/// Grey files give 1 channel; colour files give 3 (YCbCr, RGB, palette; CMYK and YCCK JPEGs are converted to
/// RGB; alpha is dropped; 16-bit PNG samples are scaled to 8 bits). Damage that libjpeg could paper over — a
/// file cut short, corrupt entropy-coded data — is an error here; use
/// ``decodeImageRepairingDamage(data:limits:)`` to get the repaired image and the warning instead.
/// - Throws: ``ImagingError/truncated(_:)`` for empty or cut-short data, ``ImagingError/corrupt(_:)``,
///   ``ImagingError/unsupportedFormat(_:)`` for TIFF, WebP, BMP, GIF and unknown data,
///   ``ImagingError/tooLarge(width:height:)`` before allocating when the header exceeds `limits`.
public func decodeImage(data: [UInt8], limits: ImageLimits = .default) throws(ImagingError) -> PixelImage {
    switch try decodableFormat(of: data) {
    case .png: try decodePNG(data: data, limits: limits)
    default: try JPEGDecoder.decode(data, limits: limits, failOnWarning: true).image
    }
}

/// Decodes a JPEG or PNG, accepting JPEG data that libjpeg can repair, and reports the repair.
///
/// A JPEG cut short decodes with the missing part filled mid-grey and a warning ("Premature end of JPEG
/// file"); corrupt entropy data decodes as well as libjpeg can resynchronise. PNG has no repair: it fails as in
/// ``decodeImage(data:limits:)``.
/// - Throws: as ``decodeImage(data:limits:)``, for damage that cannot be repaired (for example a header cut
///   short).
public func decodeImageRepairingDamage(data: [UInt8], limits: ImageLimits = .default) throws(ImagingError)
    -> DecodedImage
{
    switch try decodableFormat(of: data) {
    case .png: DecodedImage(image: try decodePNG(data: data, limits: limits), warningCount: 0, firstWarning: nil)
    default: try JPEGDecoder.decode(data, limits: limits, failOnWarning: false)
    }
}

/// Reads the header of a JPEG or PNG without decoding pixels.
/// - Throws: as ``decodeImage(data:limits:)``; ``ImagingError/tooLarge(width:height:)`` when the header
///   exceeds `limits`.
public func readImageInfo(data: [UInt8], limits: ImageLimits = .default) throws(ImagingError) -> ImageInfo {
    switch try decodableFormat(of: data) {
    case .png: try PNGDecoder.readHeader(data, limits: limits).info
    default: try JPEGDecoder.readHeader(data, limits: limits).info
    }
}

/// Decodes a JPEG into 8-bit grey or RGB, refusing damaged data (see ``decodeImage(data:limits:)``).
/// - Throws: as ``decodeImage(data:limits:)``; ``ImagingError/unsupportedFormat(_:)`` when `data` is not a JPEG.
public func decodeJPEG(data: [UInt8], limits: ImageLimits = .default) throws(ImagingError) -> PixelImage {
    guard try decodableFormat(of: data) == .jpeg else { throw .unsupportedFormat("not a JPEG") }
    return try JPEGDecoder.decode(data, limits: limits, failOnWarning: true).image
}

/// The format of `data` when this module decodes it.
func decodableFormat(of data: [UInt8]) throws(ImagingError) -> ImageFormat {
    guard !data.isEmpty else { throw .truncated("input is empty") }
    let format = ImageFormat(sniffing: data)
    switch format {
    case .jpeg, .png: return format
    case .unknown: throw .unsupportedFormat("unrecognised image data")
    case .tiff, .webp, .bmp, .gif: throw .unsupportedFormat("\(format.displayName) is not supported")
    }
}
