import Foundation
import MediForAnalytics
import MediForImaging
import Testing

@Suite("Median filter residual")
struct MedianResidualNoiseTests {
    let analytic = BuiltinAnalytics.named("median")!

    @Test("a clean JPEG scores lower than the same photo with noise (σ 8) in a smooth region, which is localized",
          arguments: ["chelsea.png", "rocket.jpg", "motorcycle_left.png"])
    func noisyRegion(host name: String) throws {
        let photo = try SampleImages.load(name)
        let region = try #require(Forgery.smoothRegions[name])
        let (clean, _) = try Forgery.analyze(analytic, try Forgery.jpeg(photo, quality: 95))
        let forgedImage = try Forgery.addNoise(photo, region: region, sigma: 8, seed: 3)
        let (forged, _) = try Forgery.analyze(analytic, try Forgery.jpeg(forgedImage, quality: 95))
        #expect(clean.score < 0.4, "clean \(name): \(clean.explanation)")
        #expect(forged.score > clean.score + 0.25, "forged \(name): \(forged.explanation)")
        let mask = try #require(forged.mask)
        #expect(Forgery.localization(mask, region: region) > 30)
    }

    @Test("a blurred region lowers the residual there: its evidence shows in the mask (rocket)")
    func blurredRegion() throws {
        let photo = try SampleImages.load("rocket.jpg")
        let region = Region(x: 224, y: 144, width: 128, height: 128)
        let (clean, _) = try Forgery.analyze(analytic, try Forgery.jpeg(photo, quality: 95))
        let (forged, _) = try Forgery.analyze(
            analytic, try Forgery.jpeg(try Forgery.blurred(photo, region: region, sigma: 1), quality: 95))
        #expect(forged.score > clean.score + 0.25, "blurred: \(forged.explanation); clean: \(clean.explanation)")
        let cleanMask = try #require(clean.mask), forgedMask = try #require(forged.mask)
        #expect(Forgery.localization(forgedMask, region: region) > Forgery.localization(cleanMask, region: region) + 30)
    }

    @Test("golden: a fixed synthetic image keeps its score")
    func golden() throws {
        let (result, _) = try Forgery.analyze(analytic, try NoiseGolden.image())
        #expect(abs(result.score - 0.9999999524767853) < 1e-6, "score \(result.score): \(result.explanation)")
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
