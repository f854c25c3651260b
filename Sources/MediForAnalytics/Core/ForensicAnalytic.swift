// MediForAnalytics: the native forensic analytics and fusers, the protocol they implement, and the adapters that
// serve them as MediFor Analytic/Fuser gRPC services or run them offline (`medifor analyze`).
//
// Analytics see bytes and decoded images only (MediForImaging); they never touch queues, storage or gRPC. The
// Service/ folder adapts them to the wire; Core/ holds the protocol, the input cache and the runner.
public import MediForImaging

/// A native image-forensics analytic: one method, one file under `Analytics/`, one line in ``BuiltinAnalytics``.
///
/// `analyze` is called concurrently from several tasks and must not keep mutable state. It returns a score in
/// [0, 1] (higher = more likely manipulated), optionally a localization mask, and a one-line explanation; or
/// ``AnalysisResult/optOut(_:)`` when the method does not apply to this input (e.g. a JPEG-only method on a PNG).
/// Problems with the input are thrown as ``AnalysisError``; they never crash the process.
public protocol ForensicAnalytic: Sendable {
    /// What the analytic is, for the catalogue (`GetAnalyticMeta`) and the command line.
    var descriptor: AnalyticDescriptor { get }

    /// Analyses one image.
    func analyze(_ input: AnalysisInput) throws(AnalysisError) -> AnalysisResult
}

/// How an analytic presents itself.
public struct AnalyticDescriptor: Sendable, Hashable {
    /// Short id used in requests, queue names and file names, e.g. `ela` (no `_`: that separates a version).
    public var id: String
    /// Human name, e.g. "Error level analysis".
    public var name: String
    /// One sentence on what it detects.
    public var summary: String
    /// The method implemented, with its reference.
    public var citation: String
    /// Version of the implementation.
    public var version: String

    /// Creates a descriptor.
    public init(id: String, name: String, summary: String, citation: String, version: String = "1") {
        self.id = id
        self.name = name
        self.summary = summary
        self.citation = citation
        self.version = version
    }
}

/// What an analytic found.
public struct AnalysisResult: Sendable, Hashable {
    /// Likelihood of manipulation in [0, 1]; ignored when ``isOptOut``.
    public var score: Double
    /// Where: 8-bit, the image's size, 0 = manipulated, 255 = untouched (the MediFor mask convention).
    public var mask: AnalysisMask?
    /// One line for a person: what was measured and what it means.
    public var explanation: String
    /// The method does not apply to this input.
    public var isOptOut: Bool

    /// A score with an optional mask.
    public init(score: Double, mask: AnalysisMask? = nil, explanation: String) {
        self.score = score
        self.mask = mask
        self.explanation = explanation
        self.isOptOut = false
    }

    /// Not applicable, with the reason.
    public static func optOut(_ reason: String) -> AnalysisResult {
        var result = AnalysisResult(score: 0, explanation: reason)
        result.isOptOut = true
        return result
    }
}

/// A localization mask: 8-bit grey, row-major, 0 = manipulated, 255 = untouched.
public struct AnalysisMask: Sendable, Hashable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// `width * height` values.
    public let pixels: [UInt8]

    /// A mask from raw values.
    ///
    /// - Throws: ``AnalysisError/internalError(_:)`` when the count does not match the size.
    public init(width: Int, height: Int, pixels: [UInt8]) throws(AnalysisError) {
        guard width > 0, height > 0, pixels.count == width * height else {
            throw .internalError("mask of \(pixels.count) values for \(width)x\(height)")
        }
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// A mask from a suspicion map (higher = more suspicious), scaled so that `low` maps to 255 and `high` to 0.
    public init(suspicion: GrayImage, low: Float, high: Float) throws(AnalysisError) {
        let span = max(high - low, 1e-12)
        var pixels = [UInt8](repeating: 255, count: suspicion.width * suspicion.height)
        suspicion.pixels.withUnsafeBufferPointer { source in
            for index in 0..<pixels.count {
                let t = min(max((source[index] - low) / span, 0), 1)
                pixels[index] = UInt8((1 - t) * 255 + 0.5)
            }
        }
        try self.init(width: suspicion.width, height: suspicion.height, pixels: pixels)
    }
}

/// Why an analytic could not analyse an input.
public enum AnalysisError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The bytes are not a readable image (truncated, corrupt, unknown format).
    case unreadable(String)
    /// The image exceeds the size limits.
    case tooLarge(String)
    /// A bug or an impossible state inside the analytic.
    case internalError(String)

    public var description: String {
        switch self {
        case .unreadable(let message): "unreadable image: \(message)"
        case .tooLarge(let message): "image too large: \(message)"
        case .internalError(let message): "internal error: \(message)"
        }
    }

    /// The error for a failed decode.
    init(_ error: ImagingError) {
        switch error {
        case .tooLarge, .limitExceeded: self = .tooLarge(error.description)
        default: self = .unreadable(error.description)
        }
    }
}
