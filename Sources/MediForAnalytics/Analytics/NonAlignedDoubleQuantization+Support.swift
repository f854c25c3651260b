import Foundation
import MediForImaging

/// The kernels of ``NonAlignedDoubleQuantization``: four low-frequency DCT coefficients of shifted blocks, the
/// integer-periodicity sums per tile, and the per-block comb likelihood on the primary grid.
extension NonAlignedDoubleQuantization {
    /// The primary grid's steps (DC, (1,0), (0,1), (1,1)) and the spread of the second compression's error.
    struct PrimaryModel {
        var steps: [Int]
        var sigmas: [Double]
    }

    /// `1/√8` and the first AC basis `cos((2x+1)π/16)/2` of the orthonormal 8-point DCT.
    private static let c0: Float = Float((1.0 / 8).squareRoot())
    private static let c1: [Float] = (0..<8).map { Float(cos(Double(2 * $0 + 1) * Double.pi / 16) / 2) }

    /// The coefficients DC, (1,0), (0,1), (1,1) of the block whose top-left pixel is `start` in `source` (a
    /// plane of row length `width`), level-shifted like JPEG's, or nil when the block holds a pixel within 2 of
    /// black or white: clipping in the decode between the compressions moves coefficients off the lattice, and
    /// the dark noise of a clipped background takes a few discrete values that look periodic on any grid.
    @inline(__always)
    static func lowFrequencies(
        _ source: UnsafeBufferPointer<Float>, start: Int, width: Int, c1: UnsafeBufferPointer<Float>
    ) -> (Float, Float, Float, Float)?
    {
        var low: Float = 255
        var high: Float = 0
        var dc: Float = 0
        var horizontal: Float = 0
        var vertical: Float = 0
        var diagonal: Float = 0
        for y in 0..<8 {
            let base = start + y * width
            var sum: Float = 0
            var weighted: Float = 0
            for x in 0..<8 {
                let value = source[base + x]
                low = min(low, value)
                high = max(high, value)
                sum += value
                weighted += c1[x] * value
            }
            dc += sum
            horizontal += weighted
            vertical += c1[y] * sum
            diagonal += c1[y] * weighted
        }
        guard low > 2, high < 253 else { return nil }
        return (dc / 8 - 1024, c0 * horizontal, c0 * vertical, diagonal)
    }

    /// Per tile, frequency and candidate step: the summed cosine and sine of 2π·y/Q and the count of
    /// coefficients with |y| ≥ Q/2, over the sampled blocks of the grid shifted by (`dx`, `dy`).
    func periodicity(_ plane: GrayImage, _ layout: Layout, dx: Int, dy: Int) -> [Float] {
        let stepCount = Self.steps.count
        let tiles = layout.tileColumns * layout.tileRows
        var sums = [Float](repeating: 0, count: tiles * Self.frequencyCount * stepCount * 3)
        let inverse = Self.steps.map { 1 / Float($0) }
        let halves = Self.steps.map { Float($0) / 2 }
        plane.pixels.withUnsafeBufferPointer { source in
            Self.c1.withUnsafeBufferPointer { c1 in
                Self.cosines.withUnsafeBufferPointer { cosines in
                    Self.sines.withUnsafeBufferPointer { sines in
                        sums.withUnsafeMutableBufferPointer { sums in
                            for tileRow in 0..<layout.tileRows {
                                for tileColumn in 0..<layout.tileColumns {
                                    let tile = tileRow * layout.tileColumns + tileColumn
                                    for b in 0..<4 {
                                        for a in 0..<4 {
                                            let column = tileColumn * layout.tile + a * layout.stride
                                            let row = tileRow * layout.tile + b * layout.stride
                                            let start = (dy + 8 * row) * plane.width + dx + 8 * column
                                            guard let (f0, f1, f2, f3) = Self.lowFrequencies(
                                                source, start: start, width: plane.width, c1: c1)
                                            else { continue }
                                            // A block without texture (flat or clipped) has a DC but no evidence.
                                            let textured = max(abs(f1), abs(f2), abs(f3)) >= 2
                                            for f in (textured ? 0 : 1)..<4 {
                                                let y = f == 0 ? f0 : f == 1 ? f1 : f == 2 ? f2 : f3
                                                let magnitude = abs(y)
                                                let base = (tile * Self.frequencyCount + f) * stepCount * 3
                                                for q in 0..<stepCount {
                                                    if halves[q] > magnitude { break }
                                                    let t = y * inverse[q]
                                                    let fraction = t - t.rounded(.toNearestOrEven)
                                                    let index = Int((fraction + 0.5) * 256) & 255
                                                    sums[base + q * 3] += cosines[index]
                                                    sums[base + q * 3 + 1] += sines[index]
                                                    sums[base + q * 3 + 2] += 1
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return sums
    }

    /// Per window of 2×2 tiles: the sum over frequencies of the best step's |mean phase|²·count (about 1 for
    /// noise, up to the count for a perfect lattice).
    func windowStrength(_ sums: [Float], _ layout: Layout) -> [Float] {
        let stepCount = Self.steps.count
        var strength = [Float](repeating: 0, count: layout.windowColumns * layout.windowRows)
        for row in 0..<layout.windowRows {
            for column in 0..<layout.windowColumns {
                let first = row * layout.tileColumns + column
                var total: Float = 0
                for f in 0..<Self.frequencyCount {
                    var best: Float = 0
                    for q in 0..<stepCount {
                        var c: Float = 0
                        var s: Float = 0
                        var n: Float = 0
                        for corner in 0..<4 {
                            let tile = first + (corner >> 1) * layout.tileColumns + (corner & 1)
                            let base = ((tile * Self.frequencyCount + f) * stepCount + q) * 3
                            c += sums[base]
                            s += sums[base + 1]
                            n += sums[base + 2]
                        }
                        if n >= 8 { best = max(best, (c * c + s * s) / n) }
                    }
                    total += best
                }
                strength[row * layout.windowColumns + column] = total
            }
        }
        return strength
    }

    /// The primary steps and error spreads on the grid (`dx`, `dy`), from the tiles of the flagged windows.
    /// A frequency without enough coefficients there gets step 0 and is left out of the block evidence.
    func primaryModel(_ plane: GrayImage, _ layout: Layout, dx: Int, dy: Int, windows flags: [Bool]) -> PrimaryModel {
        let sums = periodicity(plane, layout, dx: dx, dy: dy)
        var used = [Bool](repeating: false, count: layout.tileColumns * layout.tileRows)
        for row in 0..<layout.windowRows {
            for column in 0..<layout.windowColumns where flags[row * layout.windowColumns + column] {
                for corner in 0..<4 {
                    used[(row + corner / 2) * layout.tileColumns + column + corner % 2] = true
                }
            }
        }
        let stepCount = Self.steps.count
        var steps: [Int] = []
        var sigmas: [Double] = []
        for f in 0..<Self.frequencyCount {
            var best = (power: Float(0), step: 0, coherence: Float(0))
            for q in 0..<stepCount {
                var c: Float = 0
                var s: Float = 0
                var n: Float = 0
                for tile in used.indices where used[tile] {
                    let base = ((tile * Self.frequencyCount + f) * stepCount + q) * 3
                    c += sums[base]
                    s += sums[base + 1]
                    n += sums[base + 2]
                }
                guard n >= 8 else { continue }
                let power = (c * c + s * s) / n
                if power > best.power { best = (power, Self.steps[q], (c * c + s * s).squareRoot() / n) }
            }
            guard best.step > 0 else {
                steps.append(0)
                sigmas.append(1)
                continue
            }
            let step = Double(best.step)
            let coherence = Double(min(max(best.coherence, 1e-3), 0.99))
            steps.append(best.step)
            sigmas.append(min(max(step * (-log(coherence) / (2 * Double.pi * Double.pi)).squareRoot(), 0.5), step / 2))
        }
        return PrimaryModel(steps: steps, sigmas: sigmas)
    }

    /// Per block of the grid (`dx`, `dy`): the log-likelihood ratio of its four coefficients lying on the primary
    /// lattice (Gaussian comb of the model's spread) against spreading evenly, each clamped to ±3 and 0 for
    /// coefficients in the zero bin, summed over 5×5 blocks.
    func blockEvidence(_ plane: GrayImage, dx: Int, dy: Int, model: PrimaryModel)
        -> (values: [Float], columns: Int, rows: Int)
    {
        let columns = (plane.width - dx) / 8
        let rows = (plane.height - dy) / 8
        var values = [Float](repeating: 0, count: max(columns * rows, 0))
        guard columns > 0, rows > 0 else { return (values, 0, 0) }
        let steps = model.steps.map { Double($0) }
        let norms = model.sigmas.map { 1 / ($0 * (2 * Double.pi).squareRoot()) }
        plane.pixels.withUnsafeBufferPointer { source in
            Self.c1.withUnsafeBufferPointer { c1 in
                for row in 0..<rows {
                    for column in 0..<columns {
                        let start = (dy + 8 * row) * plane.width + dx + 8 * column
                        guard let (f0, f1, f2, f3) = Self.lowFrequencies(
                            source, start: start, width: plane.width, c1: c1)
                        else { continue }
                        var total = 0.0
                        for f in 0..<4 {
                            let y = Double(f == 0 ? f0 : f == 1 ? f1 : f == 2 ? f2 : f3)
                            let step = steps[f]
                            guard step > 0, abs(y) >= step / 2 else { continue }
                            let residue = y - step * (y / step).rounded(.toNearestOrEven)
                            var density = 0.0
                            for j in -1...1 {
                                let d = (residue + Double(j) * step) / model.sigmas[f]
                                density += exp(-0.5 * d * d)
                            }
                            total += min(max(log(max(step * density * norms[f], 1e-3)), -3), 3)
                        }
                        values[row * columns + column] = Float(total)
                    }
                }
            }
        }
        return (DoubleJPEGMath.boxSum(values, columns: columns, rows: rows, radius: 2), columns, rows)
    }
}
