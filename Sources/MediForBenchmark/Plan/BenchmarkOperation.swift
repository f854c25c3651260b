/// A manipulation the benchmark applies, as written in the reference's `Operation` column.
public enum BenchmarkOperation: String, Hashable, Sendable, CaseIterable, Codable {
    /// A region from another host photo, with its own compression history.
    case splice
    /// A region copied within the photo: translated, or rotated and scaled.
    case copymove
    /// A region whose compression history differs from the rest: never compressed, or compressed on a shifted grid.
    case localdq
    /// The whole photo or a region scaled or rotated with bilinear or bicubic interpolation.
    case resample
    /// Gaussian noise added to a region.
    case noise
    /// A region blurred with a Gaussian kernel.
    case blur
    /// A region median-filtered (3×3 or 5×5).
    case median
    /// The camera original re-saved as JPEG, on the same grid or after a crop that shifts it.
    case recompress
    /// The EXIF block edited: editing software named, dates or dimensions inconsistent, a stale thumbnail.
    case metadata

    /// The values of the `Variant` column; planning cycles through them so each is equally frequent.
    public var variants: [String] {
        switch self {
        case .splice: ["hard", "feathered"]
        case .copymove: ["translate", "rotate-scale"]
        case .localdq: ["raw-region", "shifted-grid"]
        case .resample: ["global-scale", "global-rotate", "regional-scale", "regional-rotate"]
        case .noise: ["gaussian-low", "gaussian-high"]
        case .blur: ["gaussian-low", "gaussian-high"]
        case .median: ["3x3", "5x5"]
        case .recompress: ["aligned", "nonaligned"]
        case .metadata: ["software", "datetime", "dimensions", "thumbnail"]
        }
    }

    /// Whether `variant` changes a region (and so has a mask) rather than the whole image.
    public func isLocal(variant: String) -> Bool {
        switch self {
        case .recompress, .metadata: false
        case .resample: variant.hasPrefix("regional")
        default: true
        }
    }

    /// Whether the final save may be PNG. Recompression and metadata edits are JPEG by definition.
    var allowsPNG: Bool { self != .recompress && self != .metadata }
}
