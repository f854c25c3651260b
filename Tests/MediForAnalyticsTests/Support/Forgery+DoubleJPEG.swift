import Foundation
import MediForAnalytics
import MediForImaging
import Testing

/// Compression histories for the double-JPEG analytics (JPEG ghosts, aligned and non-aligned double quantization).
extension Forgery {
    /// `image` after one JPEG cycle at `quality` on an 8×8 grid whose lines fall at x ≡ -`dx`, y ≡ -`dy` (mod 8)
    /// of `image`: the image is padded by `dx` columns and `dy` rows (edge copies) on the top left, compressed,
    /// decoded and cropped back. `dx` = `dy` = 0 is an ordinary aligned compression.
    static func compressed(_ image: PixelImage, quality: Int, gridShiftX dx: Int, gridShiftY dy: Int) throws
        -> PixelImage
    {
        let width = image.width + dx
        let height = image.height + dy
        let channels = image.channels
        var padded = [UInt8](repeating: 0, count: width * height * channels)
        for y in 0..<height {
            let sourceY = max(y - dy, 0)
            for x in 0..<width {
                let sourceX = max(x - dx, 0)
                for c in 0..<channels {
                    padded[(y * width + x) * channels + c] =
                        image.pixels[(sourceY * image.width + sourceX) * channels + c]
                }
            }
        }
        let cycled = try compressed(
            try PixelImage(width: width, height: height, channels: channels, pixels: padded), quality: quality)
        return try crop(cycled, width: image.width, height: image.height, x: dx, y: dy)
    }

    /// The JPEG bytes cut short to `fraction` of their length (a damaged upload).
    static func cutShort(_ bytes: [UInt8], fraction: Double) -> [UInt8] {
        Array(bytes.prefix(max(Int(Double(bytes.count) * fraction), 2)))
    }

    /// PNG bytes of `image` (an uncompressed, non-JPEG input).
    static func grayPNG(_ image: PixelImage) throws -> [UInt8] {
        let gray = image.grayscale()
        return try encodePNGMask(width: gray.width, height: gray.height, pixels: gray.pixels)
    }

    /// Runs `analytic` through the runner and returns the outcome without requiring success (for bad inputs).
    static func runUnchecked(_ analytic: any ForensicAnalytic, _ bytes: [UInt8]) -> AnalyticOutcome {
        AnalysisRunner.run(analytic, on: AnalysisInput(data: bytes), maskPath: nil)
    }

    /// Writes the forged image's luminance and the mask side by side as a PNG (for looking at masks by hand).
    static func writeSideBySide(_ image: PixelImage, _ mask: AnalysisMask, to path: String) throws {
        let gray = image.grayscale()
        let width = gray.width + mask.width
        var pixels = [UInt8](repeating: 0, count: width * gray.height)
        for y in 0..<gray.height {
            for x in 0..<gray.width { pixels[y * width + x] = gray.pixels[y * gray.width + x] }
            for x in 0..<mask.width where y < mask.height {
                pixels[y * width + gray.width + x] = mask.pixels[y * mask.width + x]
            }
        }
        let png = try encodePNGMask(width: width, height: gray.height, pixels: pixels)
        try Data(png).write(to: URL(fileURLWithPath: path))
    }
}
