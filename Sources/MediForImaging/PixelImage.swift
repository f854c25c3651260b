/// An 8-bit image: grey (1 channel) or RGB (3 channels), samples interleaved in one row-major buffer.
///
/// Pixel `(x, y)` channel `c` is at `pixels[(y * width + x) * channels + c]`; rows are packed (stride
/// `width * channels`). The buffer always holds exactly `width * height * channels` samples.
public struct PixelImage: Hashable, Sendable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// 1 (grey) or 3 (RGB).
    public let channels: Int
    /// Interleaved samples, row-major.
    public private(set) var pixels: [UInt8]

    /// Wraps existing samples.
    /// - Throws: ``ImagingError/invalidArgument(_:)`` when the dimensions are not positive, `channels` is not
    ///   1 or 3, or `pixels.count` is not `width * height * channels`.
    public init(width: Int, height: Int, channels: Int, pixels: [UInt8]) throws(ImagingError) {
        guard width > 0, height > 0 else { throw .invalidArgument("dimensions must be positive") }
        guard channels == 1 || channels == 3 else { throw .invalidArgument("channels must be 1 or 3") }
        let (rowCount, rowOverflow) = width.multipliedReportingOverflow(by: channels)
        let (count, overflow) = rowCount.multipliedReportingOverflow(by: height)
        guard !rowOverflow, !overflow, pixels.count == count else {
            throw .invalidArgument("expected \(width)x\(height)x\(channels) samples, got \(pixels.count)")
        }
        self.init(validatedWidth: width, height: height, channels: channels, pixels: pixels)
    }

    /// Creates an image with every sample set to `value`.
    /// - Throws: ``ImagingError/invalidArgument(_:)`` for non-positive dimensions or a channel count other
    ///   than 1 or 3.
    public init(width: Int, height: Int, channels: Int, repeating value: UInt8) throws(ImagingError) {
        guard width > 0, height > 0, channels == 1 || channels == 3 else {
            throw .invalidArgument("invalid image shape \(width)x\(height)x\(channels)")
        }
        let (count, overflow) = width.multipliedReportingOverflow(by: height * channels)
        guard !overflow else { throw .invalidArgument("image shape overflows") }
        self.init(
            validatedWidth: width, height: height, channels: channels, pixels: [UInt8](repeating: value, count: count))
    }

    /// For decoders that sized `pixels` themselves.
    init(validatedWidth width: Int, height: Int, channels: Int, pixels: [UInt8]) {
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }

    /// Samples per row.
    public var rowStride: Int { width * channels }

    /// Whether the image has one channel.
    public var isGray: Bool { channels == 1 }

    /// The sample of channel `channel` at `(x, y)`. Coordinates are not clamped.
    public subscript(x: Int, y: Int, channel: Int = 0) -> UInt8 {
        get { pixels[(y * width + x) * channels + channel] }
        set { pixels[(y * width + x) * channels + channel] = newValue }
    }

    /// Runs `body` over the samples for writing, without copying when the buffer is uniquely owned.
    public mutating func withUnsafeMutableSamples<R, E: Error>(
        _ body: (inout UnsafeMutableBufferPointer<UInt8>) throws(E) -> R
    ) throws(E) -> R {
        try pixels.withUnsafeMutableBufferPointer { (buffer) throws(E) -> R in try body(&buffer) }
    }

    /// A grey copy (BT.601 luma, rounded); returns `self` when already grey.
    public func grayscale() -> PixelImage {
        isGray ? self : GrayImage(luminanceOf: self).quantized()
    }
}
