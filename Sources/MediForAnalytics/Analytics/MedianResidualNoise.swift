import Foundation
import MediForImaging

/// Local statistics of the median filter residual.
///
/// Method: X. Kang, M. C. Stamm, A. Peng and K. J. R. Liu, "Robust median filtering forensics using an
/// autoregressive model", IEEE Transactions on Information Forensics and Security 8(9), 2013. The median filter
/// residual (MFR), the difference between the image and its 3×3 median-filtered version, suppresses image content
/// and keeps the fine-scale structure a median filter would remove; Kang et al. fit an autoregressive model to it
/// and find that median-filtered content leaves a residual with a distinctive, stronger correlation. They classify
/// whole images; this analytic applies the same residual locally to find regions whose residual statistics are
/// abnormal for the image.
///
/// Here, for 32×32 blocks every 16 pixels: (1) the residual energy relative to the same residual one octave
/// coarser (2×2-averaged image), `ln((rms MFR + ½) / (rms MFR½ + ½))`, which removes most of the dependence on
/// texture: smoothing (median, blur) removes fine-scale residual faster than coarse, added noise adds it; and (2)
/// the first autoregressive coefficient of the residual (lag-one correlation over rows and columns), which
/// smoothing raises and white noise lowers. Each is turned into robust z-scores against the image's own median and
/// spread, and combined into one signed evidence `(z_AR − z_energy)/√2`: positive where the residual looks smoothed,
/// negative where it looks noisier. Evidence is averaged over 3×3 neighbouring blocks; the score maps the strongest
/// region of either sign through a logistic, and the mask marks both.
struct MedianResidualNoise: ForensicAnalytic {
    let descriptor = AnalyticDescriptor(
        id: "median", name: "Median filter residual",
        summary: "Regions whose median-filter residual is abnormally smooth (median filtered, blurred) or noisy.",
        citation: "Kang, Stamm, Peng & Liu, Robust median filtering forensics using an autoregressive model, IEEE TIFS 2013")

    static let cell = 16

    func analyze(_ input: AnalysisInput) throws(AnalysisError) -> AnalysisResult {
        let luminance = try input.luminance()
        let width = luminance.width, height = luminance.height
        guard width >= 96, height >= 96 else {
            return .optOut("image is smaller than 96×96 pixels; residual statistics need several 32-pixel blocks")
        }
        let cellsX = width / Self.cell, cellsY = height / Self.cell
        guard let grid = BlockGrid(width: cellsX, height: cellsY, size: 2, stride: 1) else {
            return .optOut("image too small for the block grid")
        }
        // Per cell: Σr², Σ lag-one products, Σ squares of the pairs' first members, Σr½².
        var cells = [Double](repeating: 0, count: cellsX * cellsY * 4)
        luminance.pixels.withUnsafeBufferPointer { y in
            let median = NoiseMath.median3x3(y, width: width, height: height)
            var residual = [Float](repeating: 0, count: width * height)
            median.withUnsafeBufferPointer { m in for i in 0..<residual.count { residual[i] = y[i] - m[i] } }
            let halfWidth = width / 2, halfHeight = height / 2
            var half = [Float](repeating: 0, count: halfWidth * halfHeight)
            for hy in 0..<halfHeight {
                for hx in 0..<halfWidth {
                    let i = 2 * hy * width + 2 * hx
                    half[hy * halfWidth + hx] = (y[i] + y[i + 1] + y[i + width] + y[i + width + 1]) * 0.25
                }
            }
            let halfMedian = half.withUnsafeBufferPointer {
                NoiseMath.median3x3($0, width: halfWidth, height: halfHeight)
            }
            residual.withUnsafeBufferPointer { r in
                cells.withUnsafeMutableBufferPointer { out in
                    for py in 0..<(cellsY * Self.cell) {
                        let cy = py / Self.cell
                        for px in 0..<(cellsX * Self.cell) {
                            let i = py * width + px
                            let value = Double(r[i])
                            let offset = (cy * cellsX + px / Self.cell) * 4
                            out[offset] += value * value
                            if px + 1 < width {
                                out[offset + 1] += value * Double(r[i + 1])
                                out[offset + 2] += value * value
                            }
                            if py + 1 < height {
                                out[offset + 1] += value * Double(r[i + width])
                                out[offset + 2] += value * value
                            }
                        }
                    }
                    for hy in 0..<(cellsY * Self.cell / 2) {
                        for hx in 0..<(cellsX * Self.cell / 2) {
                            let value = Double(half[hy * halfWidth + hx] - halfMedian[hy * halfWidth + hx])
                            out[((2 * hy / Self.cell) * cellsX + 2 * hx / Self.cell) * 4 + 3] += value * value
                        }
                    }
                }
            }
        }
        var energy = [Float](repeating: 0, count: grid.count)
        var correlation = [Float](repeating: 0, count: grid.count)
        let pixels = Double(4 * Self.cell * Self.cell)
        for row in 0..<grid.rows {
            for column in 0..<grid.columns {
                var sums = [0.0, 0.0, 0.0, 0.0]
                for dy in 0...1 {
                    for dx in 0...1 {
                        let offset = ((row + dy) * cellsX + column + dx) * 4
                        for k in 0..<4 { sums[k] += cells[offset + k] }
                    }
                }
                let fine = (sums[0] / pixels).squareRoot()
                let coarse = (sums[3] / (pixels / 4)).squareRoot()
                let index = row * grid.columns + column
                energy[index] = Float(log((fine + 0.5) / (coarse + 0.5)))
                correlation[index] = Float(sums[1] / max(sums[2], 1e-9))
            }
        }
        let zEnergy = Self.robustZ(energy, floor: 0.25)
        let zCorrelation = Self.robustZ(correlation, floor: 0.08)
        var evidence = [Float](repeating: 0, count: grid.count)
        for i in 0..<grid.count { evidence[i] = (zCorrelation[i] - zEnergy[i]) / Float(2).squareRoot() }
        let smoothed = grid.smoothed(evidence)
        var peak: Float = 0
        var peakIndex = 0
        for (index, value) in smoothed.enumerated() where abs(value) > abs(peak) {
            peak = value
            peakIndex = index
        }
        let score = ForensicMath.logistic(Double(abs(peak)), midpoint: 3.6, width: 0.35)
        let magnitude = smoothed.map { abs($0) }
        let suspicion = grid.expand(magnitude, width: width, height: height, scale: Self.cell)
        let mask = try AnalysisMask(suspicion: suspicion, low: 2.0, high: max(abs(peak), 3.5))
        let x = (peakIndex % grid.columns) * Self.cell, y = (peakIndex / grid.columns) * Self.cell
        return AnalysisResult(
            score: score, mask: mask,
            explanation: String(
                format: "median-filter residual: the most abnormal region near (%d, %d) looks %@ (%.1f robust deviations; energy z %.1f, AR(1) z %.1f)",
                x, y, peak >= 0 ? "smoothed" : "noisier", Double(abs(peak)), Double(zEnergy[peakIndex]),
                Double(zCorrelation[peakIndex])))
    }

    /// `(v − median) / max(1.4826·MAD, floor)` for every value.
    static func robustZ(_ values: [Float], floor: Float) -> [Float] {
        let center = ForensicMath.median(values)
        let spread = max(ForensicMath.robustSigma(values, median: center), floor)
        return values.map { ($0 - center) / spread }
    }
}
