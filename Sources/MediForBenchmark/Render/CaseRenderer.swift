import Foundation
import MediForImaging

/// Builds target–control pairs from a plan: decodes nothing from disk, only transforms the host tiles in memory.
///
/// Every pair uses its own ``SeededRandom`` stream (``CasePlan/seed``), so pairs can be rendered in any order and
/// in parallel with identical results. Both probes of a pair start from the same camera original (the tile
/// compressed at Q1 with the standard IJG tables, 4:2:0), except recompression controls, which are the tile saved
/// only once; see ``render(_:)``.
package struct CaseRenderer: Sendable {
    /// The host tiles.
    package let hosts: HostLibrary

    /// A renderer over `hosts`.
    package init(hosts: HostLibrary) {
        self.hosts = hosts
    }

    /// Builds the pair for `plan`.
    /// - Throws: ``ImagingError`` if encoding or decoding an intermediate JPEG fails.
    package func render(_ plan: CasePlan) throws(ImagingError) -> RenderedCase {
        var random = SeededRandom(seed: plan.seed)
        let tile = hosts.tiles[min(max(plan.tileIndex, 0), hosts.tiles.count - 1)]
        let camera = try Self.compressed(tile.image, quality: plan.firstQuality)
        let metadata = CameraMetadata.camera(for: tile.hostID, random: &random)
        var rendered = RenderedCase(
            plan: plan, target: camera, control: camera, targetMetadata: metadata, controlMetadata: metadata)
        switch plan.operation {
        case .splice: try splice(&rendered, tile: tile, random: &random)
        case .copymove: copyMove(&rendered, random: &random)
        case .localdq: try localDoubleQuantization(&rendered, tile: tile, random: &random)
        case .resample: resample(&rendered, random: &random)
        case .noise, .blur, .median: filter(&rendered, random: &random)
        case .recompress: recompress(&rendered, tile: tile, random: &random)
        case .metadata: editMetadata(&rendered, random: &random)
        }
        return rendered
    }

    /// `raster` saved as JPEG at `quality` (standard IJG tables, 4:2:0) and decoded again.
    package static func compressed(_ raster: Raster, quality: Int) throws(ImagingError) -> Raster {
        let bytes = try encodeJPEG(raster.pixelImage(), quality: quality, chroma: .subsampled420)
        return Raster(try decodeImage(data: bytes))
    }

    /// Composites `patch` through `region`, and records the mask, shape and region fraction.
    func apply(_ patch: [UInt8], through region: Region, to rendered: inout RenderedCase) {
        rendered.target.composite(patch, through: region)
        rendered.region = region
        let mask = region.mask(imageWidth: rendered.target.width, imageHeight: rendered.target.height)
        rendered.mask = mask
        rendered.shape = region.shape.rawValue
        let covered = mask.reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
        rendered.regionFraction = RegionFractionBucket.label(Double(covered) / Double(max(mask.count, 1)))
    }

    /// A new region for a local manipulation of `raster`: random shape and aspect, a drawn share of the image.
    func makeRegion(
        in raster: Raster, random: inout SeededRandom, feather: Double = 0, alignedToGrid: Bool = false,
        maxShare: Double = 0.9, shape: RegionShape? = nil
    ) -> Region {
        let share = RegionFractionBucket.draw(&random)
        let chosenShape = shape ?? random.element(of: RegionShape.allCases)
        let aspect = exp(random.double(in: log(0.5)...log(2.0)))
        return Region.make(
            shape: chosenShape, area: share * Double(raster.width * raster.height), aspect: aspect,
            maxWidth: Int(Double(raster.width) * maxShare), maxHeight: Int(Double(raster.height) * maxShare),
            feather: feather, alignedToGrid: alignedToGrid, random: &random)
    }

    /// A number for the `Parameters` column, with at most `digits` decimals and no trailing zeros.
    static func format(_ value: Double, digits: Int = 2) -> String {
        var text = String(format: "%.\(digits)f", value)
        while text.contains("."), text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
