import MediForBenchmark
import MediForImaging
import Testing

/// Host normalisation: halving rule, multiples of 16, tile caps.
@Suite struct HostNormalizerTests {
    static let small = HostNormalizer(maxTilePixels: 500_000, maxTilesPerHost: 1)
    static let full = HostNormalizer(maxTilePixels: 2_000_000, maxTilesPerHost: 4)

    @Test func smallPhotosKeepTheirSizeCutToMultiplesOf16() throws {
        let photo = try PixelImage(width: 301, height: 250, channels: 1, repeating: 90)
        let tiles = Self.small.tiles(of: photo)
        #expect(tiles.count == 1)
        #expect(tiles.first?.width == 288 && tiles.first?.height == 240)
        #expect(tiles.first?.pixels.allSatisfy { $0 == 90 } == true)  // grey expanded to three equal channels
    }

    @Test func largerPhotosAreHalvedAndCappedToOneCentredTile() throws {
        let photo = try PixelImage(width: 1411, height: 1411, channels: 3, repeating: 10)
        let tiles = Self.small.tiles(of: photo)
        #expect(tiles.count == 1)
        let tile = try #require(tiles.first as Raster?)
        #expect(tile.width * tile.height <= 500_000)
        #expect(tile.width % 16 == 0 && tile.height % 16 == 0 && tile.width == tile.height)
        #expect(tile.width == 704)  // 1411 → 705 by halving → 704
    }

    @Test func fullCutsLargePhotosIntoSeveralTiles() throws {
        let photo = try PixelImage(width: 4000, height: 2600, channels: 1, repeating: 200)
        let tiles = Self.full.tiles(of: photo)
        #expect(tiles.count == 2)  // halved to 2000×1296: 2.6 MP, so two cells of 1.3 MP side by side
        for tile in tiles {
            #expect(tile.width * tile.height <= 2_000_000)
            #expect(tile.width % 16 == 0 && tile.height % 16 == 0)
        }
        #expect(Self.small.tiles(of: photo).count == 1)
    }

    @Test func tinyPhotosGiveNoTiles() throws {
        #expect(Self.small.tiles(of: try PixelImage(width: 120, height: 400, channels: 3, repeating: 0)).isEmpty)
    }
}
