import Foundation
import MediForAnalytics
import MediForImaging
import Testing

@Suite("Resampling traces")
struct ResamplingTracesTests {
    let analytic = BuiltinAnalytics.named("resample")!

    static let cases: [(String, Double)] = [
        ("chelsea.png", 1.4), ("chelsea.png", 1.5), ("rocket.jpg", 1.4), ("rocket.jpg", 1.5),
        ("motorcycle_left.png", 1.4), ("motorcycle_left.png", 1.5),
    ]

    @Test("a clean PNG scores low; a region enlarged (bilinear) and pasted back scores high and is localized",
          arguments: cases)
    func upscaledRegion(host name: String, factor: Double) throws {
        let photo = try SampleImages.load(name)
        let region = Region(x: photo.width / 2 - 96, y: photo.height / 2 - 96, width: 192, height: 192)
        let (clean, _) = try Forgery.analyze(analytic, try Forgery.losslessPNG(photo))
        let (forged, _) = try Forgery.analyze(
            analytic, try Forgery.losslessPNG(try Forgery.upscaledPaste(photo, region: region, factor: factor)))
        #expect(clean.score < 0.2, "clean \(name): \(clean.explanation)")
        #expect(forged.score > clean.score + 0.6, "forged \(name) ×\(factor): \(forged.explanation)")
        let mask = try #require(forged.mask)
        #expect(Forgery.localization(mask, region: region) > 30)
    }

    @Test("a whole image enlarged by 1.5 scores high", arguments: ["coffee.png", "chelsea.png", "rocket.jpg"])
    func wholeImage(host name: String) throws {
        let photo = try SampleImages.load(name)
        let (result, _) = try Forgery.analyze(analytic, try Forgery.losslessPNG(try Forgery.bilinearResized(photo, factor: 1.5)))
        #expect(result.score > 0.9, "\(name): \(result.explanation)")
    }

    @Test("clean JPEGs (quality 95) score low despite their 8×8 grid")
    func cleanJPEG() throws {
        for name in ["chelsea.png", "rocket.jpg", "motorcycle_left.png"] {
            let (result, _) = try Forgery.analyze(analytic, try Forgery.jpeg(try SampleImages.load(name), quality: 95))
            #expect(result.score < 0.2, "\(name): \(result.explanation)")
        }
    }

    @Test("golden: a fixed synthetic image keeps its score")
    func golden() throws {
        let (result, _) = try Forgery.analyze(analytic, try NoiseGolden.image())
        #expect(abs(result.score - 0.08466770122949688) < 1e-6, "score \(result.score): \(result.explanation)")
    }

    @Test("tiny or flat images opt out; damaged bytes are reported, never crash")
    func badInput() throws {
        for size in [1, 8, 64] {
            let tiny = try PixelImage(width: size, height: size, channels: 3, repeating: 90)
            let (result, _) = try Forgery.analyze(analytic, try Forgery.losslessPNG(tiny))
            #expect(result.isOptOut)
        }
        let flat = try PixelImage(width: 160, height: 128, channels: 1, repeating: 128)
        let (flatResult, _) = try Forgery.analyze(analytic, try Forgery.losslessPNG(flat))
        #expect(flatResult.isOptOut || flatResult.score < 0.2, "\(flatResult.explanation)")
        let jpeg = try Forgery.jpeg(try Forgery.crop(try SampleImages.load("coffee.png"), width: 256, height: 256), quality: 90)
        for bytes in [Array(jpeg.prefix(jpeg.count / 3)), Array(jpeg.prefix(40)), [UInt8](repeating: 0xFF, count: 100)] {
            let outcome = AnalysisRunner.run(analytic, on: AnalysisInput(data: bytes), maskPath: nil)
            if case .success(let result) = outcome.result { #expect(result.score.isFinite) }
        }
    }
}
