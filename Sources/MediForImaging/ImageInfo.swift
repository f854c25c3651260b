/// What a file's header says about its image, read without decoding pixels.
public struct ImageInfo: Hashable, Sendable {
    /// How the file stores colour.
    public enum ColorModel: String, Hashable, Sendable {
        /// One grey channel.
        case gray
        /// Grey with alpha (PNG).
        case grayAlpha
        /// Red, green, blue.
        case rgb
        /// Red, green, blue, alpha (PNG).
        case rgba
        /// Indexes into an RGB palette (PNG).
        case palette
        /// Luma and two chroma components (the usual JPEG).
        case yCbCr
        /// Four inks (JPEG, usually from print workflows).
        case cmyk
        /// CMYK with the CMY part stored as YCbCr (Adobe JPEG).
        case ycck
        /// Anything else.
        case unknown
    }

    /// The container format.
    public var format: ImageFormat
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int
    /// How the file stores colour.
    public var colorModel: ColorModel
    /// Components (JPEG) or channels (PNG, counting alpha; a palette image has 1) stored in the file.
    public var componentCount: Int
    /// Bits per stored sample (always 8 for the JPEGs this module reads; 1–16 for PNG).
    public var bitDepth: Int
    /// A progressive JPEG or an interlaced (Adam7) PNG.
    public var isProgressive: Bool
    /// The channels ``decodeImage(data:limits:)`` returns for this file: 1 (grey) or 3 (RGB).
    public var decodedChannels: Int

    /// Creates a description; decoders fill this in from a header.
    public init(
        format: ImageFormat, width: Int, height: Int, colorModel: ColorModel, componentCount: Int, bitDepth: Int,
        isProgressive: Bool, decodedChannels: Int
    ) {
        self.format = format
        self.width = width
        self.height = height
        self.colorModel = colorModel
        self.componentCount = componentCount
        self.bitDepth = bitDepth
        self.isProgressive = isProgressive
        self.decodedChannels = decodedChannels
    }
}
