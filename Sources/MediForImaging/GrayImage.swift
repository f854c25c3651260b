/// A single-channel plane of `Float` samples in one row-major buffer: the working type of numeric kernels.
///
/// Sample `(x, y)` is at `pixels[y * width + x]`. Planes made from 8-bit images keep the 0...255 scale.
public struct GrayImage: Hashable, Sendable {
    /// Width in samples.
    public let width: Int
    /// Height in samples.
    public let height: Int
    /// Samples, row-major, exactly `width * height` of them.
    public private(set) var pixels: [Float]

    /// Wraps existing samples.
    /// - Throws: ``ImagingError/invalidArgument(_:)`` when the dimensions are not positive or
    ///   `pixels.count` is not `width * height`.
    public init(width: Int, height: Int, pixels: [Float]) throws(ImagingError) {
        let (count, overflow) = width.multipliedReportingOverflow(by: height)
        guard width > 0, height > 0, !overflow, pixels.count == count else {
            throw .invalidArgument("expected \(width)x\(height) samples, got \(pixels.count)")
        }
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// Creates a plane with every sample set to `value`.
    /// - Throws: ``ImagingError/invalidArgument(_:)`` for non-positive dimensions.
    public init(width: Int, height: Int, repeating value: Float) throws(ImagingError) {
        let (count, overflow) = width.multipliedReportingOverflow(by: height)
        guard width > 0, height > 0, !overflow else { throw .invalidArgument("invalid plane \(width)x\(height)") }
        try self.init(width: width, height: height, pixels: [Float](repeating: value, count: count))
    }

    /// The luma plane of `image`: ITU-R BT.601 weights (the Y of JPEG's YCbCr), 0...255. A grey image's
    /// samples are copied unchanged.
    public init(luminanceOf image: PixelImage) {
        let count = image.width * image.height
        let samples = [Float](unsafeUninitializedCapacity: count) { plane, initialized in
            image.pixels.withUnsafeBufferPointer { source in
                if image.channels == 1 {
                    for i in 0..<count { plane[i] = Float(source[i]) }
                } else {
                    for i in 0..<count {
                        let r = Float(source[3 * i])
                        let g = Float(source[3 * i + 1])
                        let b = Float(source[3 * i + 2])
                        plane[i] = 0.299 * r + 0.587 * g + 0.114 * b
                    }
                }
            }
            initialized = count
        }
        self.width = image.width
        self.height = image.height
        self.pixels = samples
    }

    /// One channel of `image` as a plane, 0...255.
    /// - Throws: ``ImagingError/invalidArgument(_:)`` when `channel` is not below `image.channels`.
    public init(channel: Int, of image: PixelImage) throws(ImagingError) {
        guard channel >= 0, channel < image.channels else {
            throw .invalidArgument("channel \(channel) of a \(image.channels)-channel image")
        }
        let count = image.width * image.height
        let stride = image.channels
        let samples = [Float](unsafeUninitializedCapacity: count) { plane, initialized in
            image.pixels.withUnsafeBufferPointer { source in
                for i in 0..<count { plane[i] = Float(source[i * stride + channel]) }
            }
            initialized = count
        }
        self.width = image.width
        self.height = image.height
        self.pixels = samples
    }

    /// The sample at `(x, y)`. Coordinates are not clamped.
    public subscript(x: Int, y: Int) -> Float {
        get { pixels[y * width + x] }
        set { pixels[y * width + x] = newValue }
    }

    /// Runs `body` over the samples for writing, without copying when the buffer is uniquely owned.
    public mutating func withUnsafeMutableSamples<R, E: Error>(
        _ body: (inout UnsafeMutableBufferPointer<Float>) throws(E) -> R
    ) throws(E) -> R {
        try pixels.withUnsafeMutableBufferPointer { (buffer) throws(E) -> R in try body(&buffer) }
    }

    /// The plane as an 8-bit grey image: samples rounded to the nearest integer and clamped to 0...255
    /// (NaN becomes 0).
    public func quantized() -> PixelImage {
        let count = pixels.count
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { target, initialized in
            pixels.withUnsafeBufferPointer { source in
                for i in 0..<count {
                    let value = source[i].rounded()
                    target[i] = value >= 255 ? 255 : (value > 0 ? UInt8(value) : 0)
                }
            }
            initialized = count
        }
        return PixelImage(validatedWidth: width, height: height, channels: 1, pixels: bytes)
    }
}
