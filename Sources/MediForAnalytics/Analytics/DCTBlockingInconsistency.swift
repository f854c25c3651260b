import Foundation
import MediForImaging

/// Inconsistency of the JPEG blocking artifact measure.
///
/// Method: S. Ye, Q. Sun, E.-C. Chang, "Detecting digital image forgeries by measuring inconsistencies of
/// blocking artifact", ICME 2007. A JPEG-compressed image keeps, in every aligned 8×8 block, DCT coefficients close
/// to integer multiples of the quantization steps it was compressed with, even after being decoded, edited and saved
/// again at a high quality. The steps can be estimated from the image itself; blocks whose coefficients sit far from
/// those multiples were not part of that compression (pasted, retouched or never compressed content).
///
/// Here: the orthonormal DCT of the decoded luminance in aligned 8×8 blocks (always the decoded image, so that the
/// primary compression is measured, not the last save; for a JPEG input the file's own table is only reported).
/// For each AC frequency the step q is estimated from the histogram of |coefficients|: among candidates 2…60, the
/// periodicity E(q) is the mean of cos(2πc/q) over coefficients at least q/2 in magnitude, and the largest q with
/// E(q) ≥ 0.8 max E is kept (divisors of the true step are as periodic, multiples are not); steps below 4 (pixel
/// rounding alone moves coefficients by a tenth of such a step), or frequencies with fewer than 50 such
/// coefficients or max E < 0.5, are not used. Per block, the measure is the
/// mean distance, in steps (0…0.5), from each informative coefficient (|c| ≥ q/2) to its nearest multiple; blocks
/// with clipped pixels or fewer than 3 informative coefficients carry no evidence (rounding in smooth ramps and
/// clipping break the lattice). The measure is pooled over 5×5 blocks (shrunk towards the image mean with a weight
/// of 4 coefficients); its excess over the image's median is the mask, and the score maps the largest excess over
/// a neighbourhood with at least 20 informative coefficients through a logistic (0.075 ± 0.012 steps: a region
/// never compressed sits near 0.25, a consistent one near the median).
struct DCTBlockingInconsistency: ForensicAnalytic {
    let descriptor = AnalyticDescriptor(
        id: "dctblock", name: "DCT blocking artifact inconsistency",
        summary: "Blocks whose DCT coefficients do not sit on the quantization lattice of the image's compression.",
        citation:
            "Ye, Sun, Chang, Detecting digital image forgeries by measuring inconsistencies of blocking artifact, ICME 2007"
    )

    static let largestStep = 60
    /// Steps below this are not measured: decoding rounds every pixel, which moves a coefficient by about 0.35
    /// (more after a second save), a tenth of a step of 4 but too much of a step of 2 or 3.
    static let smallestStep = 4
    static let minimumSamples = 50
    static let minimumInformative = 3
    static let poolRadius = 2
    static let shrinkage: Float = 4

    func analyze(_ input: AnalysisInput) throws(AnalysisError) -> AnalysisResult {
        let image = try input.image()
        guard image.width >= 64, image.height >= 64 else {
            return .optOut("image is smaller than 64×64 pixels; the step estimate needs many blocks")
        }
        let luma = try input.luminance()
        let columns = luma.width / 8
        let rows = luma.height / 8
        let coefficients = Self.blockDCT(luma, columns: columns, rows: rows)
        let steps = Self.estimateSteps(coefficients, blocks: columns * rows)
        let used = steps.filter { $0 >= Self.smallestStep }.count
        var fileText = ""
        // For the explanation only: the file's own (last) table. A file whose coefficients cannot be read has
        // already been refused by the decoder, so a failure here only drops the remark.
        if input.isJPEG, let table = try? input.jpegCoefficients().components.first?.quantizationTable {
            fileText = "; file saved at about IJG quality \(JPEGQuality.estimate(luminance: table).quality)"
        }
        guard used >= 3 else {
            return .optOut(
                "no JPEG quantization lattice found in the DCT histograms (\(used) usable frequencies)\(fileText)")
        }

        // Per block: summed distance to the lattice and number of informative coefficients.
        let clipped = JPEGGridMath.clippedBlocks(image)
        var distance = [Float](repeating: 0, count: columns * rows)
        var informative = [Float](repeating: 0, count: columns * rows)
        coefficients.withUnsafeBufferPointer { c in
            for block in 0..<(columns * rows) where !clipped.flags[block] {
                var sum: Float = 0
                var count = 0
                for k in 1..<64 where steps[k] >= Self.smallestStep {
                    let q = Float(steps[k])
                    let value = c[block * 64 + k]
                    guard abs(value) >= q / 2 else { continue }
                    let ratio = value / q
                    sum += abs(ratio - ratio.rounded())
                    count += 1
                }
                if count >= Self.minimumInformative {
                    distance[block] = sum
                    informative[block] = Float(count)
                }
            }
        }
        let totalCount = informative.reduce(0, +)
        guard totalCount > 0 else {
            return .optOut("no textured, unclipped block to measure the lattice distance on\(fileText)")
        }
        let mean = distance.reduce(0, +) / totalCount
        let pooledDistance = JPEGGridMath.boxSum(distance, columns: columns, rows: rows, radius: Self.poolRadius)
        let pooledCount = JPEGGridMath.boxSum(informative, columns: columns, rows: rows, radius: Self.poolRadius)
        var measure = [Float](repeating: 0, count: columns * rows)
        var supported: [Float] = []
        for index in measure.indices {
            measure[index] = (pooledDistance[index] + Self.shrinkage * mean) / (pooledCount[index] + Self.shrinkage)
            if pooledCount[index] > 0 { supported.append(measure[index]) }
        }
        let baseline = ForensicMath.median(supported)
        var excess = [Float](repeating: 0, count: columns * rows)
        var strongest: Float = 0
        var flagged = 0
        for index in excess.indices where pooledCount[index] > 0 {
            excess[index] = measure[index] - baseline
            if pooledCount[index] >= 20 { strongest = max(strongest, excess[index]) }
            if excess[index] >= 0.06 { flagged += 1 }
        }
        let score = ForensicMath.logistic(Double(strongest), midpoint: 0.075, width: 0.012)
        let mask = try JPEGGridMath.cellMask(
            excess, columns: columns, rows: rows, cell: 8, width: luma.width, height: luma.height, low: 0.03,
            high: 0.12)
        return AnalysisResult(
            score: score, mask: mask,
            explanation: String(
                format: "steps estimated on %d frequencies (about IJG quality %d)%@; median lattice distance %.3f steps, most deviant region +%.3f, %d px² above +0.06",
                used, Self.nearestQuality(steps), fileText, Double(baseline), Double(strongest), flagged * 64))
    }

    /// Orthonormal 2-D DCT of the level-shifted luminance in aligned 8×8 blocks: 64 values per block, natural order
    /// (`k = v * 8 + u`), blocks row-major.
    static func blockDCT(_ luma: GrayImage, columns: Int, rows: Int) -> [Float] {
        var output = [Float](repeating: 0, count: columns * rows * 64)
        var temp = [Float](repeating: 0, count: 64)
        let width = luma.width
        JPEGGridMath.dct8.withUnsafeBufferPointer { dct in
            luma.pixels.withUnsafeBufferPointer { y in
                output.withUnsafeMutableBufferPointer { out in
                    temp.withUnsafeMutableBufferPointer { t in
                        for row in 0..<rows {
                            for column in 0..<columns {
                                let origin = row * 8 * width + column * 8
                                // Rows: t[line * 8 + u].
                                for line in 0..<8 {
                                    for u in 0..<8 {
                                        var sum: Float = 0
                                        for k in 0..<8 { sum += dct[u * 8 + k] * (y[origin + line * width + k] - 128) }
                                        t[line * 8 + u] = sum
                                    }
                                }
                                let base = (row * columns + column) * 64
                                for v in 0..<8 {
                                    for u in 0..<8 {
                                        var sum: Float = 0
                                        for k in 0..<8 { sum += dct[v * 8 + k] * t[k * 8 + u] }
                                        out[base + v * 8 + u] = sum
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return output
    }

    /// The quantization step of each frequency (0 where none is found), from quarter-unit histograms of the
    /// coefficients' magnitudes.
    static func estimateSteps(_ coefficients: [Float], blocks: Int) -> [Int] {
        let bins = 4 * 256
        // All 64 histograms in one pass over the coefficients (they are stored block by block).
        var histograms = [Int32](repeating: 0, count: 64 * bins)
        coefficients.withUnsafeBufferPointer { c in
            histograms.withUnsafeMutableBufferPointer { h in
                for block in 0..<blocks {
                    for k in 1..<64 {
                        let bin = Int((abs(c[block * 64 + k]) * 4).rounded())
                        if bin >= 2 && bin < bins { h[k * bins + bin] += 1 }
                    }
                }
            }
        }
        var steps = [Int](repeating: 0, count: 64)
        var periodicity = [Double](repeating: -1, count: largestStep + 1)
        for k in 1..<64 {
            let offset = k * bins
            let occupied = (2..<bins).filter { histograms[offset + $0] > 0 }
            for q in 2...largestStep {
                var sum = 0.0
                var count = 0
                for bin in occupied where bin * 2 >= q * 4 {
                    let weight = Int(histograms[offset + bin])
                    sum += Double(weight) * cos(2 * Double.pi * Double(bin) / (4 * Double(q)))
                    count += weight
                }
                periodicity[q] = count >= minimumSamples ? sum / Double(count) : -1
            }
            guard let best = periodicity.max(), best >= 0.5 else { continue }
            steps[k] = (2...largestStep).last { periodicity[$0] >= 0.8 * best } ?? 0
        }
        return steps
    }

    /// The IJG quality whose scaled standard luminance table best matches the estimated steps (where known).
    static func nearestQuality(_ steps: [Int]) -> Int {
        var best = (quality: 0, error: Double.infinity)
        for quality in 1...100 {
            let table = JPEGQuality.scaled(JPEGQuality.standardLuminance, quality: quality)
            var error = 0.0
            var count = 0
            for k in 1..<64 where steps[k] >= Self.smallestStep {
                error += abs(Double(table[k] - steps[k]))
                count += 1
            }
            if count > 0, error / Double(count) < best.error { best = (quality, error / Double(count)) }
        }
        return best.quality
    }
}
