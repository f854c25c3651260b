import Dispatch
import Foundation
import MediForImaging

/// JPEG grid alignment from the number of DCT zeros (ZERO).
///
/// Method: T. Nikoukhah, J. Anger, T. Ehret, M. Colom, J.-M. Morel, R. Grompone von Gioi, "JPEG grid detection
/// based on the number of DCT zeros and its application to automatic and localized forgery detection", CVPR
/// Workshops 2019. JPEG quantization sets most DCT coefficients of its 8×8 blocks to zero, so a block that lies
/// exactly on the compression grid has many more (near-)zero coefficients than one shifted off it. Each place in
/// the image therefore reveals the grid origin it was compressed on; the dominant origin is the image's grid, and
/// a region agreeing on a different origin was compressed elsewhere (pasted JPEG content).
///
/// Here: the 8×8 DCT of the luminance is taken at every pixel offset (separable, rows first with the 8-point
/// cosine matrix, each row transform reused by the eight block rows that need it, columns eight positions at a time
/// in SIMD), and a coefficient counts as zero when it rounds to 0 (|c| < 0.5), the DC term excluded. Every 8×8
/// tile votes for the origin (x mod 8, y mod 8) of the block with the most zeros among the 64 blocks starting
/// inside it, provided it beats the runner-up by at least 2 zeros (near-ties come from edges and flat or clipped
/// areas, not from a grid). The most voted origin is the main grid when its number of false alarms (64 × binomial
/// tail with p = 1/64) is below 1e-10: tile votes are not independent (neighbouring tiles share pixels), so the
/// paper's threshold of 1 is kept only for regions, where the box count already discounts that. Tiles voting for
/// one other origin are grouped (gaps of one tile allowed); a group's bounding box is a forgery candidate with
/// NFA = 64 × (number of cells)² × P[Binomial(n, 1/64) ≥ k] for k such votes among its n cells, reported when
/// NFA < 1. The score is a logistic of -log10 NFA of the best candidate (midpoint 1.5: NFA 1 gives 0.18, 0.01
/// gives 0.62); a main grid away from (0, 0) means the image was cropped after compression (score at least 0.3).
/// The method sees the grid of the last compression: a misaligned paste saved afterwards as JPEG (even at quality
/// 95) is realigned on the final grid and mostly escapes it; it targets pastes saved losslessly. On images above
/// 4 Mpixel only every other tile in each direction is evaluated (16-pixel cells, a quarter of the DCTs): the
/// localization is coarser but a pasted region large enough to matter still spans dozens of cells.
struct GridAlignment: ForensicAnalytic {
    let descriptor = AnalyticDescriptor(
        id: "grid", name: "JPEG grid alignment (DCT zeros)",
        summary: "Regions compressed on a different 8×8 JPEG grid than the rest of the image, by counting DCT zeros.",
        citation:
            "Nikoukhah, Anger, Ehret, Colom, Morel, Grompone von Gioi, JPEG grid detection based on the number of DCT zeros and its application to automatic and localized forgery detection, CVPR Workshops 2019"
    )

    /// A DCT coefficient below this magnitude rounds to zero.
    static let zeroThreshold: Float = 0.5
    /// Above this many pixels, only every other tile in each direction votes.
    static let decimationPixels = 4_000_000
    /// A tile votes only when its best block has at least this many more zeros than the runner-up.
    static let voteMargin: Float = 2
    /// log10 NFA below which the most voted origin is accepted as the image's grid.
    static let mainGridLog10NFA = -10.0

    /// Votes on a lattice of cells: origin index `dy * 8 + dx`, or -1 for no vote.
    struct VoteMap {
        var votes: [Int8]
        var columns: Int
        var rows: Int
        /// Pixels per cell side.
        var cell: Int
    }

    /// A group of cells agreeing on one grid origin.
    struct Candidate {
        var origin: Int
        var minColumn: Int, maxColumn: Int, minRow: Int, maxRow: Int
        var cells: Int
        var votes: Int
        var log10NFA: Double
    }

    func analyze(_ input: AnalysisInput) throws(AnalysisError) -> AnalysisResult {
        let luma = try input.luminance()
        guard luma.width >= 32, luma.height >= 32 else {
            return .optOut("image is smaller than 32×32 pixels; grid votes need several 8×8 tiles")
        }
        let stride = luma.width * luma.height > Self.decimationPixels ? 2 : 1
        let map = Self.votes(luma, tileStride: stride)
        var counts = [Int](repeating: 0, count: 64)
        var voters = 0
        for vote in map.votes where vote >= 0 {
            counts[Int(vote)] += 1
            voters += 1
        }
        var main = 0
        for origin in 1..<64 where counts[origin] > counts[main] { main = origin }
        let mainNFA = log10(64.0) + JPEGGridMath.log10BinomialTail(n: voters, k: counts[main], p: 1.0 / 64)
        let hasMain = mainNFA < Self.mainGridLog10NFA
        let candidates = Self.candidates(map, excluding: hasMain ? main : nil)
        let detected = candidates.filter { $0.log10NFA < 0 }
        let best = candidates.min { $0.log10NFA < $1.log10NFA }
        var score = ForensicMath.logistic(-(best?.log10NFA ?? 10), midpoint: 1.5, width: 1)
        let cropped = hasMain && main != 0
        if cropped { score = max(score, 0.3) }

        var suspicion = [Float](repeating: 0, count: map.columns * map.rows)
        for region in detected {
            for row in region.minRow...region.maxRow {
                for column in region.minColumn...region.maxColumn {
                    var agree = 0
                    var total = 0
                    for r in max(row - 1, 0)...min(row + 1, map.rows - 1) {
                        for c in max(column - 1, 0)...min(column + 1, map.columns - 1) {
                            total += 1
                            if map.votes[r * map.columns + c] == Int8(region.origin) { agree += 1 }
                        }
                    }
                    let index = row * map.columns + column
                    suspicion[index] = max(suspicion[index], Float(agree) / Float(total))
                }
            }
        }
        let mask = try JPEGGridMath.cellMask(
            suspicion, columns: map.columns, rows: map.rows, cell: map.cell, width: luma.width, height: luma.height,
            low: 0.1, high: 0.5)

        var parts: [String] = []
        if hasMain {
            parts.append(
                String(
                    format: "main grid (%d,%d) from %d of %d tile votes, log10 NFA %.0f", main % 8, main / 8,
                    counts[main], voters, mainNFA))
        } else {
            parts.append("no overall JPEG grid found (\(voters) tile votes, best origin \(counts[main]))")
        }
        if let region = detected.min(by: { $0.log10NFA < $1.log10NFA }) {
            parts.append(
                String(
                    format: "%d region(s) on another grid; strongest: origin (%d,%d), %d×%d px at (%d,%d), %d of %d cells, log10 NFA %.1f",
                    detected.count, region.origin % 8, region.origin / 8,
                    (region.maxColumn - region.minColumn + 1) * map.cell,
                    (region.maxRow - region.minRow + 1) * map.cell,
                    region.minColumn * map.cell, region.minRow * map.cell, region.votes, region.cells, region.log10NFA))
        } else {
            parts.append(String(format: "no region on another grid (best log10 NFA %.1f)", best?.log10NFA ?? 0))
        }
        if cropped { parts.append("the main grid is not at (0,0): the image was cropped after compression") }
        return AnalysisResult(score: score, mask: mask, explanation: parts.joined(separator: "; "))
    }

    /// Groups of cells voting for the same origin (other than `excluding`), connected through gaps of at most one
    /// cell, each with the a-contrario significance of its bounding box.
    static func candidates(_ map: VoteMap, excluding main: Int?) -> [Candidate] {
        let cellCount = map.columns * map.rows
        let tests = log10(64.0) + 2 * log10(Double(max(cellCount, 1)))
        var label = [Int32](repeating: -1, count: cellCount)
        var result: [Candidate] = []
        var stack: [Int] = []
        for seed in 0..<cellCount {
            let origin = Int(map.votes[seed])
            guard origin >= 0, origin != main, label[seed] < 0 else { continue }
            label[seed] = Int32(result.count)
            stack.append(seed)
            var region = Candidate(
                origin: origin, minColumn: seed % map.columns, maxColumn: seed % map.columns,
                minRow: seed / map.columns,
                maxRow: seed / map.columns, cells: 0, votes: 0, log10NFA: 0)
            while let index = stack.popLast() {
                let column = index % map.columns
                let row = index / map.columns
                region.minColumn = min(region.minColumn, column)
                region.maxColumn = max(region.maxColumn, column)
                region.minRow = min(region.minRow, row)
                region.maxRow = max(region.maxRow, row)
                for r in max(row - 2, 0)...min(row + 2, map.rows - 1) {
                    for c in max(column - 2, 0)...min(column + 2, map.columns - 1) {
                        let neighbour = r * map.columns + c
                        if label[neighbour] < 0, Int(map.votes[neighbour]) == origin {
                            label[neighbour] = Int32(result.count)
                            stack.append(neighbour)
                        }
                    }
                }
            }
            var votes = 0
            for row in region.minRow...region.maxRow {
                for column in region.minColumn...region.maxColumn
                where Int(map.votes[row * map.columns + column]) == origin {
                    votes += 1
                }
            }
            region.votes = votes
            region.cells = (region.maxRow - region.minRow + 1) * (region.maxColumn - region.minColumn + 1)
            region.log10NFA = tests + JPEGGridMath.log10BinomialTail(n: region.cells, k: votes, p: 1.0 / 64)
            result.append(region)
        }
        return result
    }

    /// The vote of every evaluated tile: tiles (i, j) with i and j multiples of `tileStride` whose 64 candidate
    /// blocks fit in the image. Tile rows are shared between the cores.
    static func votes(_ luma: GrayImage, tileStride: Int) -> VoteMap {
        let columns = ((luma.width - 15) / 8 + tileStride) / tileStride
        let rows = ((luma.height - 15) / 8 + tileStride) / tileStride
        var votes = [Int8](repeating: -1, count: columns * rows)
        votes.withUnsafeMutableBufferPointer { output in
            nonisolated(unsafe) let output = output
            luma.pixels.withUnsafeBufferPointer { image in
                nonisolated(unsafe) let image = image
                let width = luma.width
                DispatchQueue.concurrentPerform(iterations: rows) { row in
                    voteRow(
                        image: image, width: width, top: row * tileStride * 8, columns: columns, tileStride: tileStride,
                        into: UnsafeMutableBufferPointer(rebasing: output[(row * columns)..<((row + 1) * columns)]))
                }
            }
        }
        return VoteMap(votes: votes, columns: columns, rows: rows, cell: tileStride * 8)
    }

    /// The votes of one row of tiles whose top image line is `top`.
    static func voteRow(
        image: UnsafeBufferPointer<Float>, width: Int, top: Int, columns: Int, tileStride: Int,
        into output: UnsafeMutableBufferPointer<Int8>
    ) {
        // Block origins on a line: 8 per evaluated tile, padded to a multiple of 8 for the SIMD column pass.
        let padded = (columns * 8 + 7) / 8 * 8
        // Row DCTs of the 15 image lines the tile row's blocks cover, laid out [line][u][position].
        var rowDCT = [Float](repeating: 0, count: 15 * 8 * padded)
        var zeros = [Float](repeating: 0, count: padded)
        var bestCount = [Float](repeating: -1, count: columns)
        var secondCount = [Float](repeating: -1, count: columns)
        JPEGGridMath.dct8.withUnsafeBufferPointer { dct in
            rowDCT.withUnsafeMutableBufferPointer { r in
                for line in 0..<15 {
                    let source = (top + line) * width
                    for column in 0..<columns {
                        for dx in 0..<8 {
                            let x = source + column * tileStride * 8 + dx
                            for u in 0..<8 {
                                var sum: Float = 0
                                for k in 0..<8 { sum += dct[u * 8 + k] * image[x + k] }
                                r[(line * 8 + u) * padded + column * 8 + dx] = sum
                            }
                        }
                    }
                }
                zeros.withUnsafeMutableBufferPointer { zeros in
                    for dy in 0..<8 {
                        countZeros(rowDCT: r, firstLine: dy, padded: padded, dct: dct, into: zeros)
                        for column in 0..<columns {
                            for dx in 0..<8 {
                                let count = zeros[column * 8 + dx]
                                if count > bestCount[column] {
                                    secondCount[column] = bestCount[column]
                                    bestCount[column] = count
                                    output[column] = Int8(dy * 8 + dx)
                                } else if count > secondCount[column] {
                                    secondCount[column] = count
                                }
                            }
                        }
                    }
                }
            }
        }
        for column in 0..<columns where bestCount[column] - secondCount[column] < voteMargin { output[column] = -1 }
    }

    /// For the blocks whose top line is `firstLine` of the row-DCT buffer, the number of AC coefficients below
    /// the zero threshold at every position: the column DCTs, written as plain loops over contiguous positions so
    /// that the optimizer vectorizes them.
    static func countZeros(
        rowDCT r: UnsafeMutableBufferPointer<Float>, firstLine: Int, padded: Int, dct: UnsafeBufferPointer<Float>,
        into zeros: UnsafeMutableBufferPointer<Float>
    ) {
        guard let base = r.baseAddress, let counts = zeros.baseAddress, dct.count == 64, zeros.count >= padded else {
            return
        }
        let threshold = zeroThreshold
        for p in 0..<padded { counts[p] = 0 }
        for u in 0..<8 {
            let l0 = base + ((firstLine + 0) * 8 + u) * padded, l1 = base + ((firstLine + 1) * 8 + u) * padded
            let l2 = base + ((firstLine + 2) * 8 + u) * padded, l3 = base + ((firstLine + 3) * 8 + u) * padded
            let l4 = base + ((firstLine + 4) * 8 + u) * padded, l5 = base + ((firstLine + 5) * 8 + u) * padded
            let l6 = base + ((firstLine + 6) * 8 + u) * padded, l7 = base + ((firstLine + 7) * 8 + u) * padded
            for v in (u == 0 ? 1 : 0)..<8 {
                let w = v * 8
                let c0 = dct[w], c1 = dct[w + 1], c2 = dct[w + 2], c3 = dct[w + 3]
                let c4 = dct[w + 4], c5 = dct[w + 5], c6 = dct[w + 6], c7 = dct[w + 7]
                for p in 0..<padded {
                    let even = c0 * l0[p] + c1 * l1[p] + c2 * l2[p] + c3 * l3[p]
                    let odd = c4 * l4[p] + c5 * l5[p] + c6 * l6[p] + c7 * l7[p]
                    let d = even + odd
                    counts[p] += (d < threshold && d > -threshold) ? 1 : 0
                }
            }
        }
    }
}
