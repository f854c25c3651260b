public import MediForImaging

/// A grid of overlapping square blocks over a plane: block `(column, row)` covers
/// `[column·stride, column·stride + size) × [row·stride, row·stride + size)`. Partial blocks at the right and bottom
/// edges are dropped. The noise analytics compute one statistic per block and smooth, score and draw masks from it.
public struct BlockGrid: Sendable, Hashable {
    /// Block side in samples.
    public let size: Int
    /// Distance between block origins.
    public let stride: Int
    /// Blocks across.
    public let columns: Int
    /// Blocks down.
    public let rows: Int

    /// The grid over a `width`×`height` plane, or `nil` when not even one block fits.
    public init?(width: Int, height: Int, size: Int, stride: Int) {
        guard size > 0, stride > 0, width >= size, height >= size else { return nil }
        self.size = size
        self.stride = stride
        self.columns = (width - size) / stride + 1
        self.rows = (height - size) / stride + 1
    }

    /// Number of blocks.
    public var count: Int { columns * rows }

    /// Mean of each block's (up to) 3×3 neighbourhood of blocks, the block included; blocks with fewer than
    /// `minimum` neighbours in the grid (corners of tiny grids) keep their own value. Spreads evidence over a
    /// coherent area and suppresses isolated blocks.
    public func smoothed(_ values: [Float], minimum: Int = 4) -> [Float] {
        guard values.count == count else { return values }
        var output = values
        for row in 0..<rows {
            for column in 0..<columns {
                var sum: Float = 0
                var n = 0
                for dy in -1...1 {
                    let r = row + dy
                    guard r >= 0, r < rows else { continue }
                    for dx in -1...1 {
                        let c = column + dx
                        guard c >= 0, c < columns else { continue }
                        sum += values[r * columns + c]
                        n += 1
                    }
                }
                if n >= minimum { output[row * columns + column] = sum / Float(n) }
            }
        }
        return output
    }

    /// A per-pixel plane (in coordinates scaled by `scale`, e.g. 2 for a grid over a half-resolution subband)
    /// where each pixel takes the value of the block whose central `stride`×`stride` cell holds it (nearest block
    /// for pixels outside every central cell).
    public func expand(_ values: [Float], width: Int, height: Int, scale: Int = 1) -> GrayImage {
        var pixels = [Float](repeating: 0, count: max(width, 1) * max(height, 1))
        guard values.count == count, width > 0, height > 0, scale > 0 else {
            return (try? GrayImage(width: max(width, 1), height: max(height, 1), pixels: pixels))
                ?? (try! GrayImage(width: 1, height: 1, repeating: 0))
        }
        let margin = (size - stride) / 2
        var columnOf = [Int](repeating: 0, count: width)
        for x in 0..<width { columnOf[x] = min(max((x / scale - margin) / stride, 0), columns - 1) }
        pixels.withUnsafeMutableBufferPointer { target in
            for y in 0..<height {
                let row = min(max((y / scale - margin) / stride, 0), rows - 1)
                let base = row * columns
                for x in 0..<width { target[y * width + x] = values[base + columnOf[x]] }
            }
        }
        return try! GrayImage(width: width, height: height, pixels: pixels)
    }
}

/// Numeric kernels for the noise-based analytics: Haar subbands, a fast 3×3 median, in-place selection for robust
/// block statistics, and a small dense solver. Everything works on contiguous buffers without per-pixel allocation.
public enum NoiseMath {
    /// The four orthonormal Haar subbands of `plane` (cropped to even size): LL (local sums / 2), LH (row
    /// difference: horizontal structures), HL (column difference: vertical structures) and HH (diagonal).
    /// Each has `(width / 2) × (height / 2)` samples; white noise of σ keeps σ in every subband.
    public static func haar(_ samples: UnsafeBufferPointer<Float>, width: Int, height: Int)
        -> (width: Int, height: Int, ll: [Float], lh: [Float], hl: [Float], hh: [Float])
    {
        let w = width / 2
        let h = height / 2
        let count = w * h
        var ll = [Float](repeating: 0, count: count)
        var lh = [Float](repeating: 0, count: count)
        var hl = [Float](repeating: 0, count: count)
        var hh = [Float](repeating: 0, count: count)
        ll.withUnsafeMutableBufferPointer { ll in
            lh.withUnsafeMutableBufferPointer { lh in
                hl.withUnsafeMutableBufferPointer { hl in
                    hh.withUnsafeMutableBufferPointer { hh in
                        for y in 0..<h {
                            let top = 2 * y * width
                            let bottom = top + width
                            for x in 0..<w {
                                let a = samples[top + 2 * x], b = samples[top + 2 * x + 1]
                                let c = samples[bottom + 2 * x], d = samples[bottom + 2 * x + 1]
                                let i = y * w + x
                                ll[i] = (a + b + c + d) * 0.5
                                lh[i] = (a + b - c - d) * 0.5
                                hl[i] = (a - b + c - d) * 0.5
                                hh[i] = (a - b - c + d) * 0.5
                            }
                        }
                    }
                }
            }
        }
        return (w, h, ll, lh, hl, hh)
    }

    /// The 3×3 median of `samples` (edges replicated): each output is the median of the pixel and its eight
    /// neighbours. Sorts each vertical triple once and combines three sorted columns per output.
    public static func median3x3(_ samples: UnsafeBufferPointer<Float>, width: Int, height: Int) -> [Float] {
        var output = [Float](repeating: 0, count: width * height)
        guard width > 0, height > 0 else { return output }
        var low = [Float](repeating: 0, count: width + 2)
        var mid = [Float](repeating: 0, count: width + 2)
        var high = [Float](repeating: 0, count: width + 2)
        output.withUnsafeMutableBufferPointer { out in
            low.withUnsafeMutableBufferPointer { low in
                mid.withUnsafeMutableBufferPointer { mid in
                    high.withUnsafeMutableBufferPointer { high in
                        for y in 0..<height {
                            let up = max(y - 1, 0) * width
                            let here = y * width
                            let down = min(y + 1, height - 1) * width
                            for x in 0..<(width + 2) {
                                let sx = min(max(x - 1, 0), width - 1)
                                var a = samples[up + sx], b = samples[here + sx], c = samples[down + sx]
                                if a > b { swap(&a, &b) }
                                if b > c { swap(&b, &c) }
                                if a > b { swap(&a, &b) }
                                low[x] = a
                                mid[x] = b
                                high[x] = c
                            }
                            for x in 0..<width {
                                let maxLow = max(low[x], max(low[x + 1], low[x + 2]))
                                let minHigh = min(high[x], min(high[x + 1], high[x + 2]))
                                let m0 = mid[x], m1 = mid[x + 1], m2 = mid[x + 2]
                                let medMid = max(min(m0, m1), min(max(m0, m1), m2))
                                out[here + x] = max(min(maxLow, medMid), min(max(maxLow, medMid), minHigh))
                            }
                        }
                    }
                }
            }
        }
        return output
    }

    /// The `k`-th smallest of `values[0..<count]` (0-based), partially reordering the buffer (Hoare selection).
    public static func select(_ values: UnsafeMutableBufferPointer<Float>, count: Int, k: Int) -> Float {
        guard count > 0 else { return 0 }
        var lo = 0
        var hi = min(count, values.count) - 1
        let target = min(max(k, 0), hi)
        while lo < hi {
            let pivot = values[(lo + hi) / 2]
            var i = lo
            var j = hi
            while i <= j {
                while values[i] < pivot { i += 1 }
                while values[j] > pivot { j -= 1 }
                if i <= j {
                    values.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if target <= j {
                hi = j
            } else if target >= i {
                lo = i
            } else {
                return values[target]
            }
        }
        return values[target]
    }

    /// The robust (median absolute value) standard deviation of a `size`×`size` square of a plane of row stride
    /// `width` starting at (`x`, `y`): `median(|v|) / 0.6745`, the estimator of Donoho & Johnstone for zero-mean
    /// wavelet coefficients. `scratch` must hold `size * size` values.
    public static func madSigma(
        _ plane: UnsafeBufferPointer<Float>, width: Int, x: Int, y: Int, size: Int,
        scratch: UnsafeMutableBufferPointer<Float>
    ) -> Float {
        var n = 0
        for row in y..<(y + size) {
            let base = row * width + x
            for column in 0..<size {
                scratch[n] = abs(plane[base + column])
                n += 1
            }
        }
        return select(scratch, count: n, k: n / 2) / 0.6745
    }

    /// Solves the symmetric positive (semi-)definite system `a·x = b` of size `n` by Cholesky decomposition with a
    /// small ridge added to the diagonal; returns `nil` when the matrix is not positive definite even then.
    public static func solveSymmetric(_ a: [Double], _ b: [Double], n: Int, ridge: Double = 1e-6) -> [Double]? {
        guard n > 0, a.count == n * n, b.count == n else { return nil }
        var l = [Double](repeating: 0, count: n * n)
        var trace = 0.0
        for i in 0..<n { trace += a[i * n + i] }
        let lambda = ridge * max(trace / Double(n), 1e-12)
        for i in 0..<n {
            for j in 0...i {
                var sum = a[i * n + j] + (i == j ? lambda : 0)
                for k in 0..<j { sum -= l[i * n + k] * l[j * n + k] }
                if i == j {
                    guard sum > 0, sum.isFinite else { return nil }
                    l[i * n + i] = sum.squareRoot()
                } else {
                    l[i * n + j] = sum / l[j * n + j]
                }
            }
        }
        var z = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var sum = b[i]
            for k in 0..<i { sum -= l[i * n + k] * z[k] }
            z[i] = sum / l[i * n + i]
        }
        var x = [Double](repeating: 0, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            var sum = z[i]
            for k in (i + 1)..<n { sum -= l[k * n + i] * x[k] }
            x[i] = sum / l[i * n + i]
        }
        return x.allSatisfy(\.isFinite) ? x : nil
    }
}
