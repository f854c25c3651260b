/// The status codes both C shims return (`CJPEG_*` and `CPNG_*` share this numbering).
enum ShimStatus: Int32 {
    case ok = 0
    case truncated = 1
    case corrupt = 2
    case tooLarge = 3
    case unsupported = 4
    case invalidArgument = 5
    case encodeFailed = 6
    case limitExceeded = 7

    /// The error a failed call reports. `width` and `height` are the dimensions the shim saw in the header.
    static func error(code: Int32, message: String, width: UInt32, height: UInt32) -> ImagingError {
        switch ShimStatus(rawValue: code) {
        case .truncated: .truncated(message)
        case .corrupt: .corrupt(message)
        case .tooLarge: .tooLarge(width: Int(width), height: Int(height))
        case .unsupported: .unsupportedFormat(message)
        case .invalidArgument: .invalidArgument(message)
        case .encodeFailed: .encodingFailed(message)
        case .limitExceeded: .limitExceeded(message)
        case .ok, nil: .corrupt("decoder returned unexpected status \(code)")
        }
    }

    /// The NUL-terminated text in a fixed-size C `char` array (imported as a tuple).
    static func text<Tuple>(of characters: Tuple) -> String {
        withUnsafeBytes(of: characters) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}

extension ImageLimits {
    var clampedWidth: UInt32 { UInt32(clamping: maxWidth) }
    var clampedHeight: UInt32 { UInt32(clamping: maxHeight) }
    var clampedPixels: UInt64 { UInt64(clamping: maxPixels) }
    var clampedScans: UInt32 { UInt32(clamping: maxScans) }
}
