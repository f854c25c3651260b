import Foundation

/// The outline of a local manipulation.
package enum RegionShape: String, Hashable, Sendable, CaseIterable {
    case rectangle
    case ellipse
    case polygon
}

/// Where a local manipulation applies: a box in image coordinates and an alpha matte over it (1 = fully
/// manipulated). The reference mask is `alpha > 0.5`; a feathered region has soft edges in a band around it.
package struct Region: Hashable, Sendable {
    /// The box's left edge in the image.
    package var x: Int
    /// The box's top edge in the image.
    package var y: Int
    /// The box's width.
    package let width: Int
    /// The box's height.
    package let height: Int
    /// `width * height` weights in 0...1, row-major over the box.
    package let alpha: [Float]
    /// The outline.
    package let shape: RegionShape
    /// The Gaussian σ of the soft edge in pixels; 0 for a hard edge.
    package let feather: Double

    /// How far past `alpha > 0.5` the matte may be non-zero, in pixels (0 for a hard edge).
    package var featherBand: Int { feather > 0 ? Int((3 * feather).rounded(.up)) + 1 : 0 }

    /// Makes a region at `(0, 0)` whose core has about `area` pixels; place it with ``placed(x:y:)``.
    /// - Parameters:
    ///   - aspect: Width over height of the core's box.
    ///   - maxWidth: The widest the whole box (core plus feather band) may be; likewise `maxHeight`.
    ///   - alignedToGrid: Round a rectangle's sides to multiples of 8 (the caller places it on the grid).
    package static func make(
        shape: RegionShape, area: Double, aspect: Double, maxWidth: Int, maxHeight: Int, feather: Double,
        alignedToGrid: Bool, random: inout SeededRandom
    ) -> Region {
        let pad = feather > 0 ? Int((3 * feather).rounded(.up)) + 1 : 0
        var polygon: [(x: Double, y: Double)] = []
        var coverage = 1.0  // the fraction of the core box the shape fills
        switch shape {
        case .rectangle: break
        case .ellipse: coverage = Double.pi / 4
        case .polygon:
            polygon = Self.randomStar(random: &random)
            coverage = Self.area(of: polygon)
        }
        let boxArea = max(area / coverage, 64)
        var coreWidth = Int((boxArea * aspect).squareRoot().rounded())
        var coreHeight = Int((boxArea / aspect).squareRoot().rounded())
        coreWidth = min(max(coreWidth, 8), max(maxWidth - 2 * pad, 8))
        coreHeight = min(max(coreHeight, 8), max(maxHeight - 2 * pad, 8))
        if alignedToGrid && shape == .rectangle {
            coreWidth = max(coreWidth / 8 * 8, 8)
            coreHeight = max(coreHeight / 8 * 8, 8)
        }
        let width = coreWidth + 2 * pad
        let height = coreHeight + 2 * pad
        var alpha = [Float](repeating: 0, count: width * height)
        alpha.withUnsafeMutableBufferPointer { matte in
            switch shape {
            case .rectangle:
                for row in pad..<(pad + coreHeight) {
                    for column in pad..<(pad + coreWidth) { matte[row * width + column] = 1 }
                }
            case .ellipse:
                let rx = Double(coreWidth) / 2, ry = Double(coreHeight) / 2
                for row in 0..<coreHeight {
                    let dy = (Double(row) + 0.5 - ry) / ry
                    for column in 0..<coreWidth {
                        let dx = (Double(column) + 0.5 - rx) / rx
                        if dx * dx + dy * dy <= 1 { matte[(row + pad) * width + column + pad] = 1 }
                    }
                }
            case .polygon:
                let points = polygon.map { (x: $0.x * Double(coreWidth), y: $0.y * Double(coreHeight)) }
                Self.fill(points, into: matte, stride: width, offset: pad, rows: coreHeight, columns: coreWidth)
            }
        }
        if feather > 0 { GaussianKernel(sigma: feather).blur(&alpha, width: width, height: height) }
        return Region(x: 0, y: 0, width: width, height: height, alpha: alpha, shape: shape, feather: feather)
    }

    /// The same region with its box at `(x, y)`.
    package func placed(x: Int, y: Int) -> Region {
        var copy = self
        copy.x = x
        copy.y = y
        return copy
    }

    /// Pixels with `alpha > 0.5`.
    package var coveredPixels: Int { alpha.reduce(0) { $0 + ($1 > 0.5 ? 1 : 0) } }

    /// The reference mask of an image of the given size: 0 where `alpha > 0.5`, 255 elsewhere.
    package func mask(imageWidth: Int, imageHeight: Int) -> [UInt8] {
        var mask = [UInt8](repeating: 255, count: imageWidth * imageHeight)
        for row in 0..<height {
            let imageRow = y + row
            guard imageRow >= 0, imageRow < imageHeight else { continue }
            for column in 0..<width where alpha[row * width + column] > 0.5 {
                let imageColumn = x + column
                guard imageColumn >= 0, imageColumn < imageWidth else { continue }
                mask[imageRow * imageWidth + imageColumn] = 0
            }
        }
        return mask
    }

    /// A star-shaped polygon of 5–9 vertices, normalised so its bounding box is the unit square.
    private static func randomStar(random: inout SeededRandom) -> [(x: Double, y: Double)] {
        let count = random.int(in: 5...9)
        let step = 2 * Double.pi / Double(count)
        let start = random.double(in: 0...(2 * Double.pi))
        var points: [(x: Double, y: Double)] = []
        for index in 0..<count {
            let angle = start + step * (Double(index) + random.double(in: -0.3...0.3))
            let radius = random.double(in: 0.55...1.0)
            points.append((radius * cos(angle), radius * sin(angle)))
        }
        let minX = points.map(\.x).min() ?? 0, maxX = points.map(\.x).max() ?? 1
        let minY = points.map(\.y).min() ?? 0, maxY = points.map(\.y).max() ?? 1
        return points.map { (($0.x - minX) / max(maxX - minX, 1e-9), ($0.y - minY) / max(maxY - minY, 1e-9)) }
    }

    /// The area of a simple polygon (shoelace formula).
    private static func area(of points: [(x: Double, y: Double)]) -> Double {
        var sum = 0.0
        for index in points.indices {
            let next = points[(index + 1) % points.count]
            sum += points[index].x * next.y - next.x * points[index].y
        }
        return max(abs(sum) / 2, 0.05)
    }

    /// Even–odd scanline fill of a polygon given in core-box pixel coordinates.
    private static func fill(
        _ points: [(x: Double, y: Double)], into matte: UnsafeMutableBufferPointer<Float>, stride: Int, offset: Int,
        rows: Int, columns: Int
    ) {
        var crossings: [Double] = []
        crossings.reserveCapacity(points.count)
        for row in 0..<rows {
            let scanY = Double(row) + 0.5
            crossings.removeAll(keepingCapacity: true)
            for index in points.indices {
                let a = points[index], b = points[(index + 1) % points.count]
                guard (a.y <= scanY) != (b.y <= scanY) else { continue }
                crossings.append(a.x + (scanY - a.y) / (b.y - a.y) * (b.x - a.x))
            }
            crossings.sort()
            var pair = 0
            while pair + 1 < crossings.count {
                let from = max(Int((crossings[pair] - 0.5).rounded(.up)), 0)
                let to = min(Int((crossings[pair + 1] - 0.5).rounded(.down)), columns - 1)
                if from <= to {
                    for column in from...to { matte[(row + offset) * stride + column + offset] = 1 }
                }
                pair += 2
            }
        }
    }
}
