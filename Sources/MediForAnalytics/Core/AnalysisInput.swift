public import MediForImaging
import Synchronization

/// One image as the analytics see it: its bytes, its format, and decoded views computed once on first use and
/// shared by every analytic run on it (decode, luminance, JPEG coefficients).
public final class AnalysisInput: Sendable {
    /// The file's bytes.
    public let data: [UInt8]
    /// The format from the leading bytes.
    public let format: ImageFormat
    /// Size limits applied before any pixel buffer is allocated.
    public let limits: ImageLimits

    private let decoded = Mutex<Result<PixelImage, AnalysisError>?>(nil)
    private let gray = Mutex<Result<GrayImage, AnalysisError>?>(nil)
    private let coefficients = Mutex<Result<JPEGCoefficients, AnalysisError>?>(nil)

    /// An input over `data`.
    public init(data: [UInt8], limits: ImageLimits = .default) {
        self.data = data
        self.format = ImageFormat(sniffing: data)
        self.limits = limits
    }

    /// Whether the file is a JPEG (the JPEG-only methods opt out otherwise).
    public var isJPEG: Bool { format == .jpeg }

    /// The decoded 8-bit image (grey or RGB).
    public func image() throws(AnalysisError) -> PixelImage {
        try cached(decoded) { () throws(AnalysisError) in
            do throws(ImagingError) { return try decodeImage(data: data, limits: limits) } catch { throw AnalysisError(error) }
        }
    }

    /// Luminance (Rec. 601) as floats in 0…255.
    public func luminance() throws(AnalysisError) -> GrayImage {
        try cached(gray) { () throws(AnalysisError) in GrayImage(luminanceOf: try image()) }
    }

    /// The JPEG's quantized DCT coefficients and tables.
    ///
    /// - Throws: ``AnalysisError/unreadable(_:)`` for a non-JPEG or a damaged file.
    public func jpegCoefficients() throws(AnalysisError) -> JPEGCoefficients {
        try cached(coefficients) { () throws(AnalysisError) in
            do throws(ImagingError) {
                return try readJPEGCoefficients(data: data, limits: limits)
            } catch { throw AnalysisError(error) }
        }
    }

    private func cached<T: Sendable>(
        _ slot: borrowing Mutex<Result<T, AnalysisError>?>, _ make: () throws(AnalysisError) -> T
    ) throws(AnalysisError) -> T {
        if let existing = slot.withLock({ $0 }) { return try existing.get() }
        // Computed outside the lock: two analytics may both compute it once at worst, never block each other.
        let result: Result<T, AnalysisError>
        do { result = .success(try make()) } catch { result = .failure(error) }
        slot.withLock { if $0 == nil { $0 = result } }
        return try result.get()
    }
}
