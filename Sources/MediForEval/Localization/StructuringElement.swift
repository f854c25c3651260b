import Foundation

/// Kernel shapes for the boundary no-score zone, as MediScore's `--kernel` names them.
public enum KernelShape: String, Hashable, Sendable, Codable, CaseIterable {
    /// A full square (the default).
    case box
    /// OpenCV's `MORPH_ELLIPSE` inscribed in the square.
    case disc
    /// Pixels within Manhattan distance `size / 2` of the centre.
    case diamond
    /// MediScore's Gaussian kernel with σ = 0.3, made binary by keeping every weight above zero; in double
    /// precision that is the full square up to size 17.
    case gaussian
    /// The identity matrix: a 45° line through the centre.
    case line
}

/// A binary structuring element stored as horizontal runs per row offset, so that erosion and dilation cost
/// O(pixels × rows) with prefix sums instead of O(pixels × area).
struct StructuringElement: Sendable {
    /// Half the size: offsets run over `-radius...radius`.
    let radius: Int
    /// For each row offset `dy`, the column offset ranges `dx` covered by the kernel.
    let rows: [(dy: Int, runs: [ClosedRange<Int>])]
    /// Whether the element is the full square, which allows the separable O(pixels) path.
    let isFullSquare: Bool

    /// The element of `shape` with side `size` (odd, at least 1), cell for cell as MediScore's `getKern` builds it.
    init(shape: KernelShape, size: Int) {
        let radius = size / 2
        var cells = [[Bool]](repeating: [Bool](repeating: false, count: size), count: size)
        for row in 0..<size {
            let dy = row - radius
            for column in 0..<size {
                let dx = column - radius
                cells[row][column] =
                    switch shape {
                    case .box: true
                    case .diamond: abs(dx) + abs(dy) <= radius
                    case .line: row == column
                    case .disc: Self.discCovers(dx: dx, dy: dy, radius: radius)
                    case .gaussian: Self.gaussianWeight(dx: dx, dy: dy, radius: radius) > 0
                    }
            }
        }
        var rows: [(dy: Int, runs: [ClosedRange<Int>])] = []
        for row in 0..<size {
            var runs: [ClosedRange<Int>] = []
            var column = 0
            while column < size {
                guard cells[row][column] else {
                    column += 1
                    continue
                }
                let start = column
                while column < size, cells[row][column] { column += 1 }
                runs.append((start - radius)...(column - 1 - radius))
            }
            if !runs.isEmpty { rows.append((row - radius, runs)) }
        }
        self.radius = radius
        self.rows = rows
        self.isFullSquare = cells.allSatisfy { $0.allSatisfy { $0 } }
    }

    /// OpenCV `getStructuringElement(MORPH_ELLIPSE, (size, size))`: row `dy` covers `|dx| <= round(r·√(1 − dy²/r²))`.
    private static func discCovers(dx: Int, dy: Int, radius: Int) -> Bool {
        let inverseSquare = radius == 0 ? 0 : 1 / Double(radius * radius)
        let halfWidth = Int(
            (Double(radius) * (Double(radius * radius - dy * dy) * inverseSquare).squareRoot()).rounded(
                .toNearestOrEven))
        return abs(dx) <= halfWidth
    }

    /// MediScore's Gaussian kernel weight before binarisation: `exp(−(dx² + dy²) / (2σ²)) / Σ` with σ = 0.3.
    private static func gaussianWeight(dx: Int, dy: Int, radius: Int) -> Double {
        let twoSigmaSquared = 2 * 0.3 * 0.3
        var total = 0.0
        for y in -radius...radius {
            for x in -radius...radius { total += exp(-Double(x * x + y * y) / twoSigmaSquared) }
        }
        return exp(-Double(dx * dx + dy * dy) / twoSigmaSquared) / total
    }
}
