import MediForImaging

/// Turns a decoded photo into pseudo-camera originals: RGB tiles whose sides are multiples of 16.
///
/// 1. Grey photos are expanded to RGB (three equal channels).
/// 2. When halving keeps the short side at 256 pixels or more, the photo is downscaled by 2 with 2×2 area
///    averaging, which erases most traces of its earlier life (JPEG grid, colour filter array, resampling).
///    Smaller photos are used at their own size and keep those traces; they are the same in a target and its
///    control, so they separate nothing.
/// 3. The photo is cut into tiles of at most `maxTilePixels`: one centred tile, or, when the photo is larger
///    than that and `maxTilesPerHost` allows, a 2×1, 1×2 or 2×2 grid of cells with a centred tile in each.
///    Tile sides are multiples of 16 and tile offsets multiples of 8, so a JPEG grid the photo still carries
///    stays aligned with the benchmark's.
package struct HostNormalizer: Sendable {
    /// Neither side of a tile may be shorter than this.
    package static let minimumSide = 128

    /// The largest tile, in pixels.
    package var maxTilePixels: Int
    /// The most tiles per photo.
    package var maxTilesPerHost: Int

    /// A normaliser cutting tiles of at most `maxTilePixels`, at most `maxTilesPerHost` per photo.
    package init(maxTilePixels: Int, maxTilesPerHost: Int) {
        self.maxTilePixels = maxTilePixels
        self.maxTilesPerHost = maxTilesPerHost
    }

    /// The tiles of `image`; empty when the photo is too small.
    package func tiles(of image: PixelImage) -> [Raster] {
        var rgb = Raster(image)
        if min(rgb.width, rgb.height) / 2 >= 256 { rgb = rgb.halved() }
        let width = rgb.width / 16 * 16
        let height = rgb.height / 16 * 16
        guard width >= Self.minimumSide, height >= Self.minimumSide else { return [] }
        let grid = chooseGrid(width: width, height: height)
        var tiles: [Raster] = []
        for row in 0..<grid.rows {
            for column in 0..<grid.columns {
                let cellWidth = width / grid.columns / 16 * 16
                let cellHeight = height / grid.rows / 16 * 16
                let size = Self.fit(width: cellWidth, height: cellHeight, maxPixels: maxTilePixels)
                guard size.width >= Self.minimumSide, size.height >= Self.minimumSide else { continue }
                let x = column * cellWidth + (cellWidth - size.width) / 2 / 8 * 8
                let y = row * cellHeight + (cellHeight - size.height) / 2 / 8 * 8
                tiles.append(rgb.cropped(x: x, y: y, width: size.width, height: size.height))
            }
        }
        return tiles
    }

    /// The smallest grid whose cells fit `maxTilePixels`, within `maxTilesPerHost`; splits the longer side first.
    private func chooseGrid(width: Int, height: Int) -> (columns: Int, rows: Int) {
        let candidates = width >= height ? [(1, 1), (2, 1), (1, 2), (2, 2)] : [(1, 1), (1, 2), (2, 1), (2, 2)]
        let allowed = candidates.filter { $0.0 * $0.1 <= max(maxTilesPerHost, 1) }
        var best: (Int, Int)?
        for grid in allowed {
            let cellWidth = width / grid.0
            let cellHeight = height / grid.1
            guard cellWidth >= Self.minimumSide, cellHeight >= Self.minimumSide else { continue }
            if cellWidth * cellHeight <= maxTilePixels { return grid }
            best = grid
        }
        return best ?? (1, 1)
    }

    /// The largest size of `width`×`height`'s aspect, sides multiples of 16, with at most `maxPixels` pixels.
    static func fit(width: Int, height: Int, maxPixels: Int) -> (width: Int, height: Int) {
        guard width * height > maxPixels else { return (width, height) }
        let scale = (Double(maxPixels) / Double(width * height)).squareRoot()
        return (Int(Double(width) * scale) / 16 * 16, Int(Double(height) * scale) / 16 * 16)
    }
}
