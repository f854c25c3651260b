import Foundation
import MediForAnalytics
import MediForImaging
import Testing

@Suite("ELA")
struct ErrorLevelAnalysisTests {
    let ela = BuiltinAnalytics.named("ela")!

    @Test("a single-compressed photo scores low; a splice from an uncompressed donor scores high and is localized",
          arguments: SampleImages.colorHosts.prefix(3))
    func splice(host name: String) throws {
        let photo = try SampleImages.load(name)
        let host = try Forgery.crop(photo, width: 288, height: 288)
        // A camera-quality original (75) edited and saved again at 95.
        let base = try Forgery.compressed(host, quality: 75)
        let clean = try Forgery.jpeg(base, quality: 95)
        let (cleanResult, _) = try Forgery.analyze(ela, clean)

        // The pasted region was never compressed before the final save.
        let region = Region(x: 96, y: 96, width: 96, height: 96)
        let donorName = name == "astronaut.png" ? "coffee.png" : "astronaut.png"
        let donor = try Forgery.crop(try SampleImages.load(donorName), width: 288, height: 288, x: 100, y: 50)
        let forged = try Forgery.jpeg(try Forgery.paste(donor, into: base, region: region, fromX: 96, fromY: 96), quality: 95)
        let (forgedResult, _) = try Forgery.analyze(ela, forged)

        #expect(cleanResult.score < 0.4, "clean \(name): \(cleanResult.explanation)")
        #expect(forgedResult.score > cleanResult.score + 0.3, "forged \(name): \(forgedResult.explanation)")
        let mask = try #require(forgedResult.mask)
        #expect(Forgery.localization(mask, region: region) > 30)
    }

    @Test("tiny images opt out; the runner writes the mask PNG")
    func optOutAndMask() throws {
        let tiny = try PixelImage(width: 8, height: 8, channels: 3, repeating: 128)
        let (result, _) = try Forgery.analyze(ela, try Forgery.jpeg(tiny, quality: 90))
        #expect(result.isOptOut)
        let host = try Forgery.crop(try SampleImages.load("coffee.png"), width: 160, height: 160)
        let path = FileManager.default.temporaryDirectory.path + "/ela-\(UUID().uuidString)/mask.png"
        let (_, outcome) = try Forgery.analyze(ela, try Forgery.jpeg(host, quality: 80), maskPath: path)
        #expect(outcome.maskPath == path)
        let png = try #require(FileManager.default.contents(atPath: path))
        let decoded = try decodeImage(data: [UInt8](png))
        #expect(decoded.width == 160 && decoded.height == 160 && decoded.channels == 1)
    }
}
