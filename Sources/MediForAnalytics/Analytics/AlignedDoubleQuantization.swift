import Foundation
import MediForImaging

/// Aligned double JPEG quantization (A-DJPG).
///
/// Method: Z. Lin, J. He, X. Tang, C.-K. Tang, "Fast, automatic and fine-grained tampered JPEG image detection via
/// DCT coefficient analysis", Pattern Recognition 42(11), 2009, with the likelihood map of T. Bianchi, A. De
/// Rosa, A. Piva, "Improved DCT coefficient analysis for forgery localization in JPEG images", ICASSP 2011. A JPEG
/// decoded and saved again on the same 8×8 grid carries the first quantizer's lattice inside the second one: the
/// histogram of each DCT frequency becomes periodic, with bins that are over-full or empty depending on how the
/// two steps interleave. A region pasted in from content that was not compressed on that grid was quantized only
/// once and fills the bins evenly.
///
/// Here, for the 14 lowest AC frequencies of the luminance, the file's own quantized coefficients k (step Q2) are
/// histogrammed and the primary step Q1 is estimated as the one whose periodic pattern best explains the
/// histogram. The distribution of never-quantized coefficients is estimated from the decoded image itself, by
/// taking the DCT on the grid shifted by (4, 4) where neither quantizer's lattice survives (the calibration of
/// Bianchi and Piva's later block-grained analysis). From it, P(k | single) is the mass of k's Q2 bin, and
/// P(k | double) sums, over the Q1 lattice points m·Q1, the mass of m's Q1 bin times the chance that rounding
/// noise (σ 0.8) carries m·Q1 into k's bin. A two-component mixture (weight fitted by EM) is scored against
/// "single" for every Q1 from Q2 + 1 to 40, that is for a first compression coarser than the last (a lower
/// quality first, a higher one last, as in the forgeries this targets; a finer first quantizer leaves only faint
/// traces that the calibration error of the prior would drown). Frequencies whose best Q1 gains at least 0.25
/// nats per non-zero coefficient are used (double compressions on the sample photos gain 0.5 to 1.3, single ones
/// at most 0.2), and at least three are needed. Each block's evidence is the sum over those frequencies of
/// log P(k | double)/P(k | single)
/// (zeros and blocks with clipped pixels count as neither), summed over 3×3 blocks. The score grows with the
/// largest connected region whose evidence is decisively "single" (below -ln 100) in an image whose other decisive
/// blocks are double; the mask is each block's posterior probability of single compression.
struct AlignedDoubleQuantization: ForensicAnalytic {
    let descriptor = AnalyticDescriptor(
        id: "adq", name: "Aligned double JPEG quantization",
        summary: "Singly compressed regions inside an image compressed twice on the same 8×8 grid.",
        citation: "Z. Lin, J. He, X. Tang, C.-K. Tang, Fast, automatic and fine-grained tampered JPEG image detection "
            + "via DCT coefficient analysis, Pattern Recognition 42(11), 2009; T. Bianchi, A. De Rosa, A. Piva, "
            + "Improved DCT coefficient analysis for forgery localization in JPEG images, ICASSP 2011")

    /// AC frequencies used, by zig-zag rank.
    static let frequencies = Array(DoubleJPEGMath.zigzag[1...14])
    /// Largest primary step tried.
    static let largestPrimaryStep = 40
    /// Standard deviation of the rounding noise between the two compressions, in DCT units.
    static let noise = 0.8
    /// Gain (nats per non-zero coefficient) a frequency's best primary step needs to be used.
    static let minimumGain = 0.25
    /// Largest |k| modelled; larger coefficients count as no evidence.
    static let largestLevel = 256
    /// Window evidence beyond which a block is called single or double.
    static let decisive = Float(log(100.0))

    /// One frequency's fitted model: the primary step and the log-likelihood ratio (double over single) of each
    /// quantized level `-reach…reach`.
    private struct Model {
        var index: Int
        var final: Int
        var primary: Int
        var gain: Double
        var reach: Int
        var evidence: [Float]
    }

    func analyze(_ input: AnalysisInput) throws(AnalysisError) -> AnalysisResult {
        guard input.isJPEG else { return .optOut("aligned double quantization applies to JPEG files only") }
        let jpeg = try input.jpegCoefficients()
        guard let luma = try DoubleJPEGMath.luma(jpeg) else {
            return .optOut("the JPEG has no luminance plane (\(jpeg.colorModel.rawValue))")
        }
        guard luma.columns >= 8, luma.rows >= 8 else {
            return .optOut("image is smaller than 64×64 pixels; the DCT histograms need more blocks")
        }
        let priors = Self.priors(try input.luminance())
        let models = zip(Self.frequencies, priors).compactMap { fit(frequency: $0, prior: $1, luma) }
            .filter { $0.gain >= Self.minimumGain }
        let bestGain = models.map(\.gain).max() ?? 0
        guard models.count >= 3 else {
            return AnalysisResult(
                score: 0,
                explanation: String(
                    format: "no aligned double compression: the DCT histograms fit one quantization (%d of %d "
                        + "frequencies periodic, best gain %.3f nats per coefficient)", models.count,
                    Self.frequencies.count, bestGain))
        }
        let columns = luma.columns
        let rows = luma.rows
        let clipped = DoubleJPEGMath.clippedBlocks(try input.image(), columns: columns, rows: rows)
        var evidence = [Float](repeating: 0, count: columns * rows)
        luma.coefficients.withUnsafeBufferPointer { source in
            for model in models {
                model.evidence.withUnsafeBufferPointer { table in
                    for row in 0..<rows {
                        for column in 0..<columns where !clipped[row * columns + column] {
                            let level = Int(source[luma.offset(column: column, row: row) + model.index])
                            guard level != 0, abs(level) <= model.reach else { continue }
                            evidence[row * columns + column] += table[level + model.reach]
                        }
                    }
                }
            }
        }
        let window = DoubleJPEGMath.boxSum(evidence, columns: columns, rows: rows, radius: 1)
        let single = window.map { $0 < -Self.decisive }
        let doubled = window.reduce(0) { $0 + ($1 > Self.decisive ? 1 : 0) }
        let (_, sizes) = DoubleJPEGMath.regions(single, columns: columns, rows: rows)
        let largest = sizes.max() ?? 0
        let singles = sizes.reduce(0, +)
        let share = Double(singles) / Double(max(singles + doubled, 1))
        let size = ForensicMath.logistic(log2(Double(max(largest, 1))), midpoint: log2(10), width: 0.5)
        let score = size * min(max((0.85 - share) / 0.3, 0), 1)
        let posterior = window.map { 1 / (1 + exp(min(max($0, -30), 30))) }
        let mask = try DoubleJPEGMath.blockMask(
            posterior, columns: columns, rows: rows, width: jpeg.width, height: jpeg.height, low: 0.5, high: 0.97)
        let primary = Self.primaryQuality(models)
        return AnalysisResult(
            score: score, mask: mask,
            explanation: String(
                format: "double compressed on the same grid (%d of %d frequencies periodic, first quality ≈%d); "
                    + "largest singly compressed region %d blocks (%.1f%% of the image); %.0f%% of decisive "
                    + "blocks look singly compressed", models.count, Self.frequencies.count, primary, largest,
                100 * Double(largest) / Double(columns * rows), 100 * share))
    }

    /// The IJG quality whose luminance steps best match the estimated primary steps.
    private static func primaryQuality(_ models: [Model]) -> Int {
        var best = (quality: 0, error: Double.infinity)
        for quality in 1...100 {
            let table = JPEGQuality.scaled(JPEGQuality.standardLuminance, quality: quality)
            let error = models.reduce(0.0) { $0 + abs(Double(table[$1.index] - $1.primary)) }
            if error < best.error { best = (quality, error) }
        }
        return best.quality
    }

    /// The distribution of never-quantized coefficients of each used frequency, from the DCT of `plane` on the
    /// grid shifted by (4, 4) (at most about 40 000 blocks).
    static func priors(_ plane: GrayImage) -> [Prior] {
        let blocks = (plane.width / 8) * (plane.height / 8)
        let step = max(1, Int((Double(blocks) / 40_000).squareRoot().rounded(.up)))
        let sample = DoubleJPEGMath.blockCoefficients(
            plane, offsetX: 4, offsetY: 4, frequencies: frequencies, step: step)
        return frequencies.indices.map { slot in
            Prior(
                values: Swift.stride(from: slot, to: sample.values.count, by: frequencies.count)
                    .map { sample.values[$0] })
        }
    }

    /// Fits the primary step of one frequency, or nil when it has too few non-zero coefficients.
    private func fit(frequency index: Int, prior: Prior, _ luma: DoubleJPEGMath.Luma) -> Model? {
        let final = luma.table[index]
        var reach = 0
        luma.coefficients.withUnsafeBufferPointer { source in
            for row in 0..<luma.rows {
                for column in 0..<luma.columns {
                    reach = max(reach, abs(Int(source[luma.offset(column: column, row: row) + index])))
                }
            }
        }
        reach = min(reach, Self.largestLevel)
        guard reach >= 2 else { return nil }
        var histogram = [Double](repeating: 0, count: 2 * reach + 1)
        luma.coefficients.withUnsafeBufferPointer { source in
            for row in 0..<luma.rows {
                for column in 0..<luma.columns {
                    let level = Int(source[luma.offset(column: column, row: row) + index])
                    if level != 0, abs(level) <= reach { histogram[level + reach] += 1 }
                }
            }
        }
        let total = histogram.reduce(0, +)
        guard total >= 100 else { return nil }
        let occupied = histogram.indices.filter { histogram[$0] > 0 }
        var best = (gain: 0.0, primary: 0)
        for primary in (final + 1)...max(final + 1, Self.largestPrimaryStep) {
            let ratios = occupied.map {
                Self.likelihoodRatio(level: $0 - reach, primary: primary, final: final, prior: prior)
            }
            var weight = 0.5
            for _ in 0..<30 {
                var share = 0.0
                for (slot, bin) in occupied.enumerated() {
                    let doubled = weight * ratios[slot]
                    share += histogram[bin] * doubled / (doubled + 1 - weight)
                }
                weight = min(max(share / total, 1e-4), 1 - 1e-4)
            }
            var gain = 0.0
            for (slot, bin) in occupied.enumerated() {
                gain += histogram[bin] * log(weight * ratios[slot] + 1 - weight)
            }
            if gain > best.gain { best = (gain, primary) }
        }
        guard best.primary > 0 else { return nil }
        let evidence = (0...(2 * reach)).map { bin -> Float in
            bin == reach
                ? 0
                : Float(
                    log(Self.likelihoodRatio(level: bin - reach, primary: best.primary, final: final, prior: prior)))
        }
        return Model(
            index: index, final: final, primary: best.primary, gain: best.gain / total, reach: reach,
            evidence: evidence)
    }

    /// P(level | quantized with `primary`, then with `final`) over P(level | quantized with `final` only), for
    /// coefficients distributed as `prior`, clamped to [0.05, 20] so that no single coefficient decides a block.
    static func likelihoodRatio(level: Int, primary: Int, final: Int, prior: Prior) -> Double {
        let step = Double(primary)
        let low = (Double(level) - 0.5) * Double(final)
        let high = (Double(level) + 0.5) * Double(final)
        let single = prior.mass(low, high)
        var doubled = 0.0
        var spread = 0.0
        let first = Int(((low - 5 * noise) / step).rounded(.down))
        let last = Int(((high + 5 * noise) / step).rounded(.up))
        for m in first...max(first, last) {
            let center = Double(m) * step
            let reach = DoubleJPEGMath.tabulatedNormalCDF((high - center) / noise)
                - DoubleJPEGMath.tabulatedNormalCDF((low - center) / noise)
            doubled += reach * prior.mass(center - step / 2, center + step / 2)
            spread += reach
        }
        // Where the prior has no mass at all it is flat across a few steps: use the ratio of bin widths.
        let ratio = single > 1e-12 ? doubled / single : spread * step / Double(final)
        return min(max(ratio, 0.05), 20)
    }

    /// An empirical distribution of coefficient values: counts in bins of 0.5 with a small uniform floor (1% of
    /// the mass spread over the range), so that every interval has some probability.
    struct Prior {
        static let width = 0.5
        /// Cumulative counts at the bin edges, from `-range`.
        private var cumulative: [Double]
        private let range: Double
        private let total: Double

        init(values: [Float]) {
            let largest = Double(values.lazy.map { abs($0) }.max() ?? 0)
            range = min(largest, 4096) + 64
            let bins = Int(2 * range / Self.width) + 1
            var counts = [Double](repeating: 0, count: bins)
            for value in values {
                let bin = Int(((Double(value) + range) / Self.width).rounded(.down))
                if bin >= 0, bin < bins { counts[bin] += 1 }
            }
            let floor = 0.01 * Double(max(values.count, 1)) / Double(bins)
            cumulative = [0]
            cumulative.reserveCapacity(bins + 1)
            var running = 0.0
            for count in counts {
                running += count + floor
                cumulative.append(running)
            }
            total = running
        }

        /// The probability of [`low`, `high`), interpolating linearly inside bins; values beyond the range
        /// count at the floor density.
        func mass(_ low: Double, _ high: Double) -> Double {
            max(at(high) - at(low), 0) / total
        }

        private func at(_ x: Double) -> Double {
            let position = (x + range) / Self.width
            let bins = cumulative.count - 1
            if position <= 0 { return position * (cumulative[1] - cumulative[0]) }
            if position >= Double(bins) {
                return cumulative[bins] + (position - Double(bins)) * (cumulative[bins] - cumulative[bins - 1])
            }
            let index = Int(position)
            let fraction = position - Double(index)
            return cumulative[index] + fraction * (cumulative[index + 1] - cumulative[index])
        }
    }
}
