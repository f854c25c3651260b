import Foundation
import MediForImaging

/// Periodic correlations left by resampling.
///
/// Method: A. C. Popescu and H. Farid, "Exposing digital forgeries by detecting traces of resampling", IEEE
/// Transactions on Signal Processing 53(2), 2005. Interpolation makes some pixels exact linear combinations of
/// their neighbours, in a pattern that repeats with the resampling period. Each pixel is predicted from its
/// neighbours with weights found by expectation–maximization (a pixel either follows the linear model, with
/// Gaussian error, or not, with uniform probability); the posterior probability map of "follows the model" is
/// periodic in resampled areas, which shows as peaks in its Fourier spectrum.
///
/// Here: luminance, 5×5 neighbourhood without the centre (24 weights); EM runs on a regular subsample of at most
/// ~60 000 pixels (weights and σ by weighted least squares, 12 iterations, outlier density 1/256), and the map is
/// then computed once for every pixel. The map is cut into 64×64 blocks every 32 pixels; because the target is
/// scaling, which is separable, each block's column means and row means are transformed (Hann window, radix-2
/// FFT) and their power spectra added. Spectra of 2×2 neighbouring blocks are summed, and a window's peak strength
/// is its largest power over the median power within the band of periods 2.1–5.8 pixels (bins 11–30 of 64), leaving
/// out the bins at and next to multiples of 1/8 cycle per pixel, where JPEG's 8×8 grid (now or in the file's past)
/// puts its own peaks; upscaling by ~1.3 (bin 15) and 1.6 (bin 24) therefore shows weaker than 1.4–1.5 or 1.8. The
/// score maps the strongest window through a logistic of its log peak ratio; the mask marks strong windows. JPEG
/// compression after resampling weakens the traces strongly (already at quality 95 they are mostly gone).
struct ResamplingTraces: ForensicAnalytic {
    let descriptor = AnalyticDescriptor(
        id: "resample", name: "Resampling traces",
        summary: "Regions (or the whole image) with the periodic pixel correlations left by resizing.",
        citation: "Popescu & Farid, Exposing digital forgeries by detecting traces of resampling, IEEE TSP 2005")

    static let block = 64
    static let step = 32
    static let iterations = 12
    static let maxSamples = 60_000

    func analyze(_ input: AnalysisInput) throws(AnalysisError) -> AnalysisResult {
        let luminance = try input.luminance()
        let width = luminance.width, height = luminance.height
        guard width >= Self.block + Self.step, height >= Self.block + Self.step else {
            return .optOut("image is smaller than 96×96 pixels; periodicity needs several 64-pixel blocks")
        }
        guard let weights = Self.estimatePredictor(luminance) else {
            return .optOut("the image is too flat to fit a linear predictor")
        }
        let map = Self.probabilityMap(luminance, weights: weights.alpha, sigma: weights.sigma)
        guard let grid = BlockGrid(width: width, height: height, size: Self.block, stride: Self.step),
            var fft = FourierTransform(length: Self.block)
        else { return .optOut("image too small for the block grid") }

        let bins = Self.block / 2 + 1
        var spectra = [Float](repeating: 0, count: grid.count * bins)
        let window = FourierTransform.hann(Self.block)
        var projection = [Float](repeating: 0, count: Self.block)
        var power = [Float](repeating: 0, count: bins)
        map.withUnsafeBufferPointer { p in
            window.withUnsafeBufferPointer { window in
                for row in 0..<grid.rows {
                    for column in 0..<grid.columns {
                        let x0 = column * Self.step, y0 = row * Self.step
                        let offset = (row * grid.columns + column) * bins
                        for axis in 0..<2 {
                            projection.withUnsafeMutableBufferPointer { proj in
                                for i in 0..<Self.block { proj[i] = 0 }
                                for y in 0..<Self.block {
                                    let base = (y0 + y) * width + x0
                                    for x in 0..<Self.block { proj[axis == 0 ? x : y] += p[base + x] }
                                }
                            }
                            projection.withUnsafeBufferPointer { proj in
                                power.withUnsafeMutableBufferPointer { fft.powerSpectrum(of: proj, window: window, into: $0) }
                            }
                            for k in 0..<bins { spectra[offset + k] += power[k] }
                        }
                    }
                }
            }
        }

        let band = (11...30).filter { abs(($0 + 4) % 8 - 4) > 1 }
        let windowsX = max(grid.columns - 1, 1), windowsY = max(grid.rows - 1, 1)
        var strength = [Float](repeating: 0, count: grid.count)
        var peakRatio: Float = 0
        var peakBin = 0
        var peakWindow = (0, 0)
        var values = [Float](repeating: 0, count: band.count)
        var total = [Float](repeating: 0, count: bins)
        for i in 0..<grid.count { for k in 0..<bins { total[k] += spectra[i * bins + k] } }
        for wy in 0..<windowsY {
            for wx in 0..<windowsX {
                for (n, k) in band.enumerated() {
                    var sum: Float = 0
                    for dy in 0...min(1, grid.rows - 1) {
                        for dx in 0...min(1, grid.columns - 1) {
                            sum += spectra[((wy + dy) * grid.columns + wx + dx) * bins + k]
                        }
                    }
                    values[n] = sum
                }
                let (ratio, bin) = Self.peak(values, band: band)
                if ratio > peakRatio { (peakRatio, peakBin, peakWindow) = (ratio, bin, (wx, wy)) }
                let evidence = log(max(ratio, 1))
                for dy in 0...min(1, grid.rows - 1) {
                    for dx in 0...min(1, grid.columns - 1) {
                        let i = (wy + dy) * grid.columns + wx + dx
                        strength[i] = max(strength[i], evidence)
                    }
                }
            }
        }
        let whole = Self.peak(band.map { total[$0] }, band: band)
        let score = ForensicMath.logistic(Double(log(max(peakRatio, 1))), midpoint: log(18), width: 0.22)
        let suspicion = grid.expand(strength, width: width, height: height)
        let mask = try AnalysisMask(suspicion: suspicion, low: log(14), high: max(log(max(peakRatio, 1)), log(30)))
        return AnalysisResult(
            score: score, mask: mask,
            explanation: String(
                format: "p-map spectrum: strongest 96-px window at (%d, %d) peaks %.1f× its band median at %d/64 cycles/pixel (period %.2f px); whole image %.1f× at %d/64",
                peakWindow.0 * Self.step, peakWindow.1 * Self.step, Double(peakRatio), peakBin,
                64 / Double(max(peakBin, 1)), Double(whole.ratio), whole.bin))
    }

    /// The largest value over the median of `values` and its bin.
    static func peak(_ values: [Float], band: [Int]) -> (ratio: Float, bin: Int) {
        guard let top = values.indices.max(by: { values[$0] < values[$1] }) else { return (0, 0) }
        let median = ForensicMath.median(values)
        return (median > 0 ? values[top] / median : 0, band[top])
    }

    /// EM fit of the 24 prediction weights and the residual σ on a regular subsample of interior pixels.
    static func estimatePredictor(_ luminance: GrayImage) -> (alpha: [Double], sigma: Double)? {
        let width = luminance.width, height = luminance.height
        let interior = (width - 4) * (height - 4)
        guard interior > 0 else { return nil }
        let step = max(1, Int((Double(interior) / Double(maxSamples)).squareRoot().rounded(.up)))
        var features: [Float] = []
        var targets: [Float] = []
        features.reserveCapacity((interior / (step * step) + width + height) * 24)
        luminance.pixels.withUnsafeBufferPointer { y in
            var py = 2
            while py < height - 2 {
                var px = 2
                while px < width - 2 {
                    for dy in -2...2 {
                        for dx in -2...2 where dy != 0 || dx != 0 { features.append(y[(py + dy) * width + px + dx]) }
                    }
                    targets.append(y[py * width + px])
                    px += step
                }
                py += step
            }
        }
        let n = targets.count
        guard n >= 100 else { return nil }
        var weights = [Double](repeating: 1, count: n)
        var alpha = [Double](repeating: 0, count: 24)
        var sigma = 0.0
        let uniform = 1.0 / 256
        for iteration in 0...iterations {
            var a = [Double](repeating: 0, count: 24 * 24)
            var b = [Double](repeating: 0, count: 24)
            features.withUnsafeBufferPointer { f in
                for s in 0..<n {
                    let w = weights[s]
                    guard w > 1e-6 else { continue }
                    let row = s * 24
                    let t = Double(targets[s]) * w
                    for i in 0..<24 {
                        let fi = Double(f[row + i])
                        b[i] += fi * t
                        let wfi = fi * w
                        for j in 0...i { a[i * 24 + j] += wfi * Double(f[row + j]) }
                    }
                }
            }
            for i in 0..<24 { for j in 0..<i { a[j * 24 + i] = a[i * 24 + j] } }
            guard let solved = NoiseMath.solveSymmetric(a, b, n: 24) else { return nil }
            alpha = solved
            // Residuals, then σ and the posteriors for the next step.
            var weighted = 0.0, weightSum = 0.0
            var residuals = [Double](repeating: 0, count: n)
            features.withUnsafeBufferPointer { f in
                for s in 0..<n {
                    var prediction = 0.0
                    for i in 0..<24 { prediction += alpha[i] * Double(f[s * 24 + i]) }
                    let r = Double(targets[s]) - prediction
                    residuals[s] = r
                    weighted += weights[s] * r * r
                    weightSum += weights[s]
                }
            }
            sigma = max((weighted / max(weightSum, 1e-9)).squareRoot(), 0.25)
            if iteration == iterations { break }
            let norm = 1 / (sigma * (2 * Double.pi).squareRoot())
            for s in 0..<n {
                let g = norm * exp(-residuals[s] * residuals[s] / (2 * sigma * sigma))
                weights[s] = g / (g + uniform)
            }
        }
        return (alpha, sigma)
    }

    /// The posterior probability that each pixel follows the linear model (border pixels take 0.5).
    static func probabilityMap(_ luminance: GrayImage, weights: [Double], sigma: Double) -> [Float] {
        let width = luminance.width, height = luminance.height
        var map = [Float](repeating: 0.5, count: width * height)
        let alpha = weights.map { Float($0) }
        let norm = Float(1 / (sigma * (2 * Double.pi).squareRoot()))
        let inverse = Float(1 / (2 * sigma * sigma))
        let uniform: Float = 1.0 / 256
        var offsets: [Int] = []
        for dy in -2...2 { for dx in -2...2 where dy != 0 || dx != 0 { offsets.append(dy * width + dx) } }
        luminance.pixels.withUnsafeBufferPointer { y in
            alpha.withUnsafeBufferPointer { alpha in
                offsets.withUnsafeBufferPointer { offsets in
                    map.withUnsafeMutableBufferPointer { map in
                        for py in 2..<(height - 2) {
                            for px in 2..<(width - 2) {
                                let i = py * width + px
                                var prediction: Float = 0
                                for k in 0..<24 { prediction += alpha[k] * y[i + offsets[k]] }
                                let r = y[i] - prediction
                                let g = norm * exp(-r * r * inverse)
                                map[i] = g / (g + uniform)
                            }
                        }
                    }
                }
            }
        }
        return map
    }
}
