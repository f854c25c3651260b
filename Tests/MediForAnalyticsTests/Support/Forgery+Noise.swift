import Foundation
import MediForImaging

/// Manipulations for the noise and resampling analytics: local smoothing (3×3 median, Gaussian blur), bilinear
/// resizing of a whole image or of a region pasted back in place, and lossless saving. Deterministic.
extension Forgery {
    /// Flat, smooth-ish areas of the sample photos (sky, background, floor) where added noise is the only change.
    static let smoothRegions: [String: Region] = [
        "astronaut.png": Region(x: 320, y: 32, width: 96, height: 96),
        "chelsea.png": Region(x: 352, y: 16, width: 96, height: 96),
        "rocket.jpg": Region(x: 64, y: 64, width: 128, height: 128),
        "motorcycle_left.png": Region(x: 48, y: 384, width: 128, height: 96),
        "coffee.png": Region(x: 64, y: 224, width: 96, height: 96),
    ]

    /// PNG bytes of `image`.
    static func losslessPNG(_ image: PixelImage) throws -> [UInt8] { try encodePNG(image) }

    /// `image` with every channel inside `region` replaced by its 3×3 median (neighbours taken from the whole image).
    static func medianFiltered(_ image: PixelImage, region: Region) throws -> PixelImage {
        let source = image
        return try edit(image, region: region) { x, y, c, _ in
            var window: [UInt8] = []
            for dy in -1...1 {
                for dx in -1...1 {
                    let sx = min(max(x + dx, 0), source.width - 1), sy = min(max(y + dy, 0), source.height - 1)
                    window.append(source[sx, sy, c])
                }
            }
            return window.sorted()[4]
        }
    }

    /// `image` with `region` blurred by a Gaussian of `sigma` pixels (separable, edges clamped).
    static func blurred(_ image: PixelImage, region: Region, sigma: Double) throws -> PixelImage {
        let radius = max(Int((3 * sigma).rounded(.up)), 1)
        var kernel = (-radius...radius).map { exp(-Double($0 * $0) / (2 * sigma * sigma)) }
        let total = kernel.reduce(0, +)
        kernel = kernel.map { $0 / total }
        let w = image.width, h = image.height, ch = image.channels
        var horizontal = [Double](repeating: 0, count: w * h * ch)
        for y in 0..<h {
            for x in 0..<w {
                for c in 0..<ch {
                    var sum = 0.0
                    for k in -radius...radius { sum += kernel[k + radius] * Double(image[min(max(x + k, 0), w - 1), y, c]) }
                    horizontal[(y * w + x) * ch + c] = sum
                }
            }
        }
        return try edit(image, region: region) { x, y, c, _ in
            var sum = 0.0
            for k in -radius...radius { sum += kernel[k + radius] * horizontal[(min(max(y + k, 0), h - 1) * w + x) * ch + c] }
            return UInt8(min(max(sum.rounded(), 0), 255))
        }
    }

    /// Bilinear resampling of the `sourceWidth`×`sourceHeight` window of `image` at (`sourceX`, `sourceY`) to
    /// `width`×`height`, pixel centres aligned as image editors do (`src = (dst + ½)·scale − ½`, clamped).
    static func bilinear(
        _ image: PixelImage, sourceX: Int, sourceY: Int, sourceWidth: Int, sourceHeight: Int, width: Int, height: Int
    ) throws -> PixelImage {
        let ch = image.channels
        var pixels = [UInt8](repeating: 0, count: width * height * ch)
        let sx = Double(sourceWidth) / Double(width), sy = Double(sourceHeight) / Double(height)
        for y in 0..<height {
            let fy = min(max((Double(y) + 0.5) * sy - 0.5, 0), Double(sourceHeight - 1))
            let y0 = Int(fy), y1 = min(y0 + 1, sourceHeight - 1), ty = fy - Double(y0)
            for x in 0..<width {
                let fx = min(max((Double(x) + 0.5) * sx - 0.5, 0), Double(sourceWidth - 1))
                let x0 = Int(fx), x1 = min(x0 + 1, sourceWidth - 1), tx = fx - Double(x0)
                for c in 0..<ch {
                    let a = Double(image[sourceX + x0, sourceY + y0, c]), b = Double(image[sourceX + x1, sourceY + y0, c])
                    let d = Double(image[sourceX + x0, sourceY + y1, c]), e = Double(image[sourceX + x1, sourceY + y1, c])
                    let value = (a * (1 - tx) + b * tx) * (1 - ty) + (d * (1 - tx) + e * tx) * ty
                    pixels[(y * width + x) * ch + c] = UInt8(min(max(value.rounded(), 0), 255))
                }
            }
        }
        return try PixelImage(width: width, height: height, channels: ch, pixels: pixels)
    }

    /// The whole image resized by `factor` (bilinear).
    static func bilinearResized(_ image: PixelImage, factor: Double) throws -> PixelImage {
        try bilinear(
            image, sourceX: 0, sourceY: 0, sourceWidth: image.width, sourceHeight: image.height,
            width: Int(Double(image.width) * factor), height: Int(Double(image.height) * factor))
    }

    /// `host` with `region` replaced by the central `1/factor` part of the same region upscaled to fill it: a
    /// zoomed-in paste, as when an object is enlarged and put back.
    static func upscaledPaste(_ host: PixelImage, region: Region, factor: Double) throws -> PixelImage {
        let sw = Int((Double(region.width) / factor).rounded()), sh = Int((Double(region.height) / factor).rounded())
        let patch = try bilinear(
            host, sourceX: region.x + (region.width - sw) / 2, sourceY: region.y + (region.height - sh) / 2,
            sourceWidth: sw, sourceHeight: sh, width: region.width, height: region.height)
        return try paste(patch, into: host, region: region)
    }
}
