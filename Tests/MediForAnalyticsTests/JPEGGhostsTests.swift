import Foundation
import MediForAnalytics
import MediForImaging
import Testing

@Suite("JPEG ghosts")
struct JPEGGhostsTests {
    let ghost = BuiltinAnalytics.named("ghost")!
    static let hosts = ["astronaut.png", "coffee.png", "chelsea.png", "motorcycle_left.png"]
    static let region = Region(x: 96, y: 96, width: 96, height: 96)

    /// The host, and the host with `region` taken from a copy of it saved at quality 60, both saved at `final`.
    private func pair(_ name: String, final: Int = 90) throws -> (clean: [UInt8], forged: [UInt8], image: PixelImage) {
        let host = try Forgery.crop(try SampleImages.load(name), width: 288, height: 288)
        let low = try Forgery.compressed(host, quality: 60)
        let forged = try Forgery.paste(low, into: host, region: Self.region, fromX: Self.region.x, fromY: Self.region.y)
        return (try Forgery.jpeg(host, quality: final), try Forgery.jpeg(forged, quality: final), forged)
    }

    @Test(
        "a single-compressed photo scores low; a region pasted from a quality-60 copy shows its ghost and is localized",
        arguments: hosts)
    func ghostOfLowerQuality(host name: String) throws {
        let (clean, forged, image) = try pair(name)
        let (cleanResult, _) = try Forgery.analyze(ghost, clean)
        let (forgedResult, _) = try Forgery.analyze(ghost, forged)
        #expect(cleanResult.score < 0.1, "clean \(name): \(cleanResult.explanation)")
        #expect(forgedResult.score > 0.8, "forged \(name): \(forgedResult.explanation)")
        #expect(forgedResult.explanation.contains("ghost at quality 60"), "\(forgedResult.explanation)")
        let mask = try #require(forgedResult.mask)
        let localization = Forgery.localization(mask, region: Self.region)
        #expect(localization > 100, "localization \(localization)")
        if name == "coffee.png" {
            try Forgery.writeSideBySide(
                image, mask, to: FileManager.default.temporaryDirectory.path + "/ghost-coffee-mask.png")
        }
    }

    @Test("the same forgery saved at quality 85 is still found", arguments: hosts.prefix(2))
    func finalQuality85(host name: String) throws {
        let (clean, forged, _) = try pair(name, final: 85)
        let (cleanResult, _) = try Forgery.analyze(ghost, clean)
        let (forgedResult, _) = try Forgery.analyze(ghost, forged)
        #expect(cleanResult.score < 0.1, "clean \(name): \(cleanResult.explanation)")
        #expect(forgedResult.score > 0.8, "forged \(name): \(forgedResult.explanation)")
    }

    @Test("an image saved twice (75, then 90) shows a ghost everywhere, which is no local evidence", arguments: hosts)
    func wholeImageGhost(host name: String) throws {
        let host = try Forgery.crop(try SampleImages.load(name), width: 288, height: 288)
        let twice = try Forgery.jpeg(try Forgery.compressed(host, quality: 75), quality: 90)
        let (result, _) = try Forgery.analyze(ghost, twice)
        #expect(result.score < 0.1, "\(name): \(result.explanation)")
        #expect(result.explanation.contains("ghost at quality 75 (saved there before)"), "\(result.explanation)")
    }

    @Test("golden: a fixed forgery's score, explanation and mask are pinned")
    func golden() throws {
        let (_, forged, _) = try pair("chelsea.png")
        let (result, _) = try Forgery.analyze(ghost, forged)
        #expect(abs(result.score - Self.goldenScore) < 1e-6, "score \(result.score): \(result.explanation)")
        #expect(result.explanation == Self.goldenExplanation)
        let maskSum = try #require(result.mask).pixels.reduce(0) { $0 + Int($1) }
        #expect(maskSum == Self.goldenMaskSum, "mask sum \(maskSum)")
    }
    static let goldenScore = 0.9964068647407569
    static let goldenMaskSum = 19_087_296
    static let goldenExplanation =
        "last saved at quality ≈90; strongest ghost at quality 60: 125 blocks (9.6% of the image) "
        + "recompress with 0.06× the error of the rest"

    @Test("non-JPEG, tiny, low-quality and damaged inputs opt out or fail cleanly")
    func badInputs() throws {
        let host = try Forgery.crop(try SampleImages.load("coffee.png"), width: 160, height: 160)
        #expect(try Forgery.analyze(ghost, try Forgery.grayPNG(host)).0.isOptOut)
        for size in [1, 8, 40] {
            let tiny = try PixelImage(width: size, height: size, channels: 3, repeating: 90)
            #expect(try Forgery.analyze(ghost, try Forgery.jpeg(tiny, quality: 90)).0.isOptOut, "\(size)x\(size)")
        }
        #expect(try Forgery.analyze(ghost, try Forgery.jpeg(host, quality: 50)).0.isOptOut)
        let bytes = try Forgery.jpeg(host, quality: 90)
        for fraction in [0.05, 0.5, 0.9] {
            let outcome = Forgery.runUnchecked(ghost, Forgery.cutShort(bytes, fraction: fraction))
            switch outcome.result {
            case .success(let result): #expect(result.isOptOut, "truncated \(fraction): \(result.explanation)")
            case .failure(let error):
                guard case .unreadable = error else { Issue.record("truncated \(fraction): \(error)"); continue }
            }
        }
        // A grey JPEG is analysed like a colour one.
        let gray = try Forgery.jpeg(host.grayscale(), quality: 90)
        #expect(!(try Forgery.analyze(ghost, gray).0.isOptOut))
    }
}
