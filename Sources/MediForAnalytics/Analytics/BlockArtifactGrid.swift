import Foundation
import MediForImaging

/// Block artifact grid (BAG) consistency.
///
/// Method: W. Li, Y. Yuan, N. Yu, "Passive detection of doctored JPEG image via block artifact grid extraction",
/// Signal Processing 89(9), 2009. JPEG compresses 8×8 blocks independently, which leaves faint lines every 8
/// pixels (the block artifact grid). Content pasted from another JPEG brings its own grid, which rarely lines up
/// with the host's; the paper extracts the grid blindly and marks regions where it is shifted or missing.
///
/// Here, on the luminance: absolute second differences across each direction (clipped at 10 grey levels so edges
/// cannot dominate) are accumulated along the line direction over about 40 pixels, which strengthens long straight
/// grid lines over texture. Each accumulated profile then has its local background removed (minus the median of 9
/// neighbours) and is median-filtered over positions 8 and 16 pixels apart, which keeps 8-periodic lines and
/// drops isolated edges. Summing the result by position modulo 8 over the whole image gives the image's grid phase
/// (the pair of adjacent columns, and rows, straddling the block boundaries) and its strength. Locally, over
/// 32-pixel windows, each block votes for another grid phase when that phase's lines stand more than 3
/// deviations above the window's non-grid positions. The density of votes for one consistent foreign phase over
/// 9×9-block neighbourhoods (columns plus rows, 0…2) is the inconsistency map: it is the mask, and its maximum
/// gives the score through a logistic (midpoint 0.75, width 0.08). Phases one pixel from the image's own are
/// ignored (they share a column with its grid), so a paste shifted by one pixel on an axis is only seen on the
/// other axis, and one shifted on a single axis reaches about half the density (a middling score). When the image's
/// own grid stands less than 3 deviations out on either axis, no grid is reported and the score is capped at 0.1
/// (a never-compressed image shows no grid; a missing grid is not scored as evidence here).
struct BlockArtifactGrid: ForensicAnalytic {
    let descriptor = AnalyticDescriptor(
        id: "blk", name: "Block artifact grid",
        summary: "Regions whose JPEG block grid is shifted against the rest of the image (pasted JPEG content).",
        citation:
            "Li, Yuan, Yu, Passive detection of doctored JPEG image via block artifact grid extraction, Signal Processing 89(9), 2009"
    )

    /// Clip of the second differences (grey levels).
    static let clip: Float = 10
    /// How far (in deviations of the window's background) a foreign grid phase must stand out to vote.
    static let voteContrast: Float = 3
    /// Radius, in blocks, of the neighbourhood over which votes are counted.
    static let densityRadius = 4
    /// Global grid strength below which the image is said to show no JPEG grid.
    static let minimumGridStrength: Float = 3

    func analyze(_ input: AnalysisInput) throws(AnalysisError) -> AnalysisResult {
        let luma = try input.luminance()
        guard luma.width >= 64, luma.height >= 64 else {
            return .optOut("image is smaller than 64×64 pixels; the block grid needs several blocks")
        }
        let columns = luma.width / 8
        let rows = luma.height / 8
        // lineX: per block row, one value per x (vertical grid lines); lineY: per block column, one per y.
        var lineX = Self.accumulate(luma, acrossColumns: true, lines: rows, length: columns * 8)
        var lineY = Self.accumulate(luma, acrossColumns: false, lines: columns, length: rows * 8)
        JPEGGridMath.periodicLineFilter(&lineX, rows: rows, length: columns * 8)
        JPEGGridMath.periodicLineFilter(&lineY, rows: columns, length: rows * 8)

        let gridX = Self.globalPhase(lineX)
        let gridY = Self.globalPhase(lineY)
        // Per block, the phase each axis votes for (-1: none), then per block the densest foreign phase.
        var votesX = [Int8](repeating: -1, count: columns * rows)
        var votesY = [Int8](repeating: -1, count: columns * rows)
        lineX.withUnsafeBufferPointer { line in
            lineY.withUnsafeBufferPointer { other in
                for row in 0..<rows {
                    for column in 0..<columns {
                        var profileX = SIMD8<Float>()
                        var profileY = SIMD8<Float>()
                        for c in max(column - 2, 0)...min(column + 1, columns - 1) {
                            let start = row * columns * 8 + c * 8
                            for k in 0..<8 { profileX[k] += line[start + k] }
                        }
                        for r in max(row - 2, 0)...min(row + 1, rows - 1) {
                            let start = column * rows * 8 + r * 8
                            for k in 0..<8 { profileY[k] += other[start + k] }
                        }
                        votesX[row * columns + column] = Self.vote(profileX, main: gridX.phase)
                        votesY[row * columns + column] = Self.vote(profileY, main: gridY.phase)
                    }
                }
            }
        }
        let densityX = Self.strongestDensity(votesX, columns: columns, rows: rows)
        let densityY = Self.strongestDensity(votesY, columns: columns, rows: rows)
        var inconsistency = [Float](repeating: 0, count: columns * rows)
        var peak = 0
        for index in inconsistency.indices {
            inconsistency[index] = densityX.value[index] + densityY.value[index]
            if inconsistency[index] > inconsistency[peak] { peak = index }
        }
        let strongest = Double(inconsistency[peak])
        let flagged = inconsistency.reduce(0) { $0 + ($1 >= 0.6 ? 1 : 0) }
        let mask = try JPEGGridMath.cellMask(
            inconsistency, columns: columns, rows: rows, cell: 8, width: luma.width, height: luma.height, low: 0.4,
            high: 1.0)
        let strength = min(gridX.strength, gridY.strength)
        var score = ForensicMath.logistic(strongest, midpoint: 0.75, width: 0.08)
        let gridText = String(
            format: "grid phase (%d,%d), strength %.1f/%.1f", gridX.phase, gridY.phase, Double(gridX.strength),
            Double(gridY.strength))
        guard strength >= Self.minimumGridStrength else {
            score = min(score, 0.1)
            return AnalysisResult(
                score: score, mask: mask,
                explanation: "no JPEG block grid found (\(gridText)); the block artifact test has nothing to compare")
        }
        // The shift on each axis at the peak, when that axis carries a fair share of the votes there.
        func shift(_ density: (value: [Float], phase: [Int8]), _ main: Int) -> String {
            guard density.value[peak] >= 0.25, density.phase[peak] >= 0 else { return "-" }
            return String((Int(density.phase[peak]) - main + 8) % 8)
        }
        let shifts = "(\(shift(densityX, gridX.phase)),\(shift(densityY, gridY.phase)))"
        return AnalysisResult(
            score: score, mask: mask,
            explanation: String(
                format: "%@; strongest foreign-grid density %.2f (of 2) with lines shifted by %@ px over %d px²",
                gridText, strongest, shifts, flagged * 64))
    }

    /// Second differences across the lines (clipped), summed along them: for vertical lines (`acrossColumns`), per
    /// block row and x, over the block's rows and half of the two block rows above and below (weights ½, 1, 1, 1,
    /// ½ per block row, about 40 pixels centred on the block).
    static func accumulate(_ luma: GrayImage, acrossColumns: Bool, lines: Int, length: Int) -> [Float] {
        let width = luma.width
        let height = luma.height
        var partial = [Float](repeating: 0, count: lines * length)
        luma.pixels.withUnsafeBufferPointer { y in
            partial.withUnsafeMutableBufferPointer { sums in
                if acrossColumns {
                    for row in 0..<(lines * 8) {
                        let base = row * width
                        let target = (row / 8) * length
                        for x in 1..<min(length, width - 1) {
                            let d = abs(2 * y[base + x] - y[base + x - 1] - y[base + x + 1])
                            sums[target + x] += min(d, clip)
                        }
                    }
                } else {
                    for row in 1..<min(length, height - 1) {
                        let base = row * width
                        for x in 0..<(lines * 8) {
                            let d = abs(2 * y[base + x] - y[base + x - width] - y[base + x + width])
                            sums[(x / 8) * length + row] += min(d, clip)
                        }
                    }
                }
            }
        }
        let weights: [Float] = [0.5, 1, 1, 1, 0.5]
        var accumulated = [Float](repeating: 0, count: lines * length)
        for line in 0..<lines {
            for (offset, weight) in zip(-2...2, weights) where line + offset >= 0 && line + offset < lines {
                let source = (line + offset) * length
                let target = line * length
                for x in 0..<length { accumulated[target + x] += weight * partial[source + x] }
            }
        }
        return accumulated
    }

    /// The image's grid phase on one axis (the boundary between positions phase-1 and phase, modulo 8) and its
    /// strength: how many deviations of the other six positions the boundary pair stands above them.
    static func globalPhase(_ line: [Float]) -> (phase: Int, strength: Float) {
        var profile = [Double](repeating: 0, count: 8)
        line.withUnsafeBufferPointer { values in
            for index in 0..<values.count { profile[index % 8] += Double(values[index]) }
        }
        var best = 0
        for phase in 1..<8 where profile[(phase + 7) % 8] + profile[phase] > profile[(best + 7) % 8] + profile[best] {
            best = phase
        }
        let rest = (0..<8).filter { $0 != best && $0 != (best + 7) % 8 }.map { profile[$0] }
        let mean = rest.reduce(0, +) / Double(rest.count)
        let deviation = (rest.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(rest.count)).squareRoot()
        let scale = profile.map(abs).reduce(0, +) / 8
        let pair = (profile[(best + 7) % 8] + profile[best]) / 2
        return (best, Float((pair - mean) / (deviation + 1e-3 * scale + 1e-9)))
    }

    /// The foreign phase a window profile votes for, or -1: the strongest boundary pair other than the image's own
    /// (and the two phases that share a position with it), if it stands `voteContrast` deviations above the
    /// remaining positions.
    static func vote(_ profile: SIMD8<Float>, main: Int) -> Int8 {
        var best = -1
        var bestPair: Float = -.infinity
        for phase in 0..<8 where phase != main && phase != (main + 1) % 8 && phase != (main + 7) % 8 {
            let pair = (profile[(phase + 7) % 8] + profile[phase]) / 2
            if pair > bestPair {
                bestPair = pair
                best = phase
            }
        }
        guard best >= 0 else { return -1 }
        var sum: Float = 0
        var squares: Float = 0
        var count: Float = 0
        var magnitude: Float = 0
        for k in 0..<8 {
            magnitude += abs(profile[k])
            guard k != main, k != (main + 7) % 8, k != best, k != (best + 7) % 8 else { continue }
            sum += profile[k]
            squares += profile[k] * profile[k]
            count += 1
        }
        guard count > 0 else { return -1 }
        let mean = sum / count
        let deviation = max(squares / count - mean * mean, 0).squareRoot() + 1e-3 * magnitude / 8 + 1e-6
        return (bestPair - mean) / deviation > voteContrast ? Int8(best) : -1
    }

    /// For each block, the highest density (fraction of the (2r+1)² neighbourhood) of votes for a single phase,
    /// and that phase.
    static func strongestDensity(_ votes: [Int8], columns: Int, rows: Int) -> (value: [Float], phase: [Int8]) {
        var value = [Float](repeating: 0, count: columns * rows)
        var phase = [Int8](repeating: -1, count: columns * rows)
        let area = Float((2 * densityRadius + 1) * (2 * densityRadius + 1))
        for candidate in 0..<8 {
            let indicator = votes.map { $0 == Int8(candidate) ? Float(1) : 0 }
            guard indicator.contains(1) else { continue }
            let sums = JPEGGridMath.boxSum(indicator, columns: columns, rows: rows, radius: densityRadius)
            for index in sums.indices where sums[index] / area > value[index] {
                value[index] = sums[index] / area
                phase[index] = Int8(candidate)
            }
        }
        return (value, phase)
    }
}
