import Foundation
import MediForAnalytics
import MediForImaging
import Testing

/// A rectangle in pixel coordinates.
struct Region: Sendable, Hashable, CustomStringConvertible {
    var x: Int
    var y: Int
    var width: Int
    var height: Int

    func contains(_ px: Int, _ py: Int) -> Bool { px >= x && px < x + width && py >= y && py < y + height }
    var description: String { "\(width)x\(height)+\(x)+\(y)" }
}

/// Builds the manipulations the tests score: pixel-level edits on decoded sample photos, then JPEG saves with the
/// compression history each method targets. Deterministic: no randomness without an explicit seed.
enum Forgery {
    static func rgb(fromGray image: PixelImage) throws -> PixelImage {
        var pixels = [UInt8](repeating: 0, count: image.width * image.height * 3)
        for index in 0..<(image.width * image.height) {
            let value = image.pixels[index]
            pixels[3 * index] = value
            pixels[3 * index + 1] = value
            pixels[3 * index + 2] = value
        }
        return try PixelImage(width: image.width, height: image.height, channels: 3, pixels: pixels)
    }

    /// The top-left `width`×`height` crop (dimensions rounded down to a multiple of 16 when `align16`).
    static func crop(_ image: PixelImage, width: Int, height: Int, x: Int = 0, y: Int = 0) throws -> PixelImage {
        var pixels = [UInt8](repeating: 0, count: width * height * image.channels)
        for row in 0..<height {
            let source = ((y + row) * image.width + x) * image.channels
            let target = row * width * image.channels
            for k in 0..<(width * image.channels) { pixels[target + k] = image.pixels[source + k] }
        }
        return try PixelImage(width: width, height: height, channels: image.channels, pixels: pixels)
    }

    /// JPEG bytes of `image` at `quality`.
    static func jpeg(_ image: PixelImage, quality: Int) throws -> [UInt8] { try encodeJPEG(image, quality: quality) }

    /// `image` saved as JPEG at `quality` and decoded again (one compression cycle).
    static func compressed(_ image: PixelImage, quality: Int) throws -> PixelImage {
        try decodeImage(data: try encodeJPEG(image, quality: quality))
    }

    /// `host` with `region` replaced by the same-size area of `donor` taken at (`fromX`, `fromY`).
    static func paste(_ donor: PixelImage, into host: PixelImage, region: Region, fromX: Int = 0, fromY: Int = 0)
        throws -> PixelImage
    {
        var pixels = host.pixels
        let channels = host.channels
        for row in 0..<region.height {
            for column in 0..<region.width {
                let target = ((region.y + row) * host.width + region.x + column) * channels
                let source = ((fromY + row) * donor.width + fromX + column) * channels
                for c in 0..<channels { pixels[target + c] = donor.pixels[source + c] }
            }
        }
        return try PixelImage(width: host.width, height: host.height, channels: channels, pixels: pixels)
    }

    /// `image` with `transform` applied to every sample inside `region` (`x`, `y`, channel, value → value).
    static func edit(_ image: PixelImage, region: Region, _ transform: (Int, Int, Int, UInt8) -> UInt8) throws
        -> PixelImage
    {
        var pixels = image.pixels
        for y in region.y..<(region.y + region.height) {
            for x in region.x..<(region.x + region.width) {
                for c in 0..<image.channels {
                    let index = (y * image.width + x) * image.channels + c
                    pixels[index] = transform(x, y, c, pixels[index])
                }
            }
        }
        return try PixelImage(width: image.width, height: image.height, channels: image.channels, pixels: pixels)
    }

    /// Adds zero-mean Gaussian noise of `sigma` inside `region` (seeded, deterministic).
    static func addNoise(_ image: PixelImage, region: Region, sigma: Double, seed: UInt64) throws -> PixelImage {
        var state = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        func uniform() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (Double(state >> 11) + 0.5) / Double(1 << 53)
        }
        return try edit(image, region: region) { _, _, _, value in
            let gaussian = (-2 * log(uniform())).squareRoot() * cos(2 * .pi * uniform())
            return UInt8(min(max(Double(value) + gaussian * sigma, 0), 255).rounded())
        }
    }

    /// Runs an analytic through the runner (as the services do) and returns its result, failing on errors.
    static func analyze(_ analytic: any ForensicAnalytic, _ bytes: [UInt8], maskPath: String? = nil,
                        sourceLocation: SourceLocation = #_sourceLocation) throws -> (AnalysisResult, AnalyticOutcome)
    {
        let outcome = AnalysisRunner.run(analytic, on: AnalysisInput(data: bytes), maskPath: maskPath)
        switch outcome.result {
        case .success(let result): return (result, outcome)
        case .failure(let error):
            Issue.record("\(analytic.descriptor.id) failed: \(error)", sourceLocation: sourceLocation)
            throw error
        }
    }

    /// How well a mask localizes `region`: mean darkness (255 - value) inside minus outside, in 0…255.
    static func localization(_ mask: AnalysisMask, region: Region) -> Double {
        var inside = 0.0, outside = 0.0, insideCount = 0.0, outsideCount = 0.0
        for y in 0..<mask.height {
            for x in 0..<mask.width {
                let darkness = 255 - Double(mask.pixels[y * mask.width + x])
                if region.contains(x, y) {
                    inside += darkness
                    insideCount += 1
                } else {
                    outside += darkness
                    outsideCount += 1
                }
            }
        }
        return inside / max(insideCount, 1) - outside / max(outsideCount, 1)
    }
}
