/// An 8-bit single-channel mask in one row-major buffer: pixel `(x, y)` is `pixels[y * width + x]`.
///
/// The same type holds reference masks (not white = manipulated) and system masks (at most the threshold =
/// manipulated, so 0 is the most certainly manipulated). Decoding images is the caller's job.
public struct MaskPlane: Hashable, Sendable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// Pixels, row-major, exactly `width * height` of them.
    public let pixels: [UInt8]

    /// Wraps pixels.
    /// - Throws: ``EvaluationError/Code/invalidValue`` for negative dimensions or a pixel count that is not
    ///   `width * height`.
    public init(width: Int, height: Int, pixels: [UInt8]) throws(EvaluationError) {
        let (count, overflow) = width.multipliedReportingOverflow(by: height)
        guard width >= 0, height >= 0, !overflow, pixels.count == count else {
            throw .invalidValue("a \(width)x\(height) mask needs \(width)x\(height) pixels, got \(pixels.count)")
        }
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// A mask with every pixel set to `value`; 255 is an all-white (nothing manipulated) mask.
    /// - Throws: ``EvaluationError/Code/invalidValue`` for negative or overflowing dimensions.
    public init(width: Int, height: Int, repeating value: UInt8) throws(EvaluationError) {
        let (count, overflow) = width.multipliedReportingOverflow(by: height)
        guard width >= 0, height >= 0, !overflow else { throw .invalidValue("invalid mask size \(width)x\(height)") }
        try self.init(width: width, height: height, pixels: [UInt8](repeating: value, count: count))
    }

    /// The pixel at `(x, y)`; coordinates are not clamped.
    public subscript(x x: Int, y y: Int) -> UInt8 { pixels[y * width + x] }
}
