internal import CJPEGShim

/// How a colour JPEG stores its chroma.
public enum ChromaSubsampling: Hashable, Sendable {
    /// 4:2:0, libjpeg's default: chroma at half resolution in both directions.
    case subsampled420
    /// 4:4:4: chroma at full resolution.
    case full444
}

/// Encodes an 8-bit grey or RGB image as a baseline (or progressive) JPEG with the standard IJG tables scaled
/// to `quality`, as libjpeg's `jpeg_set_quality` does.
/// - Parameters:
///   - image: grey gives a 1-component JPEG, RGB a YCbCr one.
///   - quality: 1...100.
///   - progressive: use libjpeg's simple progression script.
///   - chroma: chroma subsampling of colour images.
/// - Returns: the JPEG file's bytes.
/// - Throws: ``ImagingError/invalidArgument(_:)`` for a quality outside 1...100 or an image wider or taller
///   than 65500 (JPEG's limit); ``ImagingError/encodingFailed(_:)`` if libjpeg fails.
public func encodeJPEG(
    _ image: PixelImage, quality: Int, progressive: Bool = false, chroma: ChromaSubsampling = .subsampled420
) throws(ImagingError) -> [UInt8] {
    try encodeJPEGSamples(
        image.pixels, width: image.width, height: image.height, components: image.channels, quality: quality,
        progressive: progressive, chroma: chroma)
}

/// Encodes interleaved 8-bit samples: 1 (grey), 3 (RGB) or 4 (CMYK, written as-is with an Adobe marker)
/// components. The CMYK path exists to produce test files.
/// - Throws: ``ImagingError/invalidArgument(_:)`` when the sample count, component count, quality or
///   dimensions are invalid; ``ImagingError/encodingFailed(_:)`` if libjpeg fails.
package func encodeJPEGSamples(
    _ samples: [UInt8], width: Int, height: Int, components: Int, quality: Int, progressive: Bool = false,
    chroma: ChromaSubsampling = .subsampled420
) throws(ImagingError) -> [UInt8] {
    guard (1...100).contains(quality) else { throw .invalidArgument("JPEG quality must be 1...100, got \(quality)") }
    guard [1, 3, 4].contains(components) else { throw .invalidArgument("JPEG takes 1, 3 or 4 components") }
    guard (1...65500).contains(width), (1...65500).contains(height) else {
        throw .invalidArgument("JPEG dimensions must be 1...65500, got \(width)x\(height)")
    }
    guard samples.count == width * height * components else {
        throw .invalidArgument("expected \(width)x\(height)x\(components) samples, got \(samples.count)")
    }
    var report = cjpeg_report()
    var output: UnsafeMutablePointer<UInt8>?
    var size = 0
    let status = samples.withUnsafeBufferPointer { pixels in
        cjpeg_encode(
            pixels.baseAddress, UInt32(width), UInt32(height), Int32(components), Int32(quality),
            progressive ? 1 : 0, chroma == .full444 ? 1 : 0, &output, &size, &report)
    }
    defer { cjpeg_free(output) }
    try JPEGDecoder.check(status, report)
    guard let output else { throw .encodingFailed("libjpeg produced no output") }
    return Array(UnsafeBufferPointer(start: output, count: size))
}
