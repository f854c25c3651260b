import Foundation
import MediForAnalytics
import MediForImaging
import Testing

/// Every built-in analytic against one corpus of hostile and unusual files: each must answer with an error or an
/// opt-out (or, for a file it can read, a finite score), never crash, and never allocate gigabytes.
@Suite("Bad-input corpus, every analytic")
struct BadInputCorpusTests {
    /// A small photo-like RGB image (gradients and texture), 96×80.
    static func photo() throws -> PixelImage {
        let width = 96, height = 80
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let base = 3 * (y * width + x)
                pixels[base] = UInt8((x * 255) / width)
                pixels[base + 1] = UInt8((y * 255) / height)
                pixels[base + 2] = UInt8(((x * 7 + y * 13) % 64) * 3)
            }
        }
        return try PixelImage(width: width, height: height, channels: 3, pixels: pixels)
    }

    /// The corpus: name → bytes.
    static func corpus() throws -> [(String, [UInt8])] {
        let image = try photo()
        let jpeg = try encodeJPEG(image, quality: 85)
        var corruptEntropy = jpeg
        // Scramble the middle of the entropy-coded data (after the headers), keeping the markers at the ends.
        for index in stride(from: jpeg.count / 2, to: min(jpeg.count / 2 + 200, jpeg.count - 2), by: 3) {
            corruptEntropy[index] = corruptEntropy[index] ^ 0x5A
        }
        var giant = jpeg
        if let sof = (0..<(jpeg.count - 9)).first(where: { jpeg[$0] == 0xFF && (jpeg[$0 + 1] == 0xC0 || jpeg[$0 + 1] == 0xC2) }) {
            giant[sof + 5] = 0xFF
            giant[sof + 6] = 0xFF
            giant[sof + 7] = 0xFF
            giant[sof + 8] = 0xFF
        }
        let cmykSamples = [UInt8]((0..<(32 * 24 * 4)).map { UInt8(truncatingIfNeeded: $0 &* 37) })
        let cmyk = try encodeJPEGSamples(cmykSamples, width: 32, height: 24, components: 4, quality: 90)
        let sixteen = try encodePNGSamples(
            [UInt8]((0..<(40 * 30 * 3 * 2)).map { UInt8(truncatingIfNeeded: $0 &* 11) }), width: 40, height: 30,
            colorType: .rgb, bitDepth: 16)
        let tiny = try PixelImage(width: 1, height: 1, channels: 3, repeating: 200)
        return [
            ("zero bytes", []),
            ("non-image bytes", Array("this is a text file, not an image\n".utf8)),
            ("JPEG signature then garbage", [0xFF, 0xD8, 0xFF, 0xE0] + (0..<500).map { UInt8(truncatingIfNeeded: $0 &* 91) }),
            ("truncated JPEG", Array(jpeg.prefix(jpeg.count / 2))),
            ("corrupt entropy data", corruptEntropy),
            ("65535x65535 header", giant),
            ("1x1 JPEG", try encodeJPEG(tiny, quality: 90)),
            ("1x1 PNG", try encodePNG(tiny)),
            ("CMYK JPEG", cmyk),
            ("16-bit PNG", sixteen),
            ("progressive JPEG", try encodeJPEG(image, quality: 80, progressive: true)),
            ("grey JPEG", try encodeJPEG(image.grayscale(), quality: 80)),
            ("odd-size JPEG", try encodeJPEG(try Forgery.crop(image, width: 77, height: 53), quality: 80)),
            ("GIF", Array("GIF89a".utf8) + [1, 0, 1, 0, 0, 0, 0]),
            ("BMP", Array("BM".utf8) + [UInt8](repeating: 0, count: 60)),
        ]
    }

    @Test("each analytic answers an error, an opt-out or a finite score for every file", arguments: BuiltinAnalytics.all.map(\.descriptor.id))
    func corpusPerAnalytic(id: String) throws {
        let analytic = try #require(BuiltinAnalytics.named(id))
        for (name, bytes) in try Self.corpus() {
            let outcome = AnalysisRunner.run(analytic, on: AnalysisInput(data: bytes), maskPath: nil)
            switch outcome.result {
            case .success(let result):
                #expect(result.score.isFinite && (0...1).contains(result.score), "\(id) on \(name)")
            case .failure(.internalError(let message)):
                Issue.record("\(id) on \(name): internal error \(message)")
            case .failure:
                break
            }
            if ["zero bytes", "non-image bytes", "65535x65535 header", "GIF", "BMP"].contains(name), id != "metadata" {
                // Nothing decodable: an error or an opt-out, never a score.
                if case .success(let result) = outcome.result {
                    #expect(result.isOptOut, "\(id) scored \(name)")
                }
            }
        }
        #expect(Self.peakMemoryMiB() < 1024, "peak memory stays far below gigabytes")
    }

    static func peakMemoryMiB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return 0 }
        return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
    }
}
