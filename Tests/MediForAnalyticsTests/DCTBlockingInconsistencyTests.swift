import Foundation
import MediForAnalytics
import MediForImaging
import Testing

@Suite("DCT blocking inconsistency")
struct DCTBlockingInconsistencyTests {
    let dctblock = BuiltinAnalytics.named("dctblock")!

    static let cases: [(String, Int?)] = [
        ("astronaut.png", nil), ("coffee.png", 90), ("chelsea.png", nil), ("rocket.jpg", 90), ("motorcycle_left.png", nil),
    ]

    @Test("a host saved at 70 then 95 scores low; a region never compressed (or saved at 90) before the final 95 save scores high and is localized",
          arguments: cases)
    func differentCompression(host name: String, donorQuality: Int?) throws {
        let (clean, _) = try Forgery.analyze(dctblock, try GridForgery.clean(name, final: .jpeg(95)))
        let bytes = try GridForgery.differentlyCompressedPaste(name, donorQuality: donorQuality, final: .jpeg(95))
        let (forged, _) = try Forgery.analyze(dctblock, bytes)
        #expect(clean.score < 0.2, "clean \(name): \(clean.explanation)")
        #expect(forged.score > 0.9, "forged \(name): \(forged.explanation)")
        #expect(forged.explanation.contains("about IJG quality 7") || forged.explanation.contains("about IJG quality 69"),
                "primary table: \(forged.explanation)")
        let mask = try #require(forged.mask)
        let localization = Forgery.localization(mask, region: GridForgery.region)
        #expect(localization > 80, "\(name): localization \(localization)")
        if let folder = ProcessInfo.processInfo.environment["MEDIFOR_MASK_DIR"] {
            try GridForgery.writeSideBySide(bytes, mask: mask, to: "\(folder)/dctblock-\(name).png")
        }
    }

    @Test("a single compression (no later save) is consistent everywhere", arguments: ["astronaut.png", "chelsea.png"])
    func singleCompression(host name: String) throws {
        let photo = try Forgery.crop(try SampleImages.load(name), width: GridForgery.width, height: GridForgery.height)
        let (result, _) = try Forgery.analyze(dctblock, try encodeJPEG(photo, quality: 75))
        #expect(!result.isOptOut)
        #expect(result.score < 0.2, "\(result.explanation)")
    }

    @Test("an image never compressed has no lattice to measure: opt-out (or a low score)",
          arguments: ["astronaut.png", "coffee.png", "motorcycle_left.png"])
    func neverCompressed(host name: String) throws {
        let photo = try Forgery.crop(try SampleImages.load(name), width: GridForgery.width, height: GridForgery.height)
        let (result, _) = try Forgery.analyze(dctblock, try encodePNG(photo))
        #expect(result.isOptOut || result.score < 0.2, "\(result.explanation)")
    }

    @Test("golden: the astronaut saved at 70 then 95")
    func golden() throws {
        let (result, _) = try Forgery.analyze(dctblock, try GridForgery.clean("astronaut.png", final: .jpeg(95)))
        #expect(abs(result.score - 0.015190529358636646) < 1e-6, "score \(result.score): \(result.explanation)")
    }

    @Test("tiny images opt out; truncated JPEG bytes fail cleanly")
    func badInput() throws {
        for side in [1, 8, 40] {
            let tiny = try PixelImage(width: side, height: side, channels: 3, repeating: 90)
            let (result, _) = try Forgery.analyze(dctblock, try encodeJPEG(tiny, quality: 80))
            #expect(result.isOptOut)
        }
        let flat = try PixelImage(width: 128, height: 128, channels: 1, repeating: 128)
        let (flatResult, _) = try Forgery.analyze(dctblock, try encodeJPEG(flat, quality: 80))
        #expect(flatResult.isOptOut || flatResult.score < 0.2)
        let bytes = try GridForgery.clean("coffee.png", final: .jpeg(90))
        let truncated = AnalysisInput(data: Array(bytes.prefix(bytes.count / 2)))
        let outcome = AnalysisRunner.run(dctblock, on: truncated, maskPath: nil)
        switch outcome.result {
        case .success(let result): #expect(result.isOptOut, "truncated JPEG analysed: \(result.explanation)")
        case .failure(let error): #expect("\(error)".contains("unreadable"))
        }
    }
}
