import Foundation
import MediForAnalytics
import MediForImaging
import Testing

@Suite("JPEG grid alignment (ZERO)")
struct GridAlignmentTests {
    let grid = BuiltinAnalytics.named("grid")!

    @Test("a host compressed once on the (0,0) grid scores low; a paste on a (5,3) grid saved losslessly scores high and is localized",
          arguments: ["astronaut.png", "coffee.png", "chelsea.png", "rocket.jpg", "motorcycle_left.png"])
    func misalignedPaste(host name: String) throws {
        let (clean, _) = try Forgery.analyze(grid, try GridForgery.clean(name, final: .png))
        let (cleanJPEG, _) = try Forgery.analyze(grid, try GridForgery.clean(name, final: .jpeg(95)))
        let bytes = try GridForgery.misalignedPaste(name, final: .png)
        let (forged, _) = try Forgery.analyze(grid, bytes)
        #expect(clean.score < 0.2, "clean \(name): \(clean.explanation)")
        #expect(cleanJPEG.score < 0.2, "clean JPEG \(name): \(cleanJPEG.explanation)")
        #expect(clean.explanation.contains("main grid (0,0)"), "\(clean.explanation)")
        #expect(forged.score > 0.95, "forged \(name): \(forged.explanation)")
        #expect(forged.explanation.contains("origin (5,3)"), "\(forged.explanation)")
        let mask = try #require(forged.mask)
        let localization = Forgery.localization(mask, region: GridForgery.region)
        #expect(localization > 120, "\(name): localization \(localization)")
        if let folder = ProcessInfo.processInfo.environment["MEDIFOR_MASK_DIR"] {
            try GridForgery.writeSideBySide(bytes, mask: mask, to: "\(folder)/grid-\(name).png")
        }
    }

    @Test("an image cropped after compression has its main grid off (0,0): a modest score that says so")
    func croppedAfterCompression() throws {
        let photo = try Forgery.crop(try SampleImages.load("coffee.png"), width: 400, height: 300)
        let compressed = try Forgery.compressed(photo, quality: 75)
        let cropped = try Forgery.crop(compressed, width: 384, height: 288, x: 3, y: 5)
        let (result, _) = try Forgery.analyze(grid, try encodePNG(cropped))
        #expect(result.explanation.contains("main grid (5,3)"), "\(result.explanation)")
        #expect(result.explanation.contains("cropped"), "\(result.explanation)")
        #expect(result.score >= 0.3 && result.score < 0.5, "\(result.explanation)")
    }

    @Test("an image never compressed has no main grid and no region", arguments: ["astronaut.png", "chelsea.png"])
    func neverCompressed(host name: String) throws {
        let photo = try Forgery.crop(try SampleImages.load(name), width: GridForgery.width, height: GridForgery.height)
        let (result, _) = try Forgery.analyze(grid, try encodePNG(photo))
        #expect(result.score < 0.2, "\(result.explanation)")
        #expect(!result.explanation.contains("cropped"), "\(result.explanation)")
    }

    @Test("golden: the coffee host saved at 70, then as PNG")
    func golden() throws {
        let (result, _) = try Forgery.analyze(grid, try GridForgery.clean("coffee.png", final: .png))
        #expect(abs(result.score - 0.047233579838756735) < 1e-6, "score \(result.score): \(result.explanation)")
    }

    @Test("tiny images opt out; truncated JPEG bytes fail cleanly")
    func badInput() throws {
        for side in [1, 8, 24] {
            let tiny = try PixelImage(width: side, height: side, channels: 3, repeating: 90)
            let (result, _) = try Forgery.analyze(grid, try encodePNG(tiny))
            #expect(result.isOptOut)
        }
        let flat = try PixelImage(width: 64, height: 40, channels: 1, repeating: 128)
        let (flatResult, _) = try Forgery.analyze(grid, try encodeJPEG(flat, quality: 80))
        #expect(!flatResult.isOptOut && flatResult.score < 0.2, "\(flatResult.explanation)")
        let bytes = try GridForgery.clean("coffee.png", final: .jpeg(90))
        let truncated = AnalysisInput(data: Array(bytes.prefix(bytes.count / 2)))
        let outcome = AnalysisRunner.run(grid, on: truncated, maskPath: nil)
        switch outcome.result {
        case .success(let result): #expect(result.isOptOut, "truncated JPEG analysed: \(result.explanation)")
        case .failure(let error): #expect("\(error)".contains("unreadable"))
        }
    }
}
