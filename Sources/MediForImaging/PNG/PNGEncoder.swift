internal import CPNGShim

/// PNG colour types, numbered as in the PNG specification.
package enum PNGColorType: Int32, Sendable {
    case gray = 0
    case rgb = 2
    case palette = 3
    case grayAlpha = 4
    case rgba = 6

    /// Samples per pixel.
    package var channels: Int {
        switch self {
        case .gray, .palette: 1
        case .grayAlpha: 2
        case .rgb: 3
        case .rgba: 4
        }
    }
}

/// Encodes an 8-bit grey or RGB image as a non-interlaced PNG.
/// - Returns: the PNG file's bytes.
/// - Throws: ``ImagingError/encodingFailed(_:)`` if libpng fails.
public func encodePNG(_ image: PixelImage) throws(ImagingError) -> [UInt8] {
    try encodePNGSamples(
        image.pixels, width: image.width, height: image.height, colorType: image.isGray ? .gray : .rgb, bitDepth: 8)
}

/// Encodes an 8-bit grey mask (one byte per pixel, row-major) as a PNG, the format analytics write their
/// localisation masks in. The values are written as given.
/// - Throws: ``ImagingError/invalidArgument(_:)`` when `pixels.count` is not `width * height` or a dimension is
///   not positive; ``ImagingError/encodingFailed(_:)`` if libpng fails.
public func encodePNGMask(width: Int, height: Int, pixels: [UInt8]) throws(ImagingError) -> [UInt8] {
    try encodePNGSamples(pixels, width: width, height: height, colorType: .gray, bitDepth: 8)
}

/// Encodes raw PNG samples of any colour type, at 8 or 16 bits (16-bit samples big-endian, as PNG stores
/// them), optionally Adam7-interlaced. `palette` holds RGB triples and is used only for `.palette`. The
/// general path exists to produce test files.
/// - Throws: ``ImagingError/invalidArgument(_:)`` when the sample count, bit depth or palette do not fit;
///   ``ImagingError/encodingFailed(_:)`` if libpng fails.
package func encodePNGSamples(
    _ samples: [UInt8], width: Int, height: Int, colorType: PNGColorType, bitDepth: Int, palette: [UInt8] = [],
    interlaced: Bool = false
) throws(ImagingError) -> [UInt8] {
    guard width > 0, height > 0, width <= Int(Int32.max), height <= Int(Int32.max) else {
        throw .invalidArgument("PNG dimensions must be positive, got \(width)x\(height)")
    }
    guard bitDepth == 8 || (bitDepth == 16 && colorType != .palette) else {
        throw .invalidArgument("unsupported PNG bit depth \(bitDepth) for \(colorType)")
    }
    let (count, overflow) = width.multipliedReportingOverflow(by: height * colorType.channels * bitDepth / 8)
    guard !overflow, samples.count == count else {
        throw .invalidArgument("expected \(count) PNG sample bytes, got \(samples.count)")
    }
    let entries = palette.count / 3
    if colorType == .palette {
        guard palette.count % 3 == 0, (1...256).contains(entries) else {
            throw .invalidArgument("a PNG palette holds 1...256 RGB triples")
        }
    }
    var report = cpng_report()
    var output: UnsafeMutablePointer<UInt8>?
    var size = 0
    let status = samples.withUnsafeBufferPointer { bytes in
        palette.withUnsafeBufferPointer { colors in
            cpng_encode(
                bytes.baseAddress, UInt32(width), UInt32(height), colorType.rawValue, Int32(bitDepth),
                colors.baseAddress, Int32(entries), interlaced ? 1 : 0, &output, &size, &report)
        }
    }
    defer { cpng_free(output) }
    try PNGDecoder.check(status, report)
    guard let output else { throw .encodingFailed("libpng produced no output") }
    return Array(UnsafeBufferPointer(start: output, count: size))
}
