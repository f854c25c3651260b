import Foundation

/// The operations that filter or resample in place: regional noise, blur and median, and resampling.
extension CaseRenderer {
    /// Regional noise (σ 1–2.5 or 2.5–5 grey levels, independent per channel), Gaussian blur (σ 1.2–2 or
    /// 2–3 px) or median (3×3 or 5×5), in a region placed where the photo has detail.
    func filter(_ rendered: inout RenderedCase, random: inout SeededRandom) {
        let image = rendered.target
        let region = makeRegion(in: image, random: &random)
        let at = TextureMap(image).detailedPosition(
            boxWidth: region.width, boxHeight: region.height, candidates: 8, step: 1, random: &random)
        let high = rendered.plan.variant.hasSuffix("high")
        let patch: [UInt8]
        switch rendered.plan.operation {
        case .noise:
            let sigma = high ? random.double(in: 2.5...5) : random.double(in: 1...2.5)
            patch = image.noisyPatch(
                x: at.x, y: at.y, width: region.width, height: region.height, sigma: sigma, random: &random)
            rendered.parameters = ["sigma=\(Self.format(sigma))"]
        case .blur:
            let sigma = high ? random.double(in: 2...3) : random.double(in: 1.2...2)
            patch = image.blurredPatch(x: at.x, y: at.y, width: region.width, height: region.height, sigma: sigma)
            rendered.parameters = ["sigma=\(Self.format(sigma))"]
        default:
            let size = rendered.plan.variant == "5x5" ? 5 : 3
            patch = image.medianPatch(x: at.x, y: at.y, width: region.width, height: region.height, size: size)
            rendered.parameters = ["window=\(size)"]
        }
        apply(patch, through: region.placed(x: at.x, y: at.y), to: &rendered)
    }

    /// Resampling, bilinear or bicubic. `global-scale` scales the whole photo by 0.5, 0.8, 1.2, 1.5 or 2 (the
    /// centre of an enlargement is kept at the original size; a reduction is smaller, sides multiples of 16);
    /// `global-rotate` rotates it by 5–15° either way and keeps the largest centred rectangle of the original's
    /// aspect that has no empty corners. Their controls are centred crops of the camera original to the same size
    /// (offsets multiples of 8). `regional-scale` and `regional-rotate` do the same inside a region, about its
    /// centre.
    func resample(_ rendered: inout RenderedCase, random: inout SeededRandom) {
        let image = rendered.target
        let interpolation = random.element(of: Interpolation.allCases)
        let variant = rendered.plan.variant
        let scales = [0.5, 0.8, 1.2, 1.5, 2.0]
        let rotates = variant.hasSuffix("rotate")
        let scale = rotates ? 1 : random.element(of: scales)
        let angle = rotates ? random.double(in: 5...15) * (random.chance(0.5) ? 1 : -1) : 0
        rendered.parameters = [
            rotates ? "angle=\(Self.format(angle, digits: 1))" : "scale=\(Self.format(scale))",
            "interpolation=\(interpolation.rawValue)",
        ]
        if variant.hasPrefix("global") {
            var width = image.width, height = image.height
            if rotates {
                let radians = abs(angle) * Double.pi / 180
                let w = Double(width), h = Double(height)
                let fit = min(w / (w * cos(radians) + h * sin(radians)), h / (w * sin(radians) + h * cos(radians)))
                width = Int(w * fit) / 16 * 16
                height = Int(h * fit) / 16 * 16
            } else if scale < 1 {
                width = Int(Double(width) * scale) / 16 * 16
                height = Int(Double(height) * scale) / 16 * 16
            }
            width = max(width, 16)
            height = max(height, 16)
            let map = AffineMap.scaleRotate(
                scale: scale, degrees: angle,
                outputCentre: (Double(width - 1) / 2, Double(height - 1) / 2),
                sourceCentre: (Double(image.width - 1) / 2, Double(image.height - 1) / 2))
            let pixels = image.warped(
                width: width, height: height, originX: 0, originY: 0, map: map, interpolation: interpolation)
            rendered.target = Raster(width: width, height: height, pixels: pixels)
            rendered.control = image.centredCrop(width: width, height: height)
            return
        }
        let region = makeRegion(in: image, random: &random)
        let at = TextureMap(image).detailedPosition(
            boxWidth: region.width, boxHeight: region.height, candidates: 8, step: 1, random: &random)
        let centre = (x: Double(at.x) + Double(region.width - 1) / 2, y: Double(at.y) + Double(region.height - 1) / 2)
        let map = AffineMap.scaleRotate(scale: scale, degrees: angle, outputCentre: centre, sourceCentre: centre)
        let patch = image.warped(
            width: region.width, height: region.height, originX: at.x, originY: at.y, map: map,
            interpolation: interpolation, coverage: region.alpha)
        apply(patch, through: region.placed(x: at.x, y: at.y), to: &rendered)
    }
}
