internal import CJPEGShim

/// The JPEG reading paths over `CJPEGShim`. Every entry point reads the header (and checks the limits) before
/// it allocates anything sized by the image.
enum JPEGDecoder {
    /// A parsed JPEG header with its component geometry.
    struct Header {
        var info: ImageInfo
        var components: [cjpeg_component]
    }

    /// The most components a frame may have for this module (libjpeg allows 10; real files have 1, 3 or 4).
    static let maxComponents = 4

    static func readHeader(_ data: [UInt8], limits: ImageLimits) throws(ImagingError) -> Header {
        guard !data.isEmpty else { throw .truncated("input is empty") }
        var header = cjpeg_header()
        var components = [cjpeg_component](repeating: cjpeg_component(), count: maxComponents)
        var report = cjpeg_report()
        var cLimits = limits.jpeg
        let status = data.withUnsafeBufferPointer { bytes in
            components.withUnsafeMutableBufferPointer { geometry in
                cjpeg_read_header(
                    bytes.baseAddress, bytes.count, &cLimits, &header, geometry.baseAddress, Int32(geometry.count),
                    &report)
            }
        }
        try check(status, report)
        let count = Int(header.components)
        guard (1...maxComponents).contains(count) else {
            throw .unsupportedFormat("JPEG with \(count) components")
        }
        let info = ImageInfo(
            format: .jpeg, width: Int(header.width), height: Int(header.height),
            colorModel: colorModel(header.color_space), componentCount: count, bitDepth: 8,
            isProgressive: header.is_progressive != 0, decodedChannels: Int(header.output_channels))
        try limits.check(width: info.width, height: info.height)
        return Header(info: info, components: Array(components.prefix(count)))
    }

    static func decode(_ data: [UInt8], limits: ImageLimits, failOnWarning: Bool) throws(ImagingError)
        -> DecodedImage
    {
        let header = try readHeader(data, limits: limits).info
        let channels = header.decodedChannels
        guard channels == 1 || channels == 3 else {
            throw .unsupportedFormat("JPEG colour space \(header.colorModel.rawValue) is not decoded")
        }
        let count = header.width * header.height * channels
        var report = cjpeg_report()
        var cLimits = limits.jpeg
        var status = ShimStatus.ok.rawValue
        let pixels = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            status = data.withUnsafeBufferPointer { bytes in
                cjpeg_decode(
                    bytes.baseAddress, bytes.count, &cLimits, failOnWarning ? 1 : 0, buffer.baseAddress, count,
                    Int32(channels), &report)
            }
            initialized = status == ShimStatus.ok.rawValue ? count : 0
        }
        try check(status, report)
        let image = PixelImage(validatedWidth: header.width, height: header.height, channels: channels, pixels: pixels)
        let warnings = Int(report.warning_count)
        return DecodedImage(
            image: image, warningCount: warnings, firstWarning: warnings > 0 ? ShimStatus.text(of: report.message) : nil
        )
    }

    /// Throws the error a shim status stands for.
    static func check(_ status: Int32, _ report: cjpeg_report) throws(ImagingError) {
        guard status != ShimStatus.ok.rawValue else { return }
        throw ShimStatus.error(
            code: status, message: ShimStatus.text(of: report.message), width: report.width, height: report.height)
    }

    static func colorModel(_ space: Int32) -> ImageInfo.ColorModel {
        switch space {
        case CJPEG_CS_GRAY: .gray
        case CJPEG_CS_RGB: .rgb
        case CJPEG_CS_YCBCR: .yCbCr
        case CJPEG_CS_CMYK: .cmyk
        case CJPEG_CS_YCCK: .ycck
        default: .unknown
        }
    }
}

extension ImageLimits {
    var jpeg: cjpeg_limits {
        cjpeg_limits(
            max_width: clampedWidth, max_height: clampedHeight, max_pixels: clampedPixels, max_scans: clampedScans)
    }
}
