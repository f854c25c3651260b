import Foundation
import MediForAnalytics
import MediForImaging
import Testing

@Suite("Aligned double quantization")
struct AlignedDoubleQuantizationTests {
    let adq = BuiltinAnalytics.named("adq")!
    static let hosts = ["astronaut.png", "coffee.png", "chelsea.png", "motorcycle_left.png"]
    static let region = Region(x: 96, y: 96, width: 96, height: 96)

    private func host(_ name: String) throws -> PixelImage {
        try Forgery.crop(try SampleImages.load(name), width: 288, height: 288)
    }

    /// A different photo's content for the pasted region, never compressed.
    private func donor(for name: String) throws -> PixelImage {
        let other = name == "astronaut.png" ? "coffee.png" : "astronaut.png"
        return try Forgery.crop(try SampleImages.load(other), width: 288, height: 288, x: 100, y: 50)
    }

    @Test("single and double compressed photos score low; an uncompressed region in a 65-then-90 image is found",
          arguments: hosts)
    func splice(host name: String) throws {
        let host = try host(name)
        let base = try Forgery.compressed(host, quality: 65)
        let forged = try Forgery.paste(try donor(for: name), into: base, region: Self.region, fromX: 96, fromY: 96)
        let (single, _) = try Forgery.analyze(adq, try Forgery.jpeg(host, quality: 90))
        let (double, _) = try Forgery.analyze(adq, try Forgery.jpeg(base, quality: 90))
        let (result, _) = try Forgery.analyze(adq, try Forgery.jpeg(forged, quality: 90))
        #expect(single.score < 0.1, "single \(name): \(single.explanation)")
        #expect(single.explanation.hasPrefix("no aligned double compression"), "\(single.explanation)")
        #expect(double.score < 0.1, "double \(name): \(double.explanation)")
        #expect(result.score > 0.8, "forged \(name): \(result.explanation)")
        #expect(result.explanation.contains("first quality ≈65"), "\(result.explanation)")
        let mask = try #require(result.mask)
        let localization = Forgery.localization(mask, region: Self.region)
        #expect(localization > 120, "localization \(localization)")
        if name == "chelsea.png" {
            try Forgery.writeSideBySide(
                forged, mask, to: FileManager.default.temporaryDirectory.path + "/adq-chelsea-mask.png")
        }
    }

    @Test("a region compressed on a shifted grid (quality 65, shift 4,4) is found too", arguments: hosts.prefix(2))
    func shiftedDonor(host name: String) throws {
        let host = try host(name)
        let base = try Forgery.compressed(host, quality: 65)
        let donor = try Forgery.compressed(try donor(for: name), quality: 65, gridShiftX: 4, gridShiftY: 4)
        let forged = try Forgery.paste(donor, into: base, region: Self.region, fromX: 96, fromY: 96)
        let (result, _) = try Forgery.analyze(adq, try Forgery.jpeg(forged, quality: 90))
        #expect(result.score > 0.8, "forged \(name): \(result.explanation)")
        let mask = try #require(result.mask)
        #expect(Forgery.localization(mask, region: Self.region) > 100)
    }

    @Test("golden: a fixed forgery's score, explanation and mask are pinned")
    func golden() throws {
        let base = try Forgery.compressed(try host("coffee.png"), quality: 70)
        let forged = try Forgery.paste(
            try donor(for: "coffee.png"), into: base, region: Self.region, fromX: 96, fromY: 96)
        let (result, _) = try Forgery.analyze(adq, try Forgery.jpeg(forged, quality: 90))
        #expect(abs(result.score - Self.goldenScore) < 1e-6, "score \(result.score): \(result.explanation)")
        #expect(result.explanation == Self.goldenExplanation)
        let maskSum = try #require(result.mask).pixels.reduce(0) { $0 + Int($1) }
        #expect(maskSum == Self.goldenMaskSum, "mask sum \(maskSum)")
    }
    static let goldenScore = 0.9993471520113272
    static let goldenMaskSum = 18_909_824
    static let goldenExplanation =
        "double compressed on the same grid (14 of 14 frequencies periodic, first quality ≈70); "
        + "largest singly compressed region 127 blocks (9.8% of the image); 11% of decisive blocks "
        + "look singly compressed"

    @Test("non-JPEG, tiny and damaged inputs opt out or fail cleanly")
    func badInputs() throws {
        let host = try Forgery.crop(try SampleImages.load("coffee.png"), width: 160, height: 160)
        #expect(try Forgery.analyze(adq, try Forgery.grayPNG(host)).0.isOptOut)
        for size in [1, 8, 56] {
            let tiny = try PixelImage(width: size, height: size, channels: 3, repeating: 90)
            #expect(try Forgery.analyze(adq, try Forgery.jpeg(tiny, quality: 90)).0.isOptOut, "\(size)x\(size)")
        }
        // A flat image has no non-zero AC coefficients: nothing periodic, a low score, no crash.
        let flat = try PixelImage(width: 128, height: 128, channels: 3, repeating: 200)
        #expect(try Forgery.analyze(adq, try Forgery.jpeg(flat, quality: 90)).0.score < 0.1)
        let bytes = try Forgery.jpeg(try Forgery.compressed(host, quality: 60), quality: 90)
        for fraction in [0.05, 0.5, 0.9] {
            let outcome = Forgery.runUnchecked(adq, Forgery.cutShort(bytes, fraction: fraction))
            switch outcome.result {
            case .success(let result): #expect(result.isOptOut, "truncated \(fraction): \(result.explanation)")
            case .failure(let error):
                guard case .unreadable = error else { Issue.record("truncated \(fraction): \(error)"); continue }
            }
        }
        // Quality 100 (all steps 1) and a grey JPEG are analysed without trouble.
        #expect(try Forgery.analyze(adq, try Forgery.jpeg(host, quality: 100)).0.score < 0.1)
        #expect(try Forgery.analyze(adq, try Forgery.jpeg(host.grayscale(), quality: 90)).0.score < 0.1)
    }
}
