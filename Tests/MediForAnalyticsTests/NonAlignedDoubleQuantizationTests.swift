import Foundation
import MediForAnalytics
import MediForImaging
import Testing

@Suite("Non-aligned double quantization")
struct NonAlignedDoubleQuantizationTests {
    let nadq = BuiltinAnalytics.named("nadq")!
    static let hosts = ["astronaut.png", "coffee.png", "chelsea.png", "motorcycle_left.png"]
    static let region = Region(x: 96, y: 96, width: 96, height: 96)

    private func host(_ name: String) throws -> PixelImage {
        try Forgery.crop(try SampleImages.load(name), width: 288, height: 288)
    }

    @Test("a single-compressed photo scores low; a region cut from a JPEG on a grid shifted by (3, 5) is found",
          arguments: hosts)
    func splice(host name: String) throws {
        let host = try host(name)
        // Padding 5 columns and 3 rows before compressing puts the first grid at x ≡ 3, y ≡ 5 (mod 8).
        let shifted = try Forgery.compressed(host, quality: 70, gridShiftX: 5, gridShiftY: 3)
        let forged = try Forgery.paste(shifted, into: host, region: Self.region, fromX: 96, fromY: 96)
        let (clean, _) = try Forgery.analyze(nadq, try Forgery.jpeg(host, quality: 90))
        let (result, _) = try Forgery.analyze(nadq, try Forgery.jpeg(forged, quality: 90))
        #expect(clean.score < 0.15, "clean \(name): \(clean.explanation)")
        #expect(result.score > 0.9, "forged \(name): \(result.explanation)")
        // The first three steps are those of quality 70 (10, 7, 7); the diagonal one is the least reliable.
        #expect(result.explanation.contains("shift (3, 5) with steps 10/7/7/"), "\(result.explanation)")
        let mask = try #require(result.mask)
        let localization = Forgery.localization(mask, region: Self.region)
        #expect(localization > 100, "localization \(localization)")
        if name == "astronaut.png" {
            try Forgery.writeSideBySide(
                forged, mask, to: FileManager.default.temporaryDirectory.path + "/nadq-astronaut-mask.png")
        }
    }

    @Test("a cropped JPEG (compressed on a shifted grid, saved again) scores high over the whole image",
          arguments: zip(hosts.prefix(3), [(3, 5), (6, 2), (1, 7)]))
    func croppedJPEG(host name: String, shift: (Int, Int)) throws {
        let cropped = try Forgery.compressed(try host(name), quality: 75, gridShiftX: shift.0, gridShiftY: shift.1)
        let (result, _) = try Forgery.analyze(nadq, try Forgery.jpeg(cropped, quality: 90))
        #expect(result.score > 0.99, "\(name): \(result.explanation)")
        let grid = "shift (\((8 - shift.0) % 8), \((8 - shift.1) % 8))"
        #expect(result.explanation.contains(grid), "\(result.explanation)")
        let mask = try #require(result.mask)
        let dark = mask.pixels.reduce(0) { $0 + ($1 < 128 ? 1 : 0) }
        #expect(Double(dark) > 0.5 * Double(mask.pixels.count), "\(dark) dark pixels")
    }

    @Test("images compressed twice on the same grid score low", arguments: hosts.prefix(2))
    func alignedDouble(host name: String) throws {
        let twice = try Forgery.jpeg(try Forgery.compressed(try host(name), quality: 70), quality: 90)
        let (result, _) = try Forgery.analyze(nadq, twice)
        #expect(result.score < 0.15, "\(name): \(result.explanation)")
    }

    @Test("golden: a fixed forgery's score, explanation and mask are pinned")
    func golden() throws {
        let host = try host("coffee.png")
        let shifted = try Forgery.compressed(host, quality: 80, gridShiftX: 2, gridShiftY: 6)
        let region = Region(x: 120, y: 64, width: 112, height: 96)
        let forged = try Forgery.paste(shifted, into: host, region: region, fromX: 120, fromY: 64)
        let (result, _) = try Forgery.analyze(nadq, try Forgery.jpeg(forged, quality: 95))
        #expect(abs(result.score - Self.goldenScore) < 1e-6, "score \(result.score): \(result.explanation)")
        #expect(result.explanation == Self.goldenExplanation)
        let maskSum = try #require(result.mask).pixels.reduce(0) { $0 + Int($1) }
        #expect(maskSum == Self.goldenMaskSum, "mask sum \(maskSum)")
    }
    static let goldenScore = 1.0
    static let goldenMaskSum = 18_825_280
    static let goldenExplanation =
        "primary JPEG grid at shift (6, 2) with steps 6/4/5/5 (first quality ≈80); 16% of windows "
        + "show it, largest group's evidence 46.8"

    @Test("non-JPEG, tiny, flat and damaged inputs opt out or fail cleanly")
    func badInputs() throws {
        let host = try Forgery.crop(try SampleImages.load("coffee.png"), width: 160, height: 160)
        #expect(try Forgery.analyze(nadq, try Forgery.grayPNG(host)).0.isOptOut)
        for size in [1, 8, 90] {
            let tiny = try PixelImage(width: size, height: size, channels: 3, repeating: 90)
            #expect(try Forgery.analyze(nadq, try Forgery.jpeg(tiny, quality: 90)).0.isOptOut, "\(size)x\(size)")
        }
        // Flat and black images have no usable blocks: a low score, no crash.
        for value in [0, 128, 255] as [UInt8] {
            let flat = try PixelImage(width: 200, height: 150, channels: 3, repeating: value)
            #expect(try Forgery.analyze(nadq, try Forgery.jpeg(flat, quality: 90)).0.score < 0.15, "flat \(value)")
        }
        let bytes = try Forgery.jpeg(host, quality: 90)
        for fraction in [0.05, 0.5, 0.9] {
            let outcome = Forgery.runUnchecked(nadq, Forgery.cutShort(bytes, fraction: fraction))
            switch outcome.result {
            case .success(let result): #expect(result.isOptOut, "truncated \(fraction): \(result.explanation)")
            case .failure(let error):
                guard case .unreadable = error else { Issue.record("truncated \(fraction): \(error)"); continue }
            }
        }
        // Odd sizes (not multiples of 8) and grey JPEGs go through.
        let odd = try Forgery.crop(try SampleImages.load("chelsea.png"), width: 203, height: 157)
        #expect(try Forgery.analyze(nadq, try Forgery.jpeg(odd, quality: 85)).0.score < 0.15)
        #expect(try Forgery.analyze(nadq, try Forgery.jpeg(host.grayscale(), quality: 90)).0.score < 0.15)
    }
}
