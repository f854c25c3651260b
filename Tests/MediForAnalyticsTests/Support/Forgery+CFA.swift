import MediForImaging

/// A simulated camera for the CFA tests: a full-colour image sampled through a Bayer filter and demosaiced
/// bilinearly, plus the resampling used to fake regions that never went through that pipeline.
extension Forgery {
    /// `image` reduced 2× by averaging 2×2 pixels (removes any demosaicing the sample photo carried).
    static func halved(_ image: PixelImage) throws -> PixelImage {
        let width = image.width / 2, height = image.height / 2, channels = image.channels
        var pixels = [UInt8](repeating: 0, count: width * height * channels)
        for y in 0..<height {
            for x in 0..<width {
                for c in 0..<channels {
                    var sum = 0
                    for (dy, dx) in [(0, 0), (0, 1), (1, 0), (1, 1)] {
                        sum += Int(image.pixels[((2 * y + dy) * image.width + 2 * x + dx) * channels + c])
                    }
                    pixels[(y * width + x) * channels + c] = UInt8((sum + 2) / 4)
                }
            }
        }
        return try PixelImage(width: width, height: height, channels: channels, pixels: pixels)
    }

    /// `image` (RGB) sampled through an RGGB Bayer filter and interpolated bilinearly: green from the 4
    /// neighbours, red and blue from the 2 or 4 nearest samples of their colour (mirrored at the borders).
    static func bayerDemosaiced(_ image: PixelImage) throws -> PixelImage {
        let width = image.width, height = image.height
        func acquired(_ x: Int, _ y: Int, _ c: Int) -> Bool {
            switch c {
            case 0: return y % 2 == 0 && x % 2 == 0
            case 1: return (x + y) % 2 == 1
            default: return y % 2 == 1 && x % 2 == 1
            }
        }
        func mirror(_ v: Int, _ n: Int) -> Int { v < 0 ? -v : (v >= n ? 2 * n - 2 - v : v) }
        var pixels = image.pixels
        for y in 0..<height {
            for x in 0..<width {
                for c in 0..<3 where !acquired(x, y, c) {
                    // Weighted mean of the acquired samples of colour c in the 3×3 neighbourhood
                    // (weights 2 for direct neighbours, 1 for diagonals: the bilinear kernels).
                    var sum = 0.0, weight = 0.0
                    for dy in -1...1 {
                        for dx in -1...1 where dx != 0 || dy != 0 {
                            let sx = mirror(x + dx, width), sy = mirror(y + dy, height)
                            guard acquired(sx, sy, c) else { continue }
                            let w = (dx == 0 || dy == 0) ? 2.0 : 1.0
                            sum += w * Double(image.pixels[(sy * width + sx) * 3 + c])
                            weight += w
                        }
                    }
                    pixels[(y * width + x) * 3 + c] = UInt8(min(max((sum / weight).rounded(), 0), 255))
                }
            }
        }
        return try PixelImage(width: width, height: height, channels: 3, pixels: pixels)
    }

    /// `image` enlarged by `scale` with bilinear interpolation (pixel centres aligned).
    static func resized(_ image: PixelImage, scale: Double) throws -> PixelImage {
        let width = Int((Double(image.width) * scale).rounded()), height = Int((Double(image.height) * scale).rounded())
        let channels = image.channels
        var pixels = [UInt8](repeating: 0, count: width * height * channels)
        for y in 0..<height {
            let sy = min(max((Double(y) + 0.5) / scale - 0.5, 0), Double(image.height - 1))
            let y0 = Int(sy), y1 = min(y0 + 1, image.height - 1), fy = sy - Double(y0)
            for x in 0..<width {
                let sx = min(max((Double(x) + 0.5) / scale - 0.5, 0), Double(image.width - 1))
                let x0 = Int(sx), x1 = min(x0 + 1, image.width - 1), fx = sx - Double(x0)
                for c in 0..<channels {
                    func at(_ px: Int, _ py: Int) -> Double { Double(image.pixels[(py * image.width + px) * channels + c]) }
                    let value = (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x1, y0)) + fy * ((1 - fx) * at(x0, y1) + fx * at(x1, y1))
                    pixels[(y * width + x) * channels + c] = UInt8(min(max(value.rounded(), 0), 255))
                }
            }
        }
        return try PixelImage(width: width, height: height, channels: channels, pixels: pixels)
    }
}
