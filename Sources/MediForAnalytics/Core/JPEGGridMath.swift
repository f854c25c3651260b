import Foundation
import MediForImaging

/// Numeric building blocks for the JPEG-grid analytics (block artifact grid, DCT zeros, quantization lattices):
/// the orthonormal 8-point DCT, binomial tails for a-contrario tests, small medians, and block-map helpers.
/// Everything works on contiguous buffers and allocates nothing per pixel.
public enum JPEGGridMath {
    /// The orthonormal 8-point DCT-II as a row-major 8×8 matrix: `dct8[u * 8 + k]` is the weight of sample `k`
    /// in frequency `u`. Applied along rows and columns it gives exactly JPEG's forward DCT (before quantization).
    public static let dct8: [Float] = {
        var matrix = [Float](repeating: 0, count: 64)
        for u in 0..<8 {
            let scale = u == 0 ? (1.0 / 8).squareRoot() : (2.0 / 8).squareRoot()
            for k in 0..<8 {
                matrix[u * 8 + k] = Float(scale * cos(Double(2 * k + 1) * Double(u) * Double.pi / 16))
            }
        }
        return matrix
    }()

    /// log10 of the binomial upper tail P[X ≥ k] for X ~ Binomial(n, p), computed in log space (no overflow for
    /// any n). Returns 0 (probability 1) when k ≤ 0 and -infinity when k > n. At or below the mean (k ≤ np) the
    /// tail is at least about one half and 0 is returned: callers only need it to be small when it is small.
    public static func log10BinomialTail(n: Int, k: Int, p: Double) -> Double {
        guard k > 0 else { return 0 }
        guard k <= n, n > 0 else { return -.infinity }
        let p = min(max(p, 1e-12), 1 - 1e-12)
        guard Double(k) > Double(n) * p else { return 0 }
        let logP = log(p)
        let logQ = log(1 - p)
        func logTerm(_ i: Int) -> Double {
            lgamma(Double(n + 1)) - lgamma(Double(i + 1)) - lgamma(Double(n - i + 1)) + Double(i) * logP
                + Double(n - i) * logQ
        }
        // Sum the terms from k upwards, relative to the first (largest when k ≥ np); stop when they vanish.
        let first = logTerm(k)
        var sum = 1.0
        var i = k + 1
        while i <= n {
            let ratio = exp(logTerm(i) - first)
            sum += ratio
            if ratio < 1e-12 * sum { break }
            i += 1
        }
        return (first + log(sum)) / log(10.0)
    }

    /// The median of `count` values at `values` (sorted in place; the caller's scratch buffer).
    @inline(__always)
    static func medianInPlace(_ values: UnsafeMutablePointer<Float>, count: Int) -> Float {
        guard count > 1 else { return count == 1 ? values[0] : 0 }
        for i in 1..<count {
            let value = values[i]
            var j = i - 1
            while j >= 0, values[j] > value {
                values[j + 1] = values[j]
                j -= 1
            }
            values[j + 1] = value
        }
        return count % 2 == 1 ? values[count / 2] : 0.5 * (values[count / 2 - 1] + values[count / 2])
    }

    /// The median of nine values by the classic 19-exchange selection network (no branches, no memory).
    @inline(__always)
    static func median9(
        _ a0: Float, _ a1: Float, _ a2: Float, _ a3: Float, _ a4: Float, _ a5: Float, _ a6: Float, _ a7: Float,
        _ a8: Float
    ) -> Float {
        var p0 = a0, p1 = a1, p2 = a2, p3 = a3, p4 = a4, p5 = a5, p6 = a6, p7 = a7, p8 = a8
        @inline(__always) func sort(_ a: inout Float, _ b: inout Float) {
            let low = min(a, b)
            b = max(a, b)
            a = low
        }
        sort(&p1, &p2); sort(&p4, &p5); sort(&p7, &p8)
        sort(&p0, &p1); sort(&p3, &p4); sort(&p6, &p7)
        sort(&p1, &p2); sort(&p4, &p5); sort(&p7, &p8)
        sort(&p0, &p3); sort(&p5, &p8); sort(&p4, &p7)
        sort(&p3, &p6); sort(&p1, &p4); sort(&p2, &p5)
        sort(&p4, &p7); sort(&p4, &p2); sort(&p6, &p4)
        sort(&p4, &p2)
        return p4
    }

    /// The median of five values by a 9-exchange sorting network.
    @inline(__always)
    static func median5(_ a0: Float, _ a1: Float, _ a2: Float, _ a3: Float, _ a4: Float) -> Float {
        var p0 = a0, p1 = a1, p2 = a2, p3 = a3, p4 = a4
        @inline(__always) func sort(_ a: inout Float, _ b: inout Float) {
            let low = min(a, b)
            b = max(a, b)
            a = low
        }
        sort(&p0, &p1); sort(&p3, &p4); sort(&p2, &p4)
        sort(&p2, &p3); sort(&p0, &p3); sort(&p0, &p2)
        sort(&p1, &p4); sort(&p1, &p3); sort(&p1, &p2)
        return p2
    }

    /// Removes the slowly varying background from each row of `rows`×`length` samples and keeps only lines that
    /// repeat with period 8: first subtracts the median of the 9 samples centred on each one, then replaces each
    /// sample by the median of itself and its neighbours 8 and 16 samples away on both sides. An isolated strong
    /// line (an edge) appears in at most one of those five positions and is removed; a periodic grid survives.
    /// Near the ends the windows are truncated.
    static func periodicLineFilter(_ data: inout [Float], rows: Int, length: Int) {
        guard rows > 0, length > 0 else { return }
        var detrended = [Float](repeating: 0, count: length)
        var scratch = [Float](repeating: 0, count: 9)
        data.withUnsafeMutableBufferPointer { samples in
            detrended.withUnsafeMutableBufferPointer { line in
                scratch.withUnsafeMutableBufferPointer { window in
                    guard let buffer = window.baseAddress, let all = samples.baseAddress else { return }
                    for row in 0..<rows {
                        let s = all + row * length
                        for x in 0..<length {
                            if x >= 4 && x + 4 < length {
                                let background = median9(
                                    s[x - 4], s[x - 3], s[x - 2], s[x - 1], s[x], s[x + 1], s[x + 2], s[x + 3],
                                    s[x + 4])
                                line[x] = s[x] - background
                            } else {
                                var count = 0
                                for dx in -4...4 where x + dx >= 0 && x + dx < length {
                                    buffer[count] = s[x + dx]
                                    count += 1
                                }
                                line[x] = s[x] - medianInPlace(buffer, count: count)
                            }
                        }
                        for x in 0..<length {
                            if x >= 16 && x + 16 < length {
                                s[x] = median5(line[x - 16], line[x - 8], line[x], line[x + 8], line[x + 16])
                            } else {
                                var count = 0
                                for step in stride(from: -16, through: 16, by: 8)
                                where x + step >= 0 && x + step < length {
                                    buffer[count] = line[x + step]
                                    count += 1
                                }
                                s[x] = medianInPlace(buffer, count: count)
                            }
                        }
                    }
                }
            }
        }
    }

    /// Box sums over a (2r+1)×(2r+1) neighbourhood of a `columns`×`rows` map (edges truncated, not padded).
    static func boxSum(_ values: [Float], columns: Int, rows: Int, radius: Int) -> [Float] {
        DoubleJPEGMath.boxSum(values, columns: columns, rows: rows, radius: radius)
    }

    /// A mask from a per-cell suspicion map on a lattice of `cell`-pixel cells starting at the image origin
    /// (pixels beyond the last cell take the nearest cell's value). `low` maps to 255 (untouched), `high` to 0.
    static func cellMask(
        _ values: [Float], columns: Int, rows: Int, cell: Int, width: Int, height: Int, low: Float, high: Float
    ) throws(AnalysisError) -> AnalysisMask {
        guard columns > 0, rows > 0, values.count == columns * rows else {
            throw .internalError("cell map of \(values.count) values for \(columns)x\(rows)")
        }
        var pixels = [Float](repeating: 0, count: width * height)
        for y in 0..<height {
            let row = min(y / cell, rows - 1)
            for x in 0..<width {
                pixels[y * width + x] = values[row * columns + min(x / cell, columns - 1)]
            }
        }
        let plane: GrayImage
        do { plane = try GrayImage(width: width, height: height, pixels: pixels) } catch {
            throw .internalError("mask plane: \(error)")
        }
        return try AnalysisMask(suspicion: plane, low: low, high: high)
    }

    /// Whether each 8×8 block (aligned at the origin) of `image` holds a clipped sample (0 or 255 in any
    /// channel): clipping after decoding breaks the DCT relations the JPEG methods rely on.
    static func clippedBlocks(_ image: PixelImage) -> (flags: [Bool], columns: Int, rows: Int) {
        let columns = image.width / 8
        let rows = image.height / 8
        var flags = [Bool](repeating: false, count: columns * rows)
        let channels = image.channels
        image.pixels.withUnsafeBufferPointer { source in
            for y in 0..<(rows * 8) {
                let base = y * image.width * channels
                let blockRow = (y / 8) * columns
                for x in 0..<(columns * 8) {
                    for c in 0..<channels {
                        let value = source[base + x * channels + c]
                        if value == 0 || value == 255 {
                            flags[blockRow + x / 8] = true
                            break
                        }
                    }
                }
            }
        }
        return (flags, columns, rows)
    }
}
