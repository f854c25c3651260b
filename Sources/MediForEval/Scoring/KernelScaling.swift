/// Shrinks the boundary no-score kernels for small images.
///
/// MediScore's default kernels (erosion 15, dilation 11) were chosen for NIST probes of one to several megapixels.
/// On a 256-pixel image a 15-pixel ring would swallow a small manipulated region whole, so kernels are scaled by
/// the image's shorter side over ``referenceShortSide`` (never up), rounded to the nearest odd size, and kept at
/// least ``minimumKernelSize``. A size of 0 (no erosion or dilation) or 1 is left alone.
///
/// Example with the defaults: a 256×256 probe is scored with 3/3 kernels, a 512×384 one with 5/5, a 1024×768 one
/// with 11/9, anything with a shorter side of 1024 or more with MediScore's 15/11.
public struct KernelScaling: Hashable, Sendable, Codable {
    /// The shorter image side at and above which the configured sizes are used unchanged.
    public var referenceShortSide: Int
    /// The smallest scaled size (odd).
    public var minimumKernelSize: Int

    /// Creates a scaling rule.
    public init(referenceShortSide: Int = 1024, minimumKernelSize: Int = 3) {
        self.referenceShortSide = referenceShortSide
        self.minimumKernelSize = minimumKernelSize
    }

    /// The size to use for a kernel configured as `size` on a `width`×`height` image.
    public func kernelSize(_ size: Int, width: Int, height: Int) -> Int {
        let shortSide = min(width, height)
        guard size > 1, referenceShortSide > 0, shortSide < referenceShortSide else { return size }
        let scaled = Double(size) * Double(max(shortSide, 0)) / Double(referenceShortSide)
        let odd = 2 * Int(((scaled - 1) / 2).rounded()) + 1
        return min(size, max(minimumKernelSize, odd))
    }

    /// `base` with both kernel sizes scaled for a `width`×`height` image.
    public func configuration(
        _ base: MaskScorer.Configuration, width: Int, height: Int
    ) -> MaskScorer.Configuration {
        var scaled = base
        scaled.erosionKernelSize = kernelSize(base.erosionKernelSize, width: width, height: height)
        scaled.dilationKernelSize = kernelSize(base.dilationKernelSize, width: width, height: height)
        return scaled
    }

    /// Checks the ranges.
    /// - Throws: ``EvaluationError/Code/invalidConfiguration`` for a non-positive reference side or an even or
    ///   non-positive minimum size.
    public func validate() throws(EvaluationError) {
        guard referenceShortSide > 0 else {
            throw .invalidConfiguration("kernel scaling reference side must be positive, got \(referenceShortSide)")
        }
        guard minimumKernelSize > 0, minimumKernelSize % 2 == 1 else {
            throw .invalidConfiguration("minimum kernel size must be odd and positive, got \(minimumKernelSize)")
        }
    }
}
