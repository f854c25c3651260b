import Foundation
import MediForImaging

extension Forgery {
    /// `image` with `target` replaced by the area around (`fromX`, `fromY`) (the source's top-left corner for an
    /// unrotated, unscaled copy), rotated by `degrees` and scaled by `scale` about the region's centre; bilinear.
    static func cloned(_ image: PixelImage, fromX: Int, fromY: Int, into target: Region, degrees: Double = 0,
                       scale: Double = 1) throws -> PixelImage
    {
        var pixels = image.pixels
        let channels = image.channels
        let cx = Double(target.width - 1) / 2, cy = Double(target.height - 1) / 2
        let angle = degrees * .pi / 180
        for v in 0..<target.height {
            for u in 0..<target.width {
                let du = Double(u) - cx, dv = Double(v) - cy
                let sx = Double(fromX) + cx + (cos(angle) * du + sin(angle) * dv) / scale
                let sy = Double(fromY) + cy + (-sin(angle) * du + cos(angle) * dv) / scale
                let x0 = min(max(Int(sx.rounded(.down)), 0), image.width - 2)
                let y0 = min(max(Int(sy.rounded(.down)), 0), image.height - 2)
                let fx = min(max(sx - Double(x0), 0), 1), fy = min(max(sy - Double(y0), 0), 1)
                for c in 0..<channels {
                    func at(_ x: Int, _ y: Int) -> Double { Double(image.pixels[(y * image.width + x) * channels + c]) }
                    let value = (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x0 + 1, y0))
                        + fy * ((1 - fx) * at(x0, y0 + 1) + fx * at(x0 + 1, y0 + 1))
                    pixels[((target.y + v) * image.width + target.x + u) * channels + c] = UInt8(min(max(value.rounded(), 0), 255))
                }
            }
        }
        return try PixelImage(width: image.width, height: image.height, channels: channels, pixels: pixels)
    }
}
