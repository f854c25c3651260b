import Foundation
import MediForAnalytics
import MediForImaging
import Testing

@Suite("CFA")
struct CFATracesTests {
    let cfa = BuiltinAnalytics.named("cfa")!

    /// A simulated camera picture: the sample photo halved (so no earlier demosaicing survives), then sampled
    /// through an RGGB Bayer filter and demosaiced bilinearly.
    private func camera(_ name: String) throws -> (camera: PixelImage, full: PixelImage) {
        let full = try Forgery.halved(try SampleImages.load(name))
        return (try Forgery.bayerDemosaiced(full), full)
    }

    private let region = Region(x: 96, y: 64, width: 64, height: 64)

    @Test("a demosaiced photo scores low; a pasted region without demosaicing scores high and is localized",
          arguments: ["astronaut.png", "coffee.png", "motorcycle_left.png"])
    func pastedRegion(host name: String) throws {
        let (camera, full) = try camera(name)
        let (png, _) = try Forgery.analyze(cfa, try encodePNG(camera))
        let (clean, _) = try Forgery.analyze(cfa, try Forgery.jpeg(camera, quality: 98))
        let forgedImage = try Forgery.paste(full, into: camera, region: region, fromX: region.x, fromY: region.y)
        let (forged, _) = try Forgery.analyze(cfa, try Forgery.jpeg(forgedImage, quality: 98))
        print("cfa paste \(name): png \(png.score) clean \(clean.score) forged \(forged.score) | \(forged.explanation)")
        #expect(png.score < 0.2, "png \(name): \(png.explanation)")
        #expect(clean.score < 0.2, "clean \(name): \(clean.explanation)")
        #expect(forged.score > clean.score + 0.5, "forged \(name): \(forged.explanation)")
        let mask = try #require(forged.mask)
        #expect(Forgery.localization(mask, region: region) > 80)
    }

    @Test("a region resampled by 1.5× loses the CFA trace", arguments: ["astronaut.png", "coffee.png", "motorcycle_left.png"])
    func resampledRegion(host name: String) throws {
        let (camera, _) = try camera(name)
        let enlarged = try Forgery.resized(camera, scale: 1.5)
        let forgedImage = try Forgery.paste(enlarged, into: camera, region: region, fromX: 140, fromY: 90)
        let (clean, _) = try Forgery.analyze(cfa, try Forgery.jpeg(camera, quality: 98))
        let (forged, _) = try Forgery.analyze(cfa, try Forgery.jpeg(forgedImage, quality: 98))
        print("cfa resample \(name): clean \(clean.score) forged \(forged.score) | \(forged.explanation)")
        #expect(forged.score > clean.score + 0.4, "forged \(name): \(forged.explanation)")
        let mask = try #require(forged.mask)
        #expect(Forgery.localization(mask, region: region) > 40)
    }

    @Test("an image that was never demosaiced scores low and says there is no CFA trace",
          arguments: ["astronaut.png", "coffee.png"])
    func noTrace(host name: String) throws {
        let (_, full) = try camera(name)
        let (result, _) = try Forgery.analyze(cfa, try Forgery.jpeg(full, quality: 98))
        #expect(result.score < 0.1)
        #expect(result.explanation.contains("no CFA trace"), "\(result.explanation)")
        #expect(result.mask == nil)
    }

    @Test("golden: a fixed simulated forgery keeps its score")
    func golden() throws {
        let (camera, full) = try camera("chelsea.png")
        let forged = try Forgery.paste(full, into: camera, region: Region(x: 64, y: 48, width: 24, height: 24),
                                       fromX: 64, fromY: 48)
        let (result, _) = try Forgery.analyze(cfa, try encodePNG(forged))
        print("cfa golden: \(result.score) | \(result.explanation)")
        #expect(abs(result.score - 0.953_996_903) < 1e-6, "golden score \(result.score)")
    }

    @Test("grey and tiny images opt out; damaged bytes throw")
    func optOutAndBadInput() throws {
        let grey = try PixelImage(width: 128, height: 128, channels: 1, repeating: 90)
        #expect(try Forgery.analyze(cfa, try Forgery.jpeg(grey, quality: 90)).0.isOptOut)
        for side in [1, 8, 32] {
            let tiny = try PixelImage(width: side, height: side, channels: 3, repeating: 128)
            #expect(try Forgery.analyze(cfa, try encodePNG(tiny)).0.isOptOut)
        }
        let host = try Forgery.crop(try SampleImages.load("coffee.png"), width: 160, height: 160)
        let bytes = try Forgery.jpeg(host, quality: 90)
        for bad in [Array(bytes.prefix(bytes.count / 2)), Array(bytes.prefix(20)), [0xFF, 0xD8, 0xFF], []] {
            let outcome = AnalysisRunner.run(cfa, on: AnalysisInput(data: bad), maskPath: nil)
            if case .success(let result) = outcome.result { #expect(result.isOptOut, "damaged input scored") }
        }
    }
}
