/// Where a photo has detail: a summed-area table of the luma gradient magnitude, so the detail inside any box
/// costs four lookups. Regions are placed where there is detail, because blurring, filtering or resampling a
/// flat patch of sky changes almost nothing and makes a target indistinguishable from its control.
package struct TextureMap: Sendable {
    private let width: Int
    private let height: Int
    private let table: [Double]  // (width + 1) × (height + 1), zero first row and column

    /// The map of `raster`.
    package init(_ raster: Raster) {
        let luma = raster.luma()
        let width = raster.width, height = raster.height
        var table = [Double](repeating: 0, count: (width + 1) * (height + 1))
        for y in 0..<height {
            var rowSum = 0.0
            for x in 0..<width {
                let here = luma[y * width + x]
                let right = luma[y * width + min(x + 1, width - 1)]
                let below = luma[min(y + 1, height - 1) * width + x]
                rowSum += Double(abs(right - here) + abs(below - here))
                table[(y + 1) * (width + 1) + x + 1] = table[y * (width + 1) + x + 1] + rowSum
            }
        }
        self.width = width
        self.height = height
        self.table = table
    }

    /// The mean gradient magnitude inside the box (clipped to the image).
    package func detail(x: Int, y: Int, width boxWidth: Int, height boxHeight: Int) -> Double {
        let left = min(max(x, 0), width), right = min(max(x + boxWidth, 0), width)
        let top = min(max(y, 0), height), bottom = min(max(y + boxHeight, 0), height)
        guard right > left, bottom > top else { return 0 }
        let stride = width + 1
        let sum = table[bottom * stride + right] - table[top * stride + right] - table[bottom * stride + left]
            + table[top * stride + left]
        return sum / Double((right - left) * (bottom - top))
    }

    /// Of `candidates` random top-left corners for a `boxWidth`×`boxHeight` box (multiples of `step` when
    /// `step` > 1), the one with the most detail.
    package func detailedPosition(
        boxWidth: Int, boxHeight: Int, candidates: Int, step: Int, random: inout SeededRandom
    ) -> (x: Int, y: Int) {
        var best = (x: 0, y: 0)
        var bestDetail = -1.0
        for _ in 0..<max(candidates, 1) {
            let x = Self.randomOffset(max(width - boxWidth, 0), step: step, random: &random)
            let y = Self.randomOffset(max(height - boxHeight, 0), step: step, random: &random)
            let value = detail(x: x, y: y, width: boxWidth, height: boxHeight)
            if value > bestDetail {
                bestDetail = value
                best = (x, y)
            }
        }
        return best
    }

    /// A random offset in `0...limit`, a multiple of `step` when `step` > 1.
    package static func randomOffset(_ limit: Int, step: Int, random: inout SeededRandom) -> Int {
        guard step > 1 else { return random.int(in: 0...max(limit, 0)) }
        return random.int(in: 0...(max(limit, 0) / step)) * step
    }
}
