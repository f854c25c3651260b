import Foundation
public import MediForImaging

/// Numeric building blocks the analytics share: robust statistics, block maps, smoothing and score mapping.
/// Everything works on contiguous `[Float]` buffers in one pass or a few; nothing allocates per pixel.
public enum ForensicMath {
    /// The median of `values` (0 for an empty array). Sorts a copy.
    public static func median(_ values: [Float]) -> Float { percentile(values, 0.5) }

    /// The `p`-quantile (0…1) of `values` by nearest rank on a sorted copy (0 for an empty array).
    public static func percentile(_ values: [Float], _ p: Double) -> Float {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let rank = Int((Double(sorted.count - 1) * min(max(p, 0), 1)).rounded())
        return sorted[rank]
    }

    /// Median absolute deviation from the median, scaled by 1.4826 to estimate a normal standard deviation.
    public static func robustSigma(_ values: [Float], median center: Float) -> Float {
        median(values.map { abs($0 - center) }) * 1.4826
    }

    /// Robust z-scores: `(v - median) / (robust sigma + floor)`.
    public static func robustZ(_ values: [Float], floor: Float) -> [Float] {
        let center = median(values)
        let sigma = robustSigma(values, median: center) + floor
        return values.map { ($0 - center) / sigma }
    }

    /// The logistic function `1 / (1 + exp(-(x - midpoint) / width))`, mapping evidence to a score in (0, 1).
    public static func logistic(_ x: Double, midpoint: Double, width: Double) -> Double {
        1 / (1 + exp(-(x - midpoint) / max(width, 1e-9)))
    }

    /// Means of `plane` over a grid of `size`×`size` blocks starting at (`offsetX`, `offsetY`); partial blocks at
    /// the edges are dropped. Returns the block map (row-major) and its dimensions.
    public static func blockMeans(_ plane: GrayImage, size: Int, offsetX: Int = 0, offsetY: Int = 0)
        -> (values: [Float], columns: Int, rows: Int)
    {
        let columns = max((plane.width - offsetX) / size, 0)
        let rows = max((plane.height - offsetY) / size, 0)
        var values = [Float](repeating: 0, count: columns * rows)
        let scale = 1 / Float(size * size)
        plane.pixels.withUnsafeBufferPointer { source in
            for row in 0..<rows {
                for y in 0..<size {
                    let base = (offsetY + row * size + y) * plane.width + offsetX
                    for column in 0..<columns {
                        var sum: Float = 0
                        let start = base + column * size
                        for x in 0..<size { sum += source[start + x] }
                        values[row * columns + column] += sum
                    }
                }
            }
        }
        for index in values.indices { values[index] *= scale }
        return (values, columns, rows)
    }

    /// A per-pixel plane of `width`×`height` taking each block's value (blocks of `size` from the offset; pixels
    /// outside the grid take `fill`).
    public static func expandBlocks(
        _ values: [Float], columns: Int, rows: Int, size: Int, width: Int, height: Int, offsetX: Int = 0,
        offsetY: Int = 0, fill: Float = 0
    ) -> GrayImage {
        var pixels = [Float](repeating: fill, count: width * height)
        for y in 0..<height {
            let row = (y - offsetY) / size
            guard y >= offsetY, row < rows else { continue }
            for x in offsetX..<width {
                let column = (x - offsetX) / size
                guard column < columns else { break }
                pixels[y * width + x] = values[row * columns + column]
            }
        }
        return try! GrayImage(width: width, height: height, pixels: pixels)
    }

    /// A box blur of radius `radius` (window `2r+1`), separable, with clamped edges.
    public static func boxBlur(_ plane: GrayImage, radius: Int) -> GrayImage {
        guard radius > 0 else { return plane }
        let width = plane.width
        let height = plane.height
        var horizontal = [Float](repeating: 0, count: width * height)
        var output = [Float](repeating: 0, count: width * height)
        let norm = 1 / Float(2 * radius + 1)
        plane.pixels.withUnsafeBufferPointer { source in
            for y in 0..<height {
                let base = y * width
                var sum: Float = 0
                for k in -radius...radius { sum += source[base + min(max(k, 0), width - 1)] }
                for x in 0..<width {
                    horizontal[base + x] = sum * norm
                    sum += source[base + min(x + radius + 1, width - 1)] - source[base + max(x - radius, 0)]
                }
            }
        }
        for x in 0..<width {
            var sum: Float = 0
            for k in -radius...radius { sum += horizontal[min(max(k, 0), height - 1) * width + x] }
            for y in 0..<height {
                output[y * width + x] = sum * norm
                sum += horizontal[min(y + radius + 1, height - 1) * width + x] - horizontal[max(y - radius, 0) * width + x]
            }
        }
        return try! GrayImage(width: width, height: height, pixels: output)
    }
}
