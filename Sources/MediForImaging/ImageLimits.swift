/// Bounds a decoder checks against the header before it sizes any buffer.
///
/// A file whose header claims more than these limits fails with ``ImagingError/tooLarge(width:height:)``
/// before a pixel or coefficient buffer exists, so a 20-byte file claiming 65535x65535 costs nothing.
public struct ImageLimits: Hashable, Sendable {
    /// The widest image accepted, in pixels.
    public var maxWidth: Int
    /// The tallest image accepted, in pixels.
    public var maxHeight: Int
    /// The largest width x height accepted.
    public var maxPixels: Int
    /// The most scans a (progressive) JPEG may have; bounds the work a file of tiny scans can cause. 0 turns
    /// the check off.
    public var maxScans: Int

    /// Creates limits; the defaults accept 20000x20000 sides, 100 megapixels and 500 JPEG scans.
    public init(maxWidth: Int = 20_000, maxHeight: Int = 20_000, maxPixels: Int = 100_000_000, maxScans: Int = 500) {
        self.maxWidth = maxWidth
        self.maxHeight = maxHeight
        self.maxPixels = maxPixels
        self.maxScans = maxScans
    }

    /// 20000x20000 sides, 100 megapixels, 500 scans.
    public static let `default` = ImageLimits()

    /// Whether an image of this size may be decoded.
    public func permits(width: Int, height: Int) -> Bool {
        guard width > 0, height > 0, width <= maxWidth, height <= maxHeight else { return false }
        let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
        return !overflow && pixels <= maxPixels
    }

    /// Throws ``ImagingError/tooLarge(width:height:)`` unless an image of this size may be decoded.
    public func check(width: Int, height: Int) throws(ImagingError) {
        guard width > 0, height > 0 else {
            throw .invalidArgument("image dimensions must be positive, got \(width)x\(height)")
        }
        guard permits(width: width, height: height) else { throw .tooLarge(width: width, height: height) }
    }
}
