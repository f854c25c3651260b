import Foundation
import MediForAnalytics
import MediForImaging
import Testing

@Suite("Noise level from kurtosis")
struct NoiseLevelKurtosisTests {
    let analytic = BuiltinAnalytics.named("noisekurt")!

    @Test("a clean JPEG scores low; Gaussian noise (σ 6) added to a smooth region scores high and is localized",
          arguments: ["astronaut.png", "chelsea.png", "motorcycle_left.png"])
    func noisyRegion(host name: String) throws {
        let photo = try SampleImages.load(name)
        let region = try #require(Forgery.smoothRegions[name])
        let (clean, _) = try Forgery.analyze(analytic, try Forgery.jpeg(photo, quality: 95))
        let forgedImage = try Forgery.addNoise(photo, region: region, sigma: 6, seed: 5)
        let (forged, _) = try Forgery.analyze(analytic, try Forgery.jpeg(forgedImage, quality: 95))
        #expect(clean.score < 0.3, "clean \(name): \(clean.explanation)")
        #expect(forged.score > clean.score + 0.4, "forged \(name): \(forged.explanation)")
        let mask = try #require(forged.mask)
        #expect(Forgery.localization(mask, region: region) > 30)
    }

    @Test("golden: a fixed synthetic image keeps its score")
    func golden() throws {
        let (result, _) = try Forgery.analyze(analytic, try NoiseGolden.image())
        #expect(abs(result.score - 0.012733252990022424) < 1e-6, "score \(result.score): \(result.explanation)")
    }

    @Test("tiny images opt out; damaged bytes are reported, never crash")
    func badInput() throws {
        for size in [1, 8, 64] {
            let tiny = try PixelImage(width: size, height: size, channels: 3, repeating: 90)
            let (result, _) = try Forgery.analyze(analytic, try Forgery.losslessPNG(tiny))
            #expect(result.isOptOut)
        }
        let flat = try PixelImage(width: 160, height: 128, channels: 1, repeating: 128)
        let (flatResult, _) = try Forgery.analyze(analytic, try Forgery.losslessPNG(flat))
        #expect(flatResult.score < 0.1)
        let jpeg = try Forgery.jpeg(try Forgery.crop(try SampleImages.load("coffee.png"), width: 256, height: 256), quality: 90)
        for bytes in [Array(jpeg.prefix(jpeg.count / 3)), Array(jpeg.prefix(40)), [UInt8](repeating: 0xFF, count: 100)] {
            let outcome = AnalysisRunner.run(analytic, on: AnalysisInput(data: bytes), maskPath: nil)
            if case .success(let result) = outcome.result { #expect(result.score.isFinite) }
        }
    }
}
