import Foundation
import MediForAnalytics
import MediForImaging
import Testing

@Suite("Wavelet noise variance")
struct WaveletNoiseVarianceTests {
    let analytic = BuiltinAnalytics.named("wavelet")!

    @Test("a clean JPEG scores low; Gaussian noise (σ 8) added to a smooth region scores high and is localized",
          arguments: ["astronaut.png", "chelsea.png", "rocket.jpg", "motorcycle_left.png"])
    func noisyRegion(host name: String) throws {
        let photo = try SampleImages.load(name)
        let region = try #require(Forgery.smoothRegions[name])
        let (clean, _) = try Forgery.analyze(analytic, try Forgery.jpeg(photo, quality: 95))
        let forgedImage = try Forgery.addNoise(photo, region: region, sigma: 8, seed: 11)
        let (forged, _) = try Forgery.analyze(analytic, try Forgery.jpeg(forgedImage, quality: 95))
        #expect(clean.score < 0.3, "clean \(name): \(clean.explanation)")
        #expect(forged.score > clean.score + 0.5, "forged \(name): \(forged.explanation)")
        let mask = try #require(forged.mask)
        #expect(Forgery.localization(mask, region: region) > 30)
    }

    @Test("golden: a fixed synthetic image keeps its score")
    func golden() throws {
        let (result, _) = try Forgery.analyze(analytic, try NoiseGolden.image())
        #expect(abs(result.score - 0.9990683356227199) < 1e-6, "score \(result.score): \(result.explanation)")
    }

    @Test("tiny images opt out; damaged bytes are reported, never crash")
    func badInput() throws {
        for size in [1, 8, 64] {
            let tiny = try PixelImage(width: size, height: size, channels: 3, repeating: 90)
            let (result, _) = try Forgery.analyze(analytic, try Forgery.losslessPNG(tiny))
            #expect(result.isOptOut)
        }
        let jpeg = try Forgery.jpeg(try Forgery.crop(try SampleImages.load("coffee.png"), width: 256, height: 256), quality: 90)
        for bytes in [Array(jpeg.prefix(jpeg.count / 3)), Array(jpeg.prefix(40)), [UInt8](repeating: 0xFF, count: 100)] {
            let outcome = AnalysisRunner.run(analytic, on: AnalysisInput(data: bytes), maskPath: nil)
            if case .success(let result) = outcome.result { #expect(result.score.isFinite) }
        }
    }
}

/// The fixed input of the noise analytics' golden tests: a 256×192 synthetic scene (smooth gradients, a disc, a
/// striped patch, mild seeded noise) with stronger noise in one square, saved as PNG.
enum NoiseGolden {
    static let region = Region(x: 144, y: 48, width: 64, height: 64)

    static func image() throws -> [UInt8] {
        let width = 256, height = 192
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func uniform() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (Double(state >> 11) + 0.5) / Double(1 << 53)
        }
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                var base = 60 + 0.5 * Double(x) + 0.3 * Double(y)
                let dx = Double(x - 70), dy = Double(y - 110)
                if dx * dx + dy * dy < 40 * 40 { base += 50 }
                if x >= 20, x < 100, y >= 10, y < 60 { base += 30 * sin(Double(x) * 0.9) }
                let sigma = region.contains(x, y) ? 9.0 : 1.5
                for c in 0..<3 {
                    let g = (-2 * log(uniform())).squareRoot() * cos(2 * .pi * uniform())
                    let value = base + Double(c) * 12 + g * sigma
                    pixels[(y * width + x) * 3 + c] = UInt8(min(max(value.rounded(), 0), 255))
                }
            }
        }
        return try Forgery.losslessPNG(try PixelImage(width: width, height: height, channels: 3, pixels: pixels))
    }
}
