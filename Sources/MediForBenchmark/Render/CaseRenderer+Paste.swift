import Foundation
import MediForImaging

/// The operations that paste pixels from elsewhere: splice, copy-move and local double quantization.
extension CaseRenderer {
    /// Splice: a region of another host photo, compressed once at Q_d ∈ 60…100 (or, one time in five, never
    /// compressed), pasted at a random position. `Aligned` = the donor's 8×8 grid lands on the probe's grid
    /// (both offsets multiples of 8); non-aligned pastes are off the grid in both directions. Variant `feathered`
    /// blends the edge with a Gaussian alpha of σ 0.5–3 px.
    func splice(_ rendered: inout RenderedCase, tile: HostTile, random: inout SeededRandom) throws(ImagingError) {
        let host = rendered.target
        let donors = hosts.tiles.filter { $0.hostID != tile.hostID }
        guard !donors.isEmpty else { return }
        let donorTile = random.element(of: donors)
        let donorQuality: Int? = random.chance(0.2) ? nil : random.int(in: 60...100)
        let donor = try donorQuality.map { quality throws(ImagingError) in
            try Self.compressed(donorTile.image, quality: quality)
        } ?? donorTile.image
        let feather = rendered.plan.variant == "feathered" ? random.double(in: 0.5...3.0) : 0
        let aligned = random.chance(0.5)
        let maxWidth = min(host.width, donor.width) * 9 / 10
        let maxHeight = min(host.height, donor.height) * 9 / 10
        var region = makeRegion(in: host, random: &random, feather: feather, alignedToGrid: aligned)
        if region.width > maxWidth || region.height > maxHeight {
            region = Region.make(
                shape: region.shape, area: Double(maxWidth * maxHeight) / 4, aspect: 1, maxWidth: maxWidth,
                maxHeight: maxHeight, feather: feather, alignedToGrid: aligned, random: &random)
        }
        let step = aligned ? 8 : 1
        let source = TextureMap(donor).detailedPosition(
            boxWidth: region.width, boxHeight: region.height, candidates: 4, step: step, random: &random)
        var x = TextureMap.randomOffset(host.width - region.width, step: step, random: &random)
        var y = TextureMap.randomOffset(host.height - region.height, step: step, random: &random)
        if !aligned {
            x = Self.offGrid(x, relativeTo: source.x, limit: host.width - region.width)
            y = Self.offGrid(y, relativeTo: source.y, limit: host.height - region.height)
        }
        let patch = donor.patch(x: source.x, y: source.y, width: region.width, height: region.height)
        apply(patch, through: region.placed(x: x, y: y), to: &rendered)
        rendered.aligned = aligned ? "Y" : "N"
        rendered.parameters = [
            "donor=\(donorTile.hostID)", "donorQ=\(donorQuality.map { "\($0)" } ?? "none")",
            "feather=\(Self.format(feather, digits: 1))",
        ]
    }

    /// Copy-move: a region of the photo copied elsewhere in it, never overlapping its source. Variant `translate`
    /// shifts it (`Aligned` = the shift is a multiple of 8 in both directions; otherwise it is off the grid in
    /// both); `rotate-scale` also rotates it by 0–30° and scales it by 0.8–1.25, bilinear.
    func copyMove(_ rendered: inout RenderedCase, random: inout SeededRandom) {
        let image = rendered.target
        let texture = TextureMap(image)
        let rotates = rendered.plan.variant == "rotate-scale"
        let aligned = !rotates && random.chance(0.5)
        let angle = rotates ? random.double(in: 0...30) * (random.chance(0.5) ? 1 : -1) : 0
        let scale = rotates ? exp(random.double(in: log(0.8)...log(1.25))) : 1
        var region = makeRegion(in: image, random: &random, alignedToGrid: aligned, maxShare: 0.45)
        for _ in 0..<6 {
            // The source footprint: the destination box, rotated and scaled back.
            let reach = rotates ? 1.42 / scale : 1.0
            let footWidth = min(Int(Double(max(region.width, region.height)) * reach) + 2, image.width)
            let footHeight = rotates ? min(footWidth, image.height) : region.height
            let sourceWidth = rotates ? footWidth : region.width
            if let placement = Self.disjointBoxes(
                first: (sourceWidth, footHeight), second: (region.width, region.height), image: image,
                step: aligned ? 8 : 1, texture: texture, random: &random)
            {
                var destination = placement.second
                if !rotates && !aligned {
                    destination.x = Self.offGrid(destination.x, relativeTo: placement.first.x,
                                                 limit: image.width - region.width)
                    destination.y = Self.offGrid(destination.y, relativeTo: placement.first.y,
                                                 limit: image.height - region.height)
                }
                let placed = region.placed(x: destination.x, y: destination.y)
                let patch: [UInt8]
                if rotates {
                    let map = AffineMap.scaleRotate(
                        scale: scale, degrees: angle,
                        outputCentre: (Double(destination.x) + Double(region.width - 1) / 2,
                                       Double(destination.y) + Double(region.height - 1) / 2),
                        sourceCentre: (Double(placement.first.x) + Double(sourceWidth - 1) / 2,
                                       Double(placement.first.y) + Double(footHeight - 1) / 2))
                    patch = image.warped(
                        width: region.width, height: region.height, originX: destination.x, originY: destination.y,
                        map: map, interpolation: .bilinear, coverage: region.alpha)
                } else {
                    patch = image.patch(
                        x: placement.first.x, y: placement.first.y, width: region.width, height: region.height)
                }
                apply(patch, through: placed, to: &rendered)
                rendered.aligned = rotates ? "" : (aligned ? "Y" : "N")
                var parameters = ["shift=\(destination.x - placement.first.x),\(destination.y - placement.first.y)"]
                if rotates { parameters += ["angle=\(Self.format(angle, digits: 1))", "scale=\(Self.format(scale))"] }
                rendered.parameters = parameters
                return
            }
            region = Region.make(
                shape: region.shape, area: Double(region.coveredPixels) * 0.6, aspect: 1,
                maxWidth: region.width, maxHeight: region.height, feather: 0, alignedToGrid: aligned, random: &random)
        }
        // Nothing fitted: a quarter-size rectangle copied from the centre to the top-left corner.
        let fallback = Region.make(
            shape: .rectangle, area: Double(image.width * image.height) / 16, aspect: 1, maxWidth: image.width / 4,
            maxHeight: image.height / 4, feather: 0, alignedToGrid: true, random: &random)
        let patch = image.patch(x: image.width / 2, y: image.height / 2, width: fallback.width, height: fallback.height)
        apply(patch, through: fallback.placed(x: 8, y: 8), to: &rendered)
        rendered.aligned = "Y"
        rendered.parameters = ["shift=\(8 - image.width / 2),\(8 - image.height / 2)"]
    }

    /// Local double quantization: a region whose compression history differs from the rest of the camera original.
    /// Variant `raw-region` takes it from the never-compressed tile (after the final JPEG save the region is
    /// compressed once, the rest twice); `shifted-grid` takes it from a copy compressed at Q_r ∈ 65…95 on a grid
    /// shifted by (dx, dy) ∈ [1…7]², giving non-aligned double compression inside the region (`Aligned` = N).
    func localDoubleQuantization(_ rendered: inout RenderedCase, tile: HostTile, random: inout SeededRandom)
        throws(ImagingError)
    {
        let image = rendered.target
        let region = makeRegion(in: image, random: &random)
        let position = TextureMap(image).detailedPosition(
            boxWidth: region.width, boxHeight: region.height, candidates: 4, step: 1, random: &random)
        let patch: [UInt8]
        if rendered.plan.variant == "shifted-grid" {
            let dx = random.int(in: 1...7), dy = random.int(in: 1...7)
            let quality = random.int(in: 65...95)
            let shifted = try Self.compressed(
                tile.image.cropped(x: dx, y: dy, width: tile.image.width - dx, height: tile.image.height - dy),
                quality: quality)
            patch = shifted.patch(x: position.x - dx, y: position.y - dy, width: region.width, height: region.height)
            rendered.aligned = "N"
            rendered.parameters = ["regionQ=\(quality)", "gridShift=\(dx),\(dy)"]
        } else {
            patch = tile.image.patch(x: position.x, y: position.y, width: region.width, height: region.height)
            rendered.parameters = ["regionQ=none"]
        }
        apply(patch, through: region.placed(x: position.x, y: position.y), to: &rendered)
    }

    /// `value` moved by one pixel if needed so that `value − reference` is not a multiple of 8, staying in
    /// `0...limit`.
    static func offGrid(_ value: Int, relativeTo reference: Int, limit: Int) -> Int {
        guard (value - reference) % 8 == 0 else { return value }
        if value + 1 <= limit { return value + 1 }
        return max(value - 1, 0)
    }

    /// Two non-overlapping boxes in `image`: the first (a source) where there is detail, the second anywhere,
    /// corners multiples of `step`; nil when 40 tries find no disjoint pair.
    static func disjointBoxes(
        first: (width: Int, height: Int), second: (width: Int, height: Int), image: Raster, step: Int,
        texture: TextureMap, random: inout SeededRandom
    ) -> (first: (x: Int, y: Int), second: (x: Int, y: Int))? {
        guard first.width <= image.width, first.height <= image.height, second.width <= image.width,
              second.height <= image.height
        else { return nil }
        var best: (first: (x: Int, y: Int), second: (x: Int, y: Int))?
        var bestDetail = -1.0
        var found = 0
        for _ in 0..<40 where found < 4 {
            let a = (x: TextureMap.randomOffset(image.width - first.width, step: step, random: &random),
                     y: TextureMap.randomOffset(image.height - first.height, step: step, random: &random))
            let b = (x: TextureMap.randomOffset(image.width - second.width, step: step, random: &random),
                     y: TextureMap.randomOffset(image.height - second.height, step: step, random: &random))
            let apart = a.x + first.width + 1 < b.x || b.x + second.width + 1 < a.x
                || a.y + first.height + 1 < b.y || b.y + second.height + 1 < a.y
            guard apart else { continue }
            found += 1
            let detail = texture.detail(x: a.x, y: a.y, width: first.width, height: first.height)
            if detail > bestDetail {
                bestDetail = detail
                best = (a, b)
            }
        }
        return best
    }
}
