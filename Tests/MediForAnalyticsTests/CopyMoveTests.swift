import Foundation
import MediForAnalytics
import MediForImaging
import Testing

@Suite("CopyMove")
struct CopyMoveTests {
    let copymove = BuiltinAnalytics.named("copymove")!

    /// Per host: where an 80×80 textured region is taken from and where its copy goes.
    static let cases: [(host: String, source: Region, target: Region)] = [
        ("astronaut.png", Region(x: 60, y: 300, width: 80, height: 80), Region(x: 330, y: 60, width: 80, height: 80)),
        ("coffee.png", Region(x: 60, y: 150, width: 80, height: 80), Region(x: 330, y: 120, width: 80, height: 80)),
        ("motorcycle_left.png", Region(x: 350, y: 200, width: 80, height: 80), Region(x: 100, y: 300, width: 80, height: 80)),
    ]

    @Test("a cloned region scores high and both copies are localized: shifted, rotated 7°, scaled 1.1×",
          arguments: cases)
    func cloned(host: String, source: Region, target: Region) throws {
        let photo = try SampleImages.load(host)
        let (clean, _) = try Forgery.analyze(copymove, try Forgery.jpeg(photo, quality: 90))
        print("copymove \(host) clean \(clean.score): \(clean.explanation)")
        #expect(clean.score < 0.2, "clean \(host): \(clean.explanation)")
        for (degrees, scale) in [(0.0, 1.0), (7.0, 1.0), (0.0, 1.1)] {
            let forged = try Forgery.cloned(photo, fromX: source.x, fromY: source.y, into: target, degrees: degrees, scale: scale)
            let (result, _) = try Forgery.analyze(copymove, try Forgery.jpeg(forged, quality: 90))
            print("copymove \(host) \(degrees)° ×\(scale): \(result.score): \(result.explanation)")
            if let mask = result.mask {
                print("copymove \(host) \(degrees)° ×\(scale) localization target \(Forgery.localization(mask, region: target)) source \(Forgery.localization(mask, region: source))")
            }
            #expect(result.score > 0.7, "\(host) \(degrees)° ×\(scale): \(result.explanation)")
            let mask = try #require(result.mask)
            // The source of a scaled copy is the central 1/scale part of the source square.
            #expect(Forgery.localization(mask, region: target) > 60, "target \(host) \(degrees)° ×\(scale)")
            #expect(Forgery.localization(mask, region: source) > 60, "source \(host) \(degrees)° ×\(scale)")
        }
    }

    @Test("photos with flat or repetitive areas score low", arguments: ["rocket.jpg", "coffee.png", "chelsea.png", "camera.png"])
    func cleanPhotos(host: String) throws {
        let (result, _) = try Forgery.analyze(copymove, try Forgery.jpeg(try SampleImages.load(host), quality: 90))
        print("copymove clean \(host): \(result.score): \(result.explanation)")
        #expect(result.score < 0.2, "\(host): \(result.explanation)")
    }

    @Test("golden: a fixed rotated clone keeps its score")
    func golden() throws {
        let photo = try Forgery.crop(try SampleImages.load("chelsea.png"), width: 320, height: 240, x: 60, y: 30)
        let forged = try Forgery.cloned(photo, fromX: 40, fromY: 120, into: Region(x: 200, y: 40, width: 44, height: 44), degrees: 5)
        let (result, _) = try Forgery.analyze(copymove, try Forgery.jpeg(forged, quality: 92))
        print("copymove golden: \(result.score): \(result.explanation)")
        #expect(abs(result.score - 0.384_616_244) < 1e-6, "golden \(result.score)")
    }

    @Test("tiny images opt out; damaged bytes throw")
    func optOutAndBadInput() throws {
        for side in [1, 8, 48] {
            let tiny = try PixelImage(width: side, height: side, channels: 3, repeating: 128)
            #expect(try Forgery.analyze(copymove, try Forgery.jpeg(tiny, quality: 90)).0.isOptOut)
        }
        let flat = try PixelImage(width: 200, height: 160, channels: 1, repeating: 77)
        let (result, _) = try Forgery.analyze(copymove, try Forgery.jpeg(flat, quality: 90))
        #expect(result.score < 0.05, "\(result.explanation)")
        let bytes = try Forgery.jpeg(try Forgery.crop(try SampleImages.load("coffee.png"), width: 160, height: 160), quality: 90)
        for bad in [Array(bytes.prefix(bytes.count / 2)), Array(bytes.prefix(20)), [0xFF, 0xD8, 0xFF], []] {
            let outcome = AnalysisRunner.run(copymove, on: AnalysisInput(data: bad), maskPath: nil)
            guard case .failure = outcome.result else { Issue.record("damaged input accepted"); continue }
        }
    }
}
