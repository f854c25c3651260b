import Foundation
import MediForImaging

/// Non-aligned double JPEG quantization (NA-DJPG).
///
/// Method: T. Bianchi, A. Piva, "Detection of nonaligned double JPEG compression based on integer periodicity
/// maps", IEEE Transactions on Information Forensics and Security 7(2), 2012, with the per-block localization of
/// T. Bianchi, A. Piva, "Image forgery localization via block-grained analysis of JPEG artifacts", same journal
/// 7(3), 2012. Content that was JPEG-compressed on one 8×8 grid and later saved again on another keeps the first
/// quantizer's lattice on the first grid: recomputing the DCT of the decoded image on that grid gives coefficients
/// that sit near integer multiples of the first steps (the second compression only adds a small error), while on
/// any other grid they do not. A region cut from a JPEG and pasted off its grid, or a cropped JPEG, carries such a
/// primary grid that differs from the file's own (0, 0) grid.
///
/// Here, for each of the 49 grid shifts moved in both directions (see ``shifts`` for why not the other 14), the
/// luminance is cut into 8×8 blocks on the shifted
/// grid and four low-frequency DCT coefficients (DC, the first horizontal, vertical and diagonal AC) are
/// computed. Their integer periodicity for a candidate step Q is the length of the mean of exp(2πi·y/Q) over the
/// coefficients with |y| ≥ Q/2 (the integer periodicity map of Bianchi and Piva, for Q from 2 to 24), squared and
/// scaled by the count so that pure noise gives about 1. Per window of 8×8 blocks (at most about 12 000 blocks
/// are sampled on large images, and windows grow accordingly), the best Q of each frequency is summed, and each
/// shift is compared with the other shifts of the same window by a robust z-score. The primary grid is the shift
/// with the largest total excess over z = 3. On that grid the primary steps are estimated from the windows that
/// show it, with the noise of the second compression from their coherence, and every block gets the
/// log-likelihood ratio of "near the primary lattice" (a Gaussian comb) against "spread evenly", summed over 5×5
/// blocks: that is the mask. The score grows with the evidence of the largest connected group of windows showing
/// the primary grid, whether it covers a region or (a cropped JPEG) the whole image.
struct NonAlignedDoubleQuantization: ForensicAnalytic {
    let descriptor = AnalyticDescriptor(
        id: "nadq", name: "Non-aligned double JPEG quantization",
        summary: "Regions (or a whole image) that were JPEG-compressed before on an 8×8 grid other than the file's.",
        citation: "T. Bianchi, A. Piva, Detection of nonaligned double JPEG compression based on integer periodicity "
            + "maps, IEEE Trans. Information Forensics and Security 7(2), 2012; T. Bianchi, A. Piva, Image forgery "
            + "localization via block-grained analysis of JPEG artifacts, IEEE TIFS 7(3), 2012")

    /// The grid shifts examined, as `dy * 8 + dx`: those moved in both directions. A grid that shares its rows or
    /// its columns with the file's own sees blocks that are aligned in one direction; once the file's quantization
    /// has removed their high frequencies, their low coefficients are sums of half-blocks on the file's lattice
    /// and look periodic in any JPEG, so those 14 shifts cannot be told from the final compression.
    static let shifts = (9..<64).filter { $0 % 8 != 0 }

    /// The four coefficients used: DC, (u 1, v 0), (u 0, v 1), (u 1, v 1).
    static let frequencyCount = 4
    /// Candidate primary steps.
    static let steps = Array(2...24)
    /// Blocks sampled per shift on large images (at most about this many).
    static let sampleBudget = 12_000
    /// Robust z above which a window shows a grid.
    static let windowLevel: Float = 3

    /// Phases on 256 points: cos and sin of 2π(j/256 - 1/2).
    static let cosines: [Float] = (0..<256).map { Float(cos(2 * Double.pi * (Double($0) / 256 - 0.5))) }
    static let sines: [Float] = (0..<256).map { Float(sin(2 * Double.pi * (Double($0) / 256 - 0.5))) }

    /// The block lattice sampled during the scan.
    struct Layout {
        /// Blocks available on every shifted grid.
        var blockColumns: Int
        var blockRows: Int
        /// Sampling stride in blocks; tiles are 4 sampled blocks (4·stride blocks) on a side.
        var stride: Int
        var tileColumns: Int
        var tileRows: Int
        var tile: Int { 4 * stride }
        var windowColumns: Int { tileColumns - 1 }
        var windowRows: Int { tileRows - 1 }
    }

    func analyze(_ input: AnalysisInput) throws(AnalysisError) -> AnalysisResult {
        guard input.isJPEG else { return .optOut("non-aligned double quantization applies to JPEG files only") }
        let plane = try input.luminance()
        let blockColumns = (plane.width - 7) / 8
        let blockRows = (plane.height - 7) / 8
        let stride = max(1, Int((Double(max(blockColumns * blockRows, 0)) / Double(Self.sampleBudget)).squareRoot()
            .rounded(.up)))
        let layout = Layout(
            blockColumns: blockColumns, blockRows: blockRows, stride: stride,
            tileColumns: max(blockColumns, 0) / (4 * stride), tileRows: max(blockRows, 0) / (4 * stride))
        guard layout.tileColumns >= 3, layout.tileRows >= 3 else {
            return .optOut("image is smaller than about 100×100 pixels; grid periodicity needs several windows")
        }
        // Scan: per shift and window, the summed best periodicity.
        let windows = layout.windowColumns * layout.windowRows
        var strength = [Float](repeating: 0, count: 64 * windows)
        for shift in Self.shifts {
            let sums = periodicity(plane, layout, dx: shift % 8, dy: shift / 8)
            let values = windowStrength(sums, layout)
            for w in 0..<windows { strength[shift * windows + w] = values[w] }
        }
        // Robust z of each shift against the window's other shifts; the primary grid has the largest excess.
        var z = [Float](repeating: 0, count: 64 * windows)
        var scratch = [Float](repeating: 0, count: Self.shifts.count)
        for w in 0..<windows {
            for (slot, shift) in Self.shifts.enumerated() { scratch[slot] = strength[shift * windows + w] }
            var copy = scratch
            let center = DoubleJPEGMath.median(&copy)
            // Pure noise gives about 14 (four maxima of 23 exponentials); far less means most shifts had too few
            // usable blocks there (a clipped or flat area), and one shift with data would stand out for nothing.
            guard center >= 6 else { continue }
            var deviations = scratch.map { abs($0 - center) }
            let spread = 1.4826 * DoubleJPEGMath.median(&deviations) + 1
            for shift in Self.shifts { z[shift * windows + w] = (strength[shift * windows + w] - center) / spread }
        }
        var excess = [Float](repeating: 0, count: 64)
        for shift in Self.shifts {
            for w in 0..<windows { excess[shift] += max(z[shift * windows + w] - Self.windowLevel, 0) }
        }
        let best = Self.shifts.max { excess[$0] < excess[$1] } ?? 9
        let bestZ = Array(z[best * windows..<(best + 1) * windows])
        let flags = bestZ.map { $0 > Self.windowLevel }
        let (labels, sizes) = DoubleJPEGMath.regions(flags, columns: layout.windowColumns, rows: layout.windowRows)
        var groupEvidence = [Float](repeating: 0, count: sizes.count)
        for w in 0..<windows where labels[w] >= 0 { groupEvidence[Int(labels[w])] += bestZ[w] - Self.windowLevel }
        let evidence = Double(groupEvidence.max() ?? 0)
        let score = ForensicMath.logistic(evidence, midpoint: 4.5, width: 0.6)
        let dx = best % 8
        let dy = best / 8
        let covered = Double(flags.filter { $0 }.count) / Double(windows)
        guard covered > 0 else {
            return AnalysisResult(
                score: score,
                explanation: String(
                    format: "no non-aligned grid: no window shows integer periodicity on a shifted grid (best "
                        + "shift (%d, %d), excess %.1f)", dx, dy, excess[best]))
        }
        let model = primaryModel(plane, layout, dx: dx, dy: dy, windows: flags)
        let map = blockEvidence(plane, dx: dx, dy: dy, model: model)
        let mask = try DoubleJPEGMath.blockMask(
            map.values, columns: map.columns, rows: map.rows, offsetX: dx, offsetY: dy, width: plane.width,
            height: plane.height, low: 3, high: 12)
        return AnalysisResult(
            score: score, mask: mask,
            explanation: String(
                format: "primary JPEG grid at shift (%d, %d) with steps %@ (first quality ≈%d); %.0f%% of windows "
                    + "show it, largest group's evidence %.1f", dx, dy,
                model.steps.map { String($0) }.joined(separator: "/"), Self.primaryQuality(model.steps),
                100 * covered, evidence))
    }

    /// The IJG quality whose luminance steps at DC, (1,0), (0,1), (1,1) best match `steps`.
    private static func primaryQuality(_ steps: [Int]) -> Int {
        var best = (quality: 0, error: Int.max)
        for quality in 1...100 {
            let table = JPEGQuality.scaled(JPEGQuality.standardLuminance, quality: quality)
            let error = zip([0, 1, 8, 9], steps).reduce(0) { $0 + ($1.1 > 0 ? abs(table[$1.0] - $1.1) : 0) }
            if error < best.error { best = (quality, error) }
        }
        return best.quality
    }
}
