import Foundation
import MediForImaging

/// Local noise variance from the wavelet diagonal subband.
///
/// Method: B. Mahdian and S. Saic, "Using noise inconsistencies for blind image forensics", Image and Vision
/// Computing 27(10), 2009. The luminance is split by a one-level wavelet transform; the diagonal detail subband HH
/// holds mostly noise, so the noise standard deviation of each block is estimated robustly as
/// `median(|HH|) / 0.6745`, and blocks whose noise level is inconsistent with the rest of the image are segmented
/// out as a likely splice or retouch.
///
/// Here: orthonormal Haar, blocks of 16×16 HH coefficients (32×32 pixels) every 8 coefficients. On small or
/// downsampled photos the HH median also measures fine texture, which made whole textured areas look "noisy", so
/// each block's noise is bounded from below with what the rest of the same decomposition says about its content:
/// natural content is stronger at the next scale (HH of the LL band) and in at least one of the horizontal/vertical
/// subbands, while noise is white and isotropic. With `s1` = HH, `s2` = second-level HH and `sd` = the weaker of
/// LH/HL, the variance a block can owe to noise is at least `min((K s1² − s2²), (K s1² − sd²)) / (K − 1)` with
/// K = 2.25 (content at least 1.5× stronger there). The image's own noise level is the median block HH estimate;
/// the evidence of a block is the log ratio of its noise floor to that level, averaged over 3×3 neighbouring blocks
/// (a coherent ~64-pixel region, the merging step); the score maps the strongest region through a logistic and the
/// mask shows where the evidence is. Lower noise than the rest (blur, denoising) is not scored: on clean photos the
/// noise floor is already near the quantization limit, so a missing-noise region cannot be told from a flat one.
struct WaveletNoiseVariance: ForensicAnalytic {
    let descriptor = AnalyticDescriptor(
        id: "wavelet", name: "Wavelet noise variance",
        summary: "Regions whose local noise level (wavelet HH median estimator) is inconsistent with the rest.",
        citation: "Mahdian & Saic, Using noise inconsistencies for blind image forensics, Image and Vision Computing 2009")

    /// Block side in HH coefficients (pixels / 2) and the step between blocks.
    static let block = 16
    static let step = 8
    /// How much stronger content must be at the coarser scale and in one orientation than in HH.
    static let contentRatio: Float = 2.25
    /// Blocks whose mean is this close to black or white are clipped: no noise can be measured there.
    static let clipMargin: Float = 4

    func analyze(_ input: AnalysisInput) throws(AnalysisError) -> AnalysisResult {
        let luminance = try input.luminance()
        let width = luminance.width, height = luminance.height
        guard width >= 96, height >= 96 else {
            return .optOut("image is smaller than 96×96 pixels; a noise map needs several 32-pixel blocks")
        }
        let level1 = luminance.pixels.withUnsafeBufferPointer { NoiseMath.haar($0, width: width, height: height) }
        let level2 = level1.ll.withUnsafeBufferPointer {
            NoiseMath.haar($0, width: level1.width, height: level1.height)
        }
        // The grid lives on the second level (blocks of 8, step 4); each block covers 16×16 at level one.
        guard let grid = BlockGrid(
            width: level2.width, height: level2.height, size: Self.block / 2, stride: Self.step / 2)
        else { return .optOut("image too small for the block grid") }

        let count = grid.count
        var hhSigma = [Float](repeating: 0, count: count)
        var floorSigma = [Float](repeating: 0, count: count)
        var valid = [Bool](repeating: true, count: count)
        var scratch = [Float](repeating: 0, count: Self.block * Self.block)
        let k = Self.contentRatio
        level1.hh.withUnsafeBufferPointer { hh in
            level1.lh.withUnsafeBufferPointer { lh in
                level1.hl.withUnsafeBufferPointer { hl in
                    level2.hh.withUnsafeBufferPointer { hh2 in
                        level2.ll.withUnsafeBufferPointer { ll2 in
                            scratch.withUnsafeMutableBufferPointer { scratch in
                                for row in 0..<grid.rows {
                                    for column in 0..<grid.columns {
                                        let index = row * grid.columns + column
                                        let x2 = column * grid.stride, y2 = row * grid.stride
                                        let x1 = 2 * x2, y1 = 2 * y2
                                        // Level-2 LL is 4 × the pixel mean (two orthonormal steps).
                                        var mean: Float = 0
                                        for y in y2..<(y2 + grid.size) {
                                            for x in x2..<(x2 + grid.size) { mean += ll2[y * level2.width + x] }
                                        }
                                        mean /= Float(4 * grid.size * grid.size)
                                        if mean < Self.clipMargin || mean > 255 - Self.clipMargin { valid[index] = false }
                                        let s1 = NoiseMath.madSigma(
                                            hh, width: level1.width, x: x1, y: y1, size: Self.block, scratch: scratch)
                                        let sh = NoiseMath.madSigma(
                                            lh, width: level1.width, x: x1, y: y1, size: Self.block, scratch: scratch)
                                        let sv = NoiseMath.madSigma(
                                            hl, width: level1.width, x: x1, y: y1, size: Self.block, scratch: scratch)
                                        let s2 = NoiseMath.madSigma(
                                            hh2, width: level2.width, x: x2, y: y2, size: grid.size, scratch: scratch)
                                        let sd = min(sh, sv)
                                        let scaleBound = (k * s1 * s1 - s2 * s2) / (k - 1)
                                        let orientationBound = (k * s1 * s1 - sd * sd) / (k - 1)
                                        hhSigma[index] = s1
                                        floorSigma[index] = max(min(scaleBound, orientationBound), 0).squareRoot()
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        let measured = zip(hhSigma, valid).compactMap { $1 ? $0 : nil }
        guard measured.count >= 4 else {
            return .optOut("almost every block is clipped to black or white; no noise to measure")
        }
        let imageNoise = ForensicMath.median(measured)
        let reference = max(imageNoise, 1)
        var evidence = [Float](repeating: 0, count: count)
        for index in 0..<count where valid[index] {
            evidence[index] = log(max(floorSigma[index], reference / 2) / reference)
        }
        let smoothed = grid.smoothed(evidence)
        var peak: Float = -.infinity
        var peakIndex = 0
        for (index, value) in smoothed.enumerated() where value > peak {
            peak = value
            peakIndex = index
        }
        let score = ForensicMath.logistic(Double(peak), midpoint: 0.75, width: 0.12)
        let suspicion = grid.expand(smoothed, width: width, height: height, scale: 4)
        let mask = try AnalysisMask(suspicion: suspicion, low: 0.45, high: max(peak, 0.9))
        let peakFloor = reference * exp(peak)
        let x = (peakIndex % grid.columns) * grid.stride * 4, y = (peakIndex / grid.columns) * grid.stride * 4
        return AnalysisResult(
            score: score, mask: mask,
            explanation: String(
                format: "image noise σ %.2f (HH median); strongest region near (%d, %d) has a texture-compensated noise floor of %.2f, %.1f× the image's",
                Double(imageNoise), x, y, Double(peakFloor), Double(exp(peak))))
    }
}
