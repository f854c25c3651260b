/// The pixels a mask score ignores: MediScore's boundary no-score zone and pixel no-score zone.
///
/// - **Boundary**: dilate the reference's manipulated region with the dilation kernel, erode it with the erosion
///   kernel, and exclude the difference, a ring around every edge. A kernel size of 0 leaves the region unchanged;
///   with both at 0 there is no ring.
/// - **Pixel**: system pixels equal to the probe's opt-out pixel value (`ProbeOptOutPixelValue`) or to the global
///   no-score value.
///
/// MediScore's selective no-score zone (non-targeted manipulations under `-qm`) needs multi-layer reference masks
/// and is not built here.
public struct NoScoreZone: Hashable, Sendable {
    /// Bit set in ``flags`` for a boundary pixel.
    public static let boundary: UInt8 = 1
    /// Bit set in ``flags`` for a pixel excluded by its system value.
    public static let pixel: UInt8 = 2

    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// Per pixel, row-major: 0 when scored, else a combination of ``boundary`` and ``pixel``. A per-probe view can
    /// colour boundary pixels yellow from this, as MediScore's HTML report does.
    public let flags: [UInt8]
    /// Pixels in the boundary ring.
    public let boundaryPixelCount: Int
    /// Pixels excluded by their system value (some may also be in the ring).
    public let pixelNoScoreCount: Int
    /// Pixels that are scored.
    public let scoredPixelCount: Int

    /// Builds the zone for one mask pair.
    /// - Parameters:
    ///   - reference: The reference mask; not white (below 255) means manipulated.
    ///   - system: The system mask, used only for the pixel zone.
    ///   - erosionKernel: Erosion kernel, `nil` for size 0.
    ///   - dilationKernel: Dilation kernel, `nil` for size 0.
    ///   - noScoreValues: System gray levels that are not scored.
    init(
        reference: MaskPlane, system: MaskPlane, erosionKernel: StructuringElement?,
        dilationKernel: StructuringElement?,
        noScoreValues: [UInt8]
    ) {
        let count = reference.pixels.count
        var flags = [UInt8](repeating: 0, count: count)
        var boundaryCount = 0
        if erosionKernel != nil || dilationKernel != nil {
            let manipulated = reference.pixels.map { $0 < 255 ? UInt8(1) : 0 }
            let (width, height) = (reference.width, reference.height)
            let eroded =
                erosionKernel.map {
                    BinaryMorphology.erode(manipulated, width: width, height: height, element: $0)
                } ?? manipulated
            let dilated =
                dilationKernel.map {
                    BinaryMorphology.dilate(manipulated, width: width, height: height, element: $0)
                } ?? manipulated
            for index in 0..<count where dilated[index] == 1 && eroded[index] == 0 {
                flags[index] |= Self.boundary
                boundaryCount += 1
            }
        }
        var pixelCount = 0
        if !noScoreValues.isEmpty {
            var excluded = [Bool](repeating: false, count: 256)
            for value in noScoreValues { excluded[Int(value)] = true }
            for index in 0..<count where excluded[Int(system.pixels[index])] {
                flags[index] |= Self.pixel
                pixelCount += 1
            }
        }
        self.width = reference.width
        self.height = reference.height
        self.flags = flags
        self.boundaryPixelCount = boundaryCount
        self.pixelNoScoreCount = pixelCount
        self.scoredPixelCount = flags.reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
    }

    /// Whether pixel `index` (row-major) is scored.
    public func isScored(_ index: Int) -> Bool { flags[index] == 0 }
}
