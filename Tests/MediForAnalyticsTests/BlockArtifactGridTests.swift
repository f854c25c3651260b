import Foundation
import MediForAnalytics
import MediForImaging
import Testing

@Suite("Block artifact grid")
struct BlockArtifactGridTests {
    let blk = BuiltinAnalytics.named("blk")!

    static let cases: [(String, GridForgery.Final)] = [
        ("astronaut.png", .jpeg(95)), ("coffee.png", .jpeg(95)), ("chelsea.png", .jpeg(95)),
        ("rocket.jpg", .png), ("motorcycle_left.png", .png),
    ]

    @Test("a host saved twice on one grid scores low; a paste whose JPEG grid is shifted by (3,5) px scores high and is localized",
          arguments: cases)
    func misalignedPaste(host name: String, final: GridForgery.Final) throws {
        let (clean, _) = try Forgery.analyze(blk, try GridForgery.clean(name, final: final))
        let bytes = try GridForgery.misalignedPaste(name, final: final)
        let (forged, _) = try Forgery.analyze(blk, bytes)
        #expect(clean.score < 0.2, "clean \(name): \(clean.explanation)")
        #expect(forged.score > 0.8, "forged \(name): \(forged.explanation)")
        // The donor's lines sit 5 columns and 3 rows off the host's; at Q95 the weaker axis may fall short.
        #expect(["shifted by (5,3)", "shifted by (5,-)", "shifted by (-,3)"].contains { forged.explanation.contains($0) },
                "\(forged.explanation)")
        let mask = try #require(forged.mask)
        let localization = Forgery.localization(mask, region: GridForgery.region)
        #expect(localization > 60, "\(name) \(final): localization \(localization)")
        if let folder = ProcessInfo.processInfo.environment["MEDIFOR_MASK_DIR"] {
            try GridForgery.writeSideBySide(bytes, mask: mask, to: "\(folder)/blk-\(name)-\(final).png")
        }
    }

    @Test("an image never compressed shows no grid: low score with that explanation, not an opt-out",
          arguments: ["astronaut.png", "coffee.png", "motorcycle_left.png"])
    func neverCompressed(host name: String) throws {
        let photo = try Forgery.crop(try SampleImages.load(name), width: GridForgery.width, height: GridForgery.height)
        let (result, _) = try Forgery.analyze(blk, try encodePNG(photo))
        #expect(!result.isOptOut)
        #expect(result.score < 0.2, "\(result.explanation)")
        #expect(result.explanation.contains("no JPEG block grid found"), "\(result.explanation)")
    }

    @Test("golden: the astronaut with a (3,5)-shifted paste saved at 95")
    func golden() throws {
        let (result, _) = try Forgery.analyze(blk, try GridForgery.misalignedPaste("astronaut.png", final: .jpeg(95)))
        #expect(abs(result.score - 0.9873774645147357) < 1e-6, "score \(result.score): \(result.explanation)")
    }

    @Test("tiny images opt out; truncated JPEG bytes fail cleanly")
    func badInput() throws {
        for side in [1, 8, 40] {
            let tiny = try PixelImage(width: side, height: side, channels: 3, repeating: 90)
            let (result, _) = try Forgery.analyze(blk, try encodePNG(tiny))
            #expect(result.isOptOut)
        }
        let bytes = try GridForgery.clean("coffee.png", final: .jpeg(90))
        let truncated = Array(bytes.prefix(bytes.count / 2))
        let outcome = AnalysisRunner.run(blk, on: AnalysisInput(data: truncated), maskPath: nil)
        switch outcome.result {
        case .success(let result): #expect(result.isOptOut, "truncated JPEG analysed: \(result.explanation)")
        case .failure(let error): #expect("\(error)".contains("unreadable"))
        }
        let garbage = AnalysisRunner.run(blk, on: AnalysisInput(data: [0xFF, 0xD8, 0xFF, 0x00, 1, 2, 3]), maskPath: nil)
        #expect((try? garbage.result.get()) == nil)
    }
}
