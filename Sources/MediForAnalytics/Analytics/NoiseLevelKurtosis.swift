import Foundation
import MediForImaging

/// Local noise variance from the concentration of band-pass kurtosis.
///
/// Method: X. Pan, X. Zhang and S. Lyu, "Exposing image splicing with inconsistent local noise variances", IEEE
/// International Conference on Computational Photography (ICCP) 2012. Natural images filtered by band-pass
/// filters give responses whose kurtosis is nearly the same in every band; additive white noise of variance σ²
/// lowers each band's kurtosis by a factor that depends on how weak the band is, `κ_k = κ·(1 − σ²/σ_k²)²` where
/// `σ_k²` is the band's (noisy) variance. Fitting `√κ_k = √κ − √κ·σ²·(1/σ_k²)` across bands by least squares gives
/// both the clean kurtosis and the noise variance in closed form, locally, without a noise-free reference.
///
/// Here: the 15 AC basis functions of the 4×4 DCT are the band-pass filters, evaluated on every other pixel in both
/// directions; mean, variance and fourth central moment of each band are accumulated in 16×16-pixel cells and
/// combined into 32×32 windows every 16 pixels. A window whose fit gives no positive clean kurtosis is unreliable
/// and counts as noise-free. The evidence of a window is the log ratio of its noise σ to the image's median noise σ
/// (both floored at 0.75, the order of 8-bit and JPEG rounding noise), averaged over 3×3 neighbouring windows; the
/// score maps the strongest region through a logistic and the mask shows where the evidence is. Regions with less
/// noise than the rest are not scored (on clean photos the estimate is already near zero almost everywhere).
struct NoiseLevelKurtosis: ForensicAnalytic {
    let descriptor = AnalyticDescriptor(
        id: "noisekurt", name: "Noise level from kurtosis",
        summary: "Regions whose local noise variance (band-pass kurtosis concentration) differs from the rest.",
        citation: "Pan, Zhang & Lyu, Exposing image splicing with inconsistent local noise variances, ICCP 2012")

    /// Cell side in pixels (a window is 2×2 cells) and the noise floor in grey levels.
    static let cell = 16
    static let noiseFloor: Float = 0.75
    static let bands = 15

    func analyze(_ input: AnalysisInput) throws(AnalysisError) -> AnalysisResult {
        let luminance = try input.luminance()
        let width = luminance.width, height = luminance.height
        guard width >= 96, height >= 96 else {
            return .optOut("image is smaller than 96×96 pixels; kurtosis needs several 32-pixel windows")
        }
        let cellsX = (width - 3) / Self.cell, cellsY = (height - 3) / Self.cell
        guard let grid = BlockGrid(width: cellsX, height: cellsY, size: 2, stride: 1) else {
            return .optOut("image too small for the window grid")
        }
        let moments = Self.cellMoments(luminance, cellsX: cellsX, cellsY: cellsY)
        var noise = [Float](repeating: 0, count: grid.count)
        moments.withUnsafeBufferPointer { m in
            for row in 0..<grid.rows {
                for column in 0..<grid.columns {
                    noise[row * grid.columns + column] = Self.windowNoise(
                        m, cellsX: cellsX, column: column, row: row)
                }
            }
        }
        let imageNoise = ForensicMath.median(noise)
        let reference = max(imageNoise, Self.noiseFloor)
        let evidence = noise.map { log(max($0, Self.noiseFloor) / reference) }
        let smoothed = grid.smoothed(evidence)
        var peak: Float = 0
        var peakIndex = 0
        for (index, value) in smoothed.enumerated() where value > peak {
            peak = value
            peakIndex = index
        }
        let score = ForensicMath.logistic(Double(peak), midpoint: 1.3, width: 0.15)
        let suspicion = grid.expand(smoothed, width: width, height: height, scale: Self.cell)
        let mask = try AnalysisMask(suspicion: suspicion, low: 0.8, high: max(peak, 1.5))
        let x = (peakIndex % grid.columns) * Self.cell, y = (peakIndex / grid.columns) * Self.cell
        var regionNoise: Float = 0
        for dy in -1...1 {
            for dx in -1...1 {
                let r = peakIndex / grid.columns + dy, c = peakIndex % grid.columns + dx
                if r >= 0, r < grid.rows, c >= 0, c < grid.columns { regionNoise = max(regionNoise, noise[r * grid.columns + c]) }
            }
        }
        return AnalysisResult(
            score: score, mask: mask,
            explanation: String(
                format: "median local noise σ %.2f (kurtosis fit over 15 DCT bands); the strongest region near (%d, %d) reaches σ %.2f, %.1f× the floor-limited norm",
                Double(imageNoise), x, y, Double(regionNoise), Double(exp(peak))))
    }

    /// Raw moments Σv, Σv², Σv³, Σv⁴ and the sample count of every band in every cell, as
    /// `[cell][band][4]` plus one count per cell at the end of each cell's record.
    static func cellMoments(_ luminance: GrayImage, cellsX: Int, cellsY: Int) -> [Double] {
        let width = luminance.width
        let record = bands * 4 + 1
        var moments = [Double](repeating: 0, count: cellsX * cellsY * record)
        // Orthonormal 4-point DCT-II basis, c[u][i].
        var basis = [Float](repeating: 0, count: 16)
        for u in 0..<4 {
            let scale = u == 0 ? (0.25 as Double).squareRoot() : (0.5 as Double).squareRoot()
            for i in 0..<4 { basis[u * 4 + i] = Float(scale * cos(Double.pi * Double((2 * i + 1) * u) / 8)) }
        }
        var rowSums = [Float](repeating: 0, count: 16)   // horizontal transform of the 4 patch rows
        var cellSums = [Float](repeating: 0, count: bands * 4)
        luminance.pixels.withUnsafeBufferPointer { pixels in
            basis.withUnsafeBufferPointer { c in
                rowSums.withUnsafeMutableBufferPointer { h in
                    cellSums.withUnsafeMutableBufferPointer { sums in
                        moments.withUnsafeMutableBufferPointer { out in
                            for cy in 0..<cellsY {
                                for cx in 0..<cellsX {
                                    for i in 0..<sums.count { sums[i] = 0 }
                                    var samples = 0
                                    // Patches whose top-left corner lies in the cell, every other pixel.
                                    var py = cy * cell
                                    while py < (cy + 1) * cell {
                                        var px = cx * cell
                                        while px < (cx + 1) * cell {
                                            for r in 0..<4 {
                                                let base = (py + r) * width + px
                                                let p0 = pixels[base], p1 = pixels[base + 1]
                                                let p2 = pixels[base + 2], p3 = pixels[base + 3]
                                                for v in 0..<4 {
                                                    h[r * 4 + v] = c[v * 4] * p0 + c[v * 4 + 1] * p1
                                                        + c[v * 4 + 2] * p2 + c[v * 4 + 3] * p3
                                                }
                                            }
                                            var band = 0
                                            for u in 0..<4 {
                                                for v in 0..<4 {
                                                    if u == 0 && v == 0 { continue }
                                                    let value = c[u * 4] * h[v] + c[u * 4 + 1] * h[4 + v]
                                                        + c[u * 4 + 2] * h[8 + v] + c[u * 4 + 3] * h[12 + v]
                                                    let square = value * value
                                                    sums[band * 4] += value
                                                    sums[band * 4 + 1] += square
                                                    sums[band * 4 + 2] += square * value
                                                    sums[band * 4 + 3] += square * square
                                                    band += 1
                                                }
                                            }
                                            samples += 1
                                            px += 2
                                        }
                                        py += 2
                                    }
                                    let offset = (cy * cellsX + cx) * record
                                    for i in 0..<sums.count { out[offset + i] = Double(sums[i]) }
                                    out[offset + record - 1] = Double(samples)
                                }
                            }
                        }
                    }
                }
            }
        }
        return moments
    }

    /// The noise σ of the 2×2-cell window at (`column`, `row`) from the closed-form kurtosis fit.
    static func windowNoise(_ moments: UnsafeBufferPointer<Double>, cellsX: Int, column: Int, row: Int) -> Float {
        let record = bands * 4 + 1
        var sa = 0.0, sb = 0.0, sab = 0.0, sbb = 0.0
        var smallestVariance = Double.infinity
        for band in 0..<bands {
            var m1 = 0.0, m2 = 0.0, m3 = 0.0, m4 = 0.0, n = 0.0
            for dy in 0...1 {
                for dx in 0...1 {
                    let offset = ((row + dy) * cellsX + column + dx) * record
                    m1 += moments[offset + band * 4]
                    m2 += moments[offset + band * 4 + 1]
                    m3 += moments[offset + band * 4 + 2]
                    m4 += moments[offset + band * 4 + 3]
                    n += moments[offset + record - 1]
                }
            }
            guard n > 0 else { return 0 }
            m1 /= n; m2 /= n; m3 /= n; m4 /= n
            let variance = max(m2 - m1 * m1, 1e-6)
            let fourth = m4 - 4 * m3 * m1 + 6 * m2 * m1 * m1 - 3 * m1 * m1 * m1 * m1
            let excess = max(fourth / (variance * variance) - 3, 0)
            let a = excess.squareRoot(), b = 1 / max(variance, 1e-3)
            sa += a; sb += b; sab += a * b; sbb += b * b
            smallestVariance = min(smallestVariance, variance)
        }
        let count = Double(bands)
        sa /= count; sb /= count; sab /= count; sbb /= count
        let spread = sbb - sb * sb
        guard spread > 1e-18, sb > 0 else { return 0 }
        let rootKurtosis = (sa * sbb - sab * sb) / spread
        guard rootKurtosis > 1e-6 else { return 0 }
        let variance = 1 / sb - sa / (rootKurtosis * sb)
        guard variance.isFinite else { return 0 }
        return Float(min(max(variance, 0), smallestVariance).squareRoot())
    }
}
