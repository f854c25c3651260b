internal import CPNGShim

/// The PNG reading paths over `CPNGShim`. Every entry point reads IHDR (and checks the limits) before it
/// allocates anything sized by the image.
enum PNGDecoder {
    struct Header {
        var info: ImageInfo
    }

    static func readHeader(_ data: [UInt8], limits: ImageLimits) throws(ImagingError) -> Header {
        guard !data.isEmpty else { throw .truncated("input is empty") }
        var header = cpng_header()
        var report = cpng_report()
        var cLimits = limits.png
        let status = data.withUnsafeBufferPointer { bytes in
            cpng_read_header(bytes.baseAddress, bytes.count, &cLimits, &header, &report)
        }
        try check(status, report)
        let (model, channels) = colorModel(header.color_type)
        let info = ImageInfo(
            format: .png, width: Int(header.width), height: Int(header.height), colorModel: model,
            componentCount: channels, bitDepth: Int(header.bit_depth), isProgressive: header.is_interlaced != 0,
            decodedChannels: Int(header.output_channels))
        try limits.check(width: info.width, height: info.height)
        return Header(info: info)
    }

    static func check(_ status: Int32, _ report: cpng_report) throws(ImagingError) {
        guard status != ShimStatus.ok.rawValue else { return }
        throw ShimStatus.error(
            code: status, message: ShimStatus.text(of: report.message), width: report.width, height: report.height)
    }

    static func colorModel(_ type: Int32) -> (ImageInfo.ColorModel, channels: Int) {
        switch type {
        case CPNG_COLOR_GRAY: (.gray, 1)
        case CPNG_COLOR_GRAY_ALPHA: (.grayAlpha, 2)
        case CPNG_COLOR_RGB: (.rgb, 3)
        case CPNG_COLOR_RGBA: (.rgba, 4)
        case CPNG_COLOR_PALETTE: (.palette, 1)
        default: (.unknown, 0)
        }
    }
}

/// Decodes a PNG into 8-bit grey or RGB.
///
/// Grey and grey+alpha give 1 channel; RGB, RGBA and palette images give 3. 16-bit samples are scaled to 8
/// bits, 1/2/4-bit grey is expanded to 0...255, alpha is dropped and no gamma correction is applied: the values
/// are the file's. Interlaced files decode like any other.
/// - Throws: ``ImagingError/tooLarge(width:height:)`` before allocating when IHDR exceeds `limits`;
///   ``ImagingError/truncated(_:)`` when the data ends early (including a missing IEND);
///   ``ImagingError/corrupt(_:)`` for bad CRCs, bad zlib data or invalid chunks;
///   ``ImagingError/unsupportedFormat(_:)`` when `data` is not a PNG.
public func decodePNG(data: [UInt8], limits: ImageLimits = .default) throws(ImagingError) -> PixelImage {
    guard try decodableFormat(of: data) == .png else { throw .unsupportedFormat("not a PNG") }
    let header = try PNGDecoder.readHeader(data, limits: limits).info
    let channels = header.decodedChannels
    let count = header.width * header.height * channels
    var report = cpng_report()
    var cLimits = limits.png
    var status = ShimStatus.ok.rawValue
    let pixels = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
        status = data.withUnsafeBufferPointer { bytes in
            cpng_decode(bytes.baseAddress, bytes.count, &cLimits, buffer.baseAddress, count, Int32(channels), &report)
        }
        initialized = status == ShimStatus.ok.rawValue ? count : 0
    }
    try PNGDecoder.check(status, report)
    return PixelImage(validatedWidth: header.width, height: header.height, channels: channels, pixels: pixels)
}

extension ImageLimits {
    var png: cpng_limits {
        cpng_limits(max_width: clampedWidth, max_height: clampedHeight, max_pixels: clampedPixels)
    }
}
