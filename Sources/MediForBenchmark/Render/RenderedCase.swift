/// A target–control pair before the final save: both rasters, the target's region and mask, the factor values
/// the pair shares, and the EXIF each probe will carry if saved as JPEG.
package struct RenderedCase: Sendable {
    /// The plan it was built from.
    package var plan: CasePlan
    /// The manipulated image.
    package var target: Raster
    /// The matched control: the same host, compression and crop, without the manipulation.
    package var control: Raster
    /// Where a local manipulation applied; `nil` for global ones.
    package var region: Region?
    /// The reference mask (0 = manipulated, 255 = untouched), the target's size; `nil` for global manipulations.
    package var mask: [UInt8]?
    /// The `Shape` column (blank for global manipulations).
    package var shape: String = ""
    /// The `Aligned` column: `Y`, `N` or blank (see the generator's documentation for each operation).
    package var aligned: String = ""
    /// The `RegionFraction` column: the mask's share of the image, bucketed; blank for global manipulations.
    package var regionFraction: String = ""
    /// The `Parameters` column: `key=value` pairs joined with `;`.
    package var parameters: [String] = []
    /// The EXIF of the target probe.
    package var targetMetadata: CameraMetadata
    /// The EXIF of the control probe.
    package var controlMetadata: CameraMetadata

    /// The `Scope` column.
    package var scope: String { mask == nil ? "global" : "local" }
}

/// Buckets of the `RegionFraction` column, by share of the image's pixels.
package enum RegionFractionBucket {
    /// The bucket of `fraction`: `0.00-0.05`, `0.05-0.10`, `0.10-0.20` or `0.20-1.00`.
    package static func label(_ fraction: Double) -> String {
        switch fraction {
        case ..<0.05: "0.00-0.05"
        case ..<0.10: "0.05-0.10"
        case ..<0.20: "0.10-0.20"
        default: "0.20-1.00"
        }
    }

    /// A target share of the image for a new region: one of the three ranges 1–5 %, 5–10 %, 10–20 % chosen
    /// uniformly, then uniform within it.
    package static func draw(_ random: inout SeededRandom) -> Double {
        switch random.int(below: 3) {
        case 0: random.double(in: 0.01...0.05)
        case 1: random.double(in: 0.05...0.10)
        default: random.double(in: 0.10...0.20)
        }
    }
}
