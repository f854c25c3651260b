import Foundation
import MediForImaging

/// JPEG ghosts.
///
/// Method: H. Farid, "Exposing Digital Forgeries from JPEG Ghosts", IEEE Transactions on Information Forensics
/// and Security 4(1), 2009. When content that was once saved at quality q1 is saved again at q1, its quantized
/// values barely move; content never quantized at q1 moves by about a full quantization step. Recompressing an
/// image at a range of qualities and mapping the difference therefore shows a "ghost": a region whose difference
/// has a distinct minimum at a quality where the rest of the image does not. A region pasted from a copy saved at
/// a lower quality, with the result saved at a higher one, shows its ghost at the lower quality.
///
/// Here the recompression is done on the file's own luminance DCT coefficients (Farid's squared pixel difference
/// summed over an 8×8 block equals, by the orthonormality of the DCT, the squared difference of its coefficients,
/// apart from pixel rounding): each dequantized coefficient is requantized with the IJG table of each candidate
/// quality 50, 55, … below the file's own, and its squared requantization error is divided by the error that
/// coefficient would show on average if it had never been on that quality's lattice (about step²/12, computed
/// exactly for the two steps). Coefficients that requantize to zero are the same under both histories and are
/// skipped. Averaging over 3×3-block (24-pixel) windows gives, per quality, a map that is about 1 where there is no
/// ghost and far below 1 inside one. The score comes from the largest connected region below 0.4 at any quality:
/// its size, how far its error is below the rest of the image's, and whether it is a region rather than the whole
/// image (an image saved twice shows a ghost everywhere, which is no evidence of a local edit). The mask is that
/// quality's map. Ghosts only appear when the pasted region keeps the 8×8 grid of the host (Farid's grid search
/// for shifted regions is not done).
struct JPEGGhosts: ForensicAnalytic {
    let descriptor = AnalyticDescriptor(
        id: "ghost", name: "JPEG ghosts",
        summary: "Regions that were saved earlier at a lower JPEG quality than the rest of the image.",
        citation: "H. Farid, Exposing Digital Forgeries from JPEG Ghosts, IEEE Trans. Information Forensics and "
            + "Security 4(1), 2009")

    /// Qualities tried (those below the file's own).
    static let qualities = Array(stride(from: 50, through: 95, by: 5))
    /// Window radius in blocks.
    static let windowRadius = 1
    /// Coefficients a window needs before its ratio is trusted.
    static let minimumCount: Float = 16
    /// Ratio below which a window counts as a ghost.
    static let ghostLevel: Float = 0.4
    /// Qualities whose steps are so close to the file's that a true ghost would still show more than this ratio
    /// are skipped: their "ghosts" are too faint to tell from texture.
    static let faintestGhost = 0.3

    /// One candidate quality: its steps, the weight 1/E0 per coefficient (0 where it carries no evidence) and the
    /// ratio a true ghost would show there.
    private struct Candidate {
        var quality: Int
        var inverseSteps: [Float]
        var steps: [Float]
        var weights: [Float]
        var faintness: Double
    }

    /// What one quality's map shows.
    private struct Finding {
        var quality: Int
        var score: Double
        var blocks: Int
        var ratio: Float
        var rest: Float
        var depth: Double
        var coverage: Double
        var map: [Float]
    }

    func analyze(_ input: AnalysisInput) throws(AnalysisError) -> AnalysisResult {
        guard input.isJPEG else { return .optOut("JPEG ghosts apply to JPEG files only") }
        let jpeg = try input.jpegCoefficients()
        guard let luma = try DoubleJPEGMath.luma(jpeg) else {
            return .optOut("the JPEG has no luminance plane (\(jpeg.colorModel.rawValue))")
        }
        guard luma.columns >= 6, luma.rows >= 6 else {
            return .optOut("image is smaller than 48×48 pixels; ghosts need several windows")
        }
        let final = JPEGQuality.estimate(luminance: luma.table.map { UInt16($0) })
        let candidates = Self.qualities.filter { $0 < final.quality }
            .compactMap { Self.candidate($0, over: luma.table) }
        guard !candidates.isEmpty else {
            return .optOut("saved at quality ≈\(final.quality): no quality far enough below it to show a ghost")
        }
        let clipped = DoubleJPEGMath.clippedBlocks(try input.image(), columns: luma.columns, rows: luma.rows)
        let (sums, counts) = accumulate(luma, candidates, skipping: clipped)
        let blocks = luma.columns * luma.rows
        var findings: [Finding] = []
        for (index, candidate) in candidates.enumerated() {
            let range = index * blocks..<(index + 1) * blocks
            findings.append(
                evaluate(candidate, sums: Array(sums[range]), counts: Array(counts[range]), luma: luma))
        }
        // An image saved twice shows a ghost nearly everywhere at its earlier quality; qualities whose tables are
        // close to that one then show partial ghosts wherever the texture favours them. Those are set aside.
        let global = findings.filter { $0.coverage > 0.5 && $0.depth > 0.6 }.max { $0.coverage < $1.coverage }
        var local = findings
        if let global {
            let earlier = JPEGQuality.scaled(JPEGQuality.standardLuminance, quality: global.quality)
            local = findings.filter {
                $0.quality != global.quality && Self.candidate($0.quality, over: earlier) != nil
            }
        }
        guard let best = (local.isEmpty ? findings : local).max(by: { $0.score < $1.score }) else {
            throw .internalError("no quality evaluated")
        }
        let score = local.isEmpty ? 0 : best.score
        let mask = try DoubleJPEGMath.blockMask(
            best.map, columns: luma.columns, rows: luma.rows, width: jpeg.width, height: jpeg.height, low: 0.45,
            high: 0.8)
        var explanation = String(
            format: "last saved at quality ≈%d; strongest ghost at quality %d: %d blocks (%.1f%% of the image) "
                + "recompress with %.2f× the error of the rest", final.quality, best.quality, best.blocks,
            100 * Double(best.blocks) / Double(blocks), Double(best.ratio / max(best.rest, 1e-6)))
        if let global {
            explanation += String(
                format: "; %.0f%% of the image shows a ghost at quality %d (saved there before)",
                100 * global.coverage, global.quality)
        }
        return AnalysisResult(score: score, mask: mask, explanation: explanation)
    }

    /// The steps and weights of `quality` over a file quantized with `table`, or nil when fewer than 6 low
    /// frequencies can show a ghost there or when a true ghost would be too faint (its expected ratio, the final
    /// quantization and rounding noise over the expected error, averaged over the 15 lowest AC frequencies,
    /// above ``faintestGhost``).
    private static func candidate(_ quality: Int, over table: [Int]) -> Candidate? {
        let steps = JPEGQuality.scaled(JPEGQuality.standardLuminance, quality: quality)
        var weights = [Float](repeating: 0, count: 64)
        var usable = 0
        var faintness = 0.0
        for k in 1..<64 {
            let expected = expectedError(final: table[k], requantized: steps[k])
            guard expected >= 0.5 else { continue }
            weights[k] = Float(1 / expected)
            if DoubleJPEGMath.zigzag[1...15].contains(k) {
                usable += 1
                faintness += min((Double(table[k] * table[k]) / 12 + 1.0 / 6) / expected, 1)
            }
        }
        guard usable >= 6, faintness / Double(usable) <= faintestGhost else { return nil }
        return Candidate(
            quality: quality, inverseSteps: steps.map { 1 / Float($0) }, steps: steps.map { Float($0) },
            weights: weights, faintness: faintness / Double(usable))
    }

    /// The mean squared error of requantizing multiples of `final` with step `requantized`, over one period of
    /// their residues: what a coefficient never quantized with `requantized` shows on average.
    static func expectedError(final: Int, requantized: Int) -> Double {
        guard final > 0, requantized > 0 else { return 0 }
        var a = final
        var b = requantized
        while b != 0 { (a, b) = (b, a % b) }
        let period = requantized / a
        var total = 0.0
        for j in 0..<period {
            var residue = Double((j * a) % requantized)
            if 2 * residue > Double(requantized) { residue -= Double(requantized) }
            total += residue * residue
        }
        return total / Double(period)
    }

    /// Per block and candidate: the weighted squared requantization errors and the number of coefficients
    /// that carry evidence (laid out candidate by candidate).
    private func accumulate(_ luma: DoubleJPEGMath.Luma, _ candidates: [Candidate], skipping clipped: [Bool])
        -> (sums: [Float], counts: [Float])
    {
        let blocks = luma.columns * luma.rows
        let qualityCount = candidates.count
        var sums = [Float](repeating: 0, count: qualityCount * blocks)
        var counts = [Float](repeating: 0, count: qualityCount * blocks)
        let inverse = candidates.flatMap(\.inverseSteps)
        let steps = candidates.flatMap(\.steps)
        let weights = candidates.flatMap(\.weights)
        let table = luma.table.map { Float($0) }
        luma.coefficients.withUnsafeBufferPointer { source in
            sums.withUnsafeMutableBufferPointer { sums in
                counts.withUnsafeMutableBufferPointer { counts in
                    for row in 0..<luma.rows {
                        for column in 0..<luma.columns {
                            let base = luma.offset(column: column, row: row)
                            let block = row * luma.columns + column
                            if clipped[block] { continue }
                            for k in 1..<64 {
                                let quantized = source[base + k]
                                if quantized == 0 { continue }
                                let value = Float(quantized) * table[k]
                                for q in 0..<qualityCount {
                                    let weight = weights[q * 64 + k]
                                    if weight == 0 { continue }
                                    let level = (value * inverse[q * 64 + k]).rounded(.toNearestOrEven)
                                    if level == 0 { continue }
                                    let error = value - level * steps[q * 64 + k]
                                    sums[q * blocks + block] += error * error * weight
                                    counts[q * blocks + block] += 1
                                }
                            }
                        }
                    }
                }
            }
        }
        return (sums, counts)
    }

    /// The windowed ratio map of one quality and how strongly it shows a local ghost.
    private func evaluate(_ candidate: Candidate, sums: [Float], counts: [Float], luma: DoubleJPEGMath.Luma)
        -> Finding
    {
        let columns = luma.columns
        let rows = luma.rows
        let windowSums = DoubleJPEGMath.boxSum(sums, columns: columns, rows: rows, radius: Self.windowRadius)
        let windowCounts = DoubleJPEGMath.boxSum(counts, columns: columns, rows: rows, radius: Self.windowRadius)
        var ratio = [Float](repeating: .nan, count: sums.count)
        var ghost = [Bool](repeating: false, count: sums.count)
        var validCount = 0
        var others: [Float] = []
        others.reserveCapacity(sums.count)
        for index in ratio.indices where windowCounts[index] >= Self.minimumCount {
            let value = windowSums[index] / windowCounts[index]
            ratio[index] = value
            validCount += 1
            if value < Self.ghostLevel { ghost[index] = true } else { others.append(value) }
        }
        let rest = others.isEmpty ? Float(1) : DoubleJPEGMath.median(&others)
        let (labels, sizes) = DoubleJPEGMath.regions(ghost, columns: columns, rows: rows)
        let ghostCount = sizes.reduce(0, +)
        let coverage = validCount > 0 ? Double(ghostCount) / Double(validCount) : 0
        var pooled: Float = 1
        var largest = 0
        if let top = sizes.indices.max(by: { sizes[$0] < sizes[$1] }) {
            largest = sizes[top]
            var sum: Float = 0
            var count: Float = 0
            for index in labels.indices where labels[index] == Int32(top) {
                sum += sums[index]
                count += counts[index]
            }
            pooled = count > 0 ? sum / count : 1
        }
        // How far the region's error sits from the rest's towards what a full ghost would show (1 = a full ghost).
        let depth = Double(rest - pooled) / max(Double(rest) - candidate.faintness, 0.05)
        let size = ForensicMath.logistic(log2(Double(max(largest, 1))), midpoint: log2(12), width: 0.5)
        let strength = ForensicMath.logistic(depth, midpoint: 0.65, width: 0.06)
        let local = min(max((0.7 - coverage) / 0.3, 0), 1)
        let map = ratio.map { $0.isNaN ? 0 : 1 - $0 / max(rest, 1e-3) }
        return Finding(
            quality: candidate.quality, score: size * strength * local, blocks: largest, ratio: pooled, rest: rest,
            depth: depth, coverage: coverage, map: map)
    }
}
