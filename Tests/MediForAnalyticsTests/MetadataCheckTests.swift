import Foundation
import MediForAnalytics
import MediForImaging
import Testing

@Suite("Metadata")
struct MetadataCheckTests {
    let metadata = BuiltinAnalytics.named("metadata")!

    /// A 320×240 host photo and its 80×60 thumbnail (two 2× area reductions).
    private func host(_ name: String = "astronaut.png") throws -> (image: PixelImage, thumbnail: [UInt8]) {
        let image = try Forgery.crop(try SampleImages.load(name), width: 320, height: 240, x: 40, y: 20)
        let thumbnail = try Forgery.jpeg(try Forgery.halved(try Forgery.halved(image)), quality: 85)
        return (image, thumbnail)
    }

    /// `jpeg` with one entry of its first quantization table changed, as a camera's own tables would differ
    /// from libjpeg's scaled standard ones. The file still decodes (with that step).
    private func cameraTables(_ jpeg: [UInt8]) -> [UInt8] {
        var bytes = jpeg
        for index in 2..<(bytes.count - 8) where bytes[index] == 0xFF && bytes[index + 1] == 0xDB {
            bytes[index + 5 + 20] = bytes[index + 5 + 20] &+ 1  // one AC step of table 0
            break
        }
        return bytes
    }

    private func run(_ bytes: [UInt8]) throws -> AnalysisResult {
        let (result, _) = try Forgery.analyze(metadata, bytes)
        #expect(result.mask == nil && !result.isOptOut)
        return result
    }

    @Test("a camera-like file is consistent; the same with libjpeg's tables is flagged as re-saved",
          arguments: [false, true])
    func cameraLike(bigEndian: Bool) throws {
        let (image, thumbnail) = try host()
        var fields = ExifWriter.Fields(pixelX: 320, pixelY: 240, thumbnail: thumbnail)
        fields.bigEndian = bigEndian
        let segment = ExifWriter.exifSegment(ExifWriter.tiff(fields))
        let libjpeg = ExifWriter.insert([segment], into: try Forgery.jpeg(image, quality: 92))
        let camera = ExifWriter.insert([segment], into: cameraTables(try Forgery.jpeg(image, quality: 92)))
        let original = try run(camera)
        let resaved = try run(libjpeg)
        print("metadata camera (BE \(bigEndian)): \(original.score) \(original.explanation) | resaved \(resaved.score) \(resaved.explanation)")
        #expect(original.score < 0.1, "\(original.explanation)")
        #expect(original.explanation.contains("Canon EOS 5D Mark IV"))
        #expect(abs(resaved.score - 0.35) < 1e-9, "\(resaved.explanation)")
        #expect(resaved.explanation.contains("standard tables at quality 92"))
    }

    static let editorCases: [(software: String?, xmp: String?)] = [
        (software: "Adobe Photoshop 24.1 (Windows)", xmp: nil),
        (software: nil, xmp: #"<x:xmpmeta><rdf:Description xmp:CreatorTool="GIMP 2.10.34"/></x:xmpmeta>"#),
        (software: nil, xmp: "<rdf:li stEvt:action=\"saved\"><stEvt:softwareAgent>Adobe Lightroom Classic 12.0</stEvt:softwareAgent></rdf:li>"),
        (software: "Ver.1.0.2", xmp: #"<rdf:Description photoshop:ColorMode="3" photoshop:ICCProfile="sRGB"/>"#),
    ]

    @Test("editing software in EXIF or XMP scores high", arguments: editorCases)
    func editingSoftware(software: String?, xmp: String?) throws {
        let (image, thumbnail) = try host()
        let fields = ExifWriter.Fields(software: software, pixelX: 320, pixelY: 240, thumbnail: thumbnail)
        var segments = [ExifWriter.exifSegment(ExifWriter.tiff(fields))]
        if let xmp { segments.append(ExifWriter.xmpSegment(xmp)) }
        let result = try run(ExifWriter.insert(segments, into: cameraTables(try Forgery.jpeg(image, quality: 92))))
        print("metadata editor: \(result.score) \(result.explanation)")
        #expect(result.score >= 0.6, "\(result.explanation)")
        #expect(result.explanation.contains("editing software") || result.explanation.contains("Photoshop"))
    }

    @Test("a thumbnail of another picture or of another framing scores high; a letterboxed one does not")
    func thumbnails() throws {
        let (image, _) = try host()
        let (_, other) = try host("coffee.png")
        func file(_ thumbnail: [UInt8], _ picture: PixelImage) throws -> [UInt8] {
            let fields = ExifWriter.Fields(pixelX: UInt32(picture.width), pixelY: UInt32(picture.height), thumbnail: thumbnail)
            return ExifWriter.insert([ExifWriter.exifSegment(ExifWriter.tiff(fields))],
                                     into: cameraTables(try Forgery.jpeg(picture, quality: 92)))
        }
        let swapped = try run(try file(other, image))
        // The thumbnail of the uncropped 320×320 scene on a 320×240 crop of it.
        let square = try Forgery.crop(try SampleImages.load("astronaut.png"), width: 320, height: 320, x: 40, y: 20)
        let squareThumb = try Forgery.jpeg(try Forgery.halved(try Forgery.halved(square)), quality: 85)
        let cropped = try run(try file(squareThumb, image))
        // A 16:9 picture letterboxed into an 80×60 thumbnail, as cameras do.
        let wide = try Forgery.crop(image, width: 320, height: 180, x: 0, y: 30)
        let small = try Forgery.halved(try Forgery.halved(wide))
        var boxed = try PixelImage(width: 80, height: 60, channels: 3, repeating: 0)
        boxed = try Forgery.paste(small, into: boxed, region: Region(x: 0, y: 7, width: 80, height: 45))
        let letterboxed = try run(try file(try Forgery.jpeg(boxed, quality: 85), wide))
        print("metadata thumbs: swapped \(swapped.score) \(swapped.explanation) | cropped \(cropped.score) \(cropped.explanation) | letterboxed \(letterboxed.score) \(letterboxed.explanation)")
        #expect(swapped.score >= 0.75, "\(swapped.explanation)")
        #expect(cropped.score >= 0.7, "\(cropped.explanation)")
        #expect(letterboxed.score < 0.1, "\(letterboxed.explanation)")
    }

    @Test("dates and dimensions that disagree are medium evidence")
    func datesAndDimensions() throws {
        let (image, thumbnail) = try host()
        let jpeg = cameraTables(try Forgery.jpeg(image, quality: 92))
        let dated = ExifWriter.Fields(dateTime: "2023:07:15 18:30:02", pixelX: 320, pixelY: 240, thumbnail: thumbnail)
        let resized = ExifWriter.Fields(pixelX: 6000, pixelY: 4000, thumbnail: thumbnail)
        let datedResult = try run(ExifWriter.insert([ExifWriter.exifSegment(ExifWriter.tiff(dated))], into: jpeg))
        let resizedResult = try run(ExifWriter.insert([ExifWriter.exifSegment(ExifWriter.tiff(resized))], into: jpeg))
        print("metadata dates: \(datedResult.score) \(datedResult.explanation) | dims \(resizedResult.score) \(resizedResult.explanation)")
        #expect(abs(datedResult.score - 0.35) < 1e-9 && datedResult.explanation.contains("modified after capture"))
        #expect(abs(resizedResult.score - 0.35) < 1e-9 && resizedResult.explanation.contains("6000×4000"))
    }

    @Test("stripped JPEGs and plain PNGs score low and say there is no metadata; PNG text is read")
    func noMetadata() throws {
        let (image, _) = try host()
        let stripped = try run(try Forgery.jpeg(image, quality: 90))
        let png = try run(try encodePNG(image))
        #expect(stripped.score <= 0.15 && stripped.explanation.contains("no metadata"), "\(stripped.explanation)")
        #expect(png.score <= 0.05 && png.explanation.contains("no metadata"), "\(png.explanation)")
        let gimp = try run(pngWithText(try encodePNG(image), keyword: "Software", text: "GIMP 2.10"))
        #expect(gimp.score >= 0.75, "\(gimp.explanation)")
    }

    @Test("golden: a file with three findings keeps its score")
    func golden() throws {
        let (image, thumbnail) = try host("chelsea.png")
        let fields = ExifWriter.Fields(dateTime: "2024:01:02 03:04:05", pixelX: 640, pixelY: 480, thumbnail: thumbnail)
        let result = try run(ExifWriter.insert([ExifWriter.exifSegment(ExifWriter.tiff(fields))],
                                               into: try Forgery.jpeg(image, quality: 88)))
        #expect(abs(result.score - 0.725_375) < 1e-6, "golden \(result.score): \(result.explanation)")
    }

    @Test("hostile EXIF never crashes or hangs: bad offsets, loops, huge counts, truncation, zero lengths, fuzz")
    func hostile() throws {
        let (image, thumbnail) = try host()
        let jpeg = try Forgery.jpeg(image, quality: 90)
        let valid = ExifWriter.tiff(ExifWriter.Fields(software: "Test", pixelX: 320, pixelY: 240, thumbnail: thumbnail))
        func le32(_ v: UInt32) -> [UInt8] { ExifWriter.bytes(v, 4, false) }
        func le16(_ v: UInt16) -> [UInt8] { ExifWriter.bytes(UInt32(v), 2, false) }
        let header: [UInt8] = [0x49, 0x49, 42, 0]
        var blocks: [[UInt8]] = [
            [],                                              // "Exif\0\0" and nothing
            header,                                          // no IFD offset
            header + le32(0xFFFF_FFF0),                      // IFD0 far outside
            header + le32(8) + le16(1) + le16(0x8769) + le16(4) + le32(1) + le32(8) + le32(8),  // loops to itself
            header + le32(8) + le16(0xFFFF),                 // 65535 entries claimed, none present
            header + le32(8) + le16(1) + le16(0x010F) + le16(2) + le32(0xFFFF_FFFF) + le32(26) + le32(0),  // huge count
            header + le32(8) + le16(1) + le16(0x0110) + le16(5) + le32(0x2000_0000) + le32(0xFFFF_FFF8) + le32(0),
            header + le32(8) + le16(2) + le16(0x0201) + le16(4) + le32(1) + le32(0xFFFF_FF00)
                + le16(0x0202) + le16(4) + le32(1) + le32(0xFFFF_FFFF) + le32(0),
            Array(valid.prefix(valid.count / 2)),            // truncated inside the IFDs' data
            Array(valid.prefix(13)),
        ]
        // IFD0 → IFD1 → IFD0 chain, and an Exif pointer into the header.
        blocks.append(header + le32(8) + le16(1) + le16(0x8769) + le16(4) + le32(1) + le32(2) + le32(8))
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<300 {
            var mutated = valid
            for _ in 0..<6 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let position = Int((state >> 33) % UInt64(min(mutated.count, 200)))
                mutated[position] = UInt8(truncatingIfNeeded: state >> 17)
            }
            blocks.append(mutated)
        }
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            for block in blocks {
                let segment = ExifWriter.exifSegment(block)
                for bytes in [ExifWriter.insert([segment], into: jpeg), Array(ExifWriter.insert([segment], into: jpeg).prefix(200))] {
                    let outcome = AnalysisRunner.run(metadata, on: AnalysisInput(data: bytes), maskPath: nil)
                    if case .success(let result) = outcome.result { #expect(result.score >= 0 && result.score <= 1) }
                }
            }
            // Segments whose length lies: zero, shorter than its header, longer than the file.
            for lying in [[0xFF, 0xE1, 0x00, 0x00], [0xFF, 0xE1, 0x00, 0x01], [0xFF, 0xE1, 0xFF, 0xFF, 0x45]] as [[UInt8]] {
                let outcome = AnalysisRunner.run(metadata, on: AnalysisInput(data: [0xFF, 0xD8] + lying), maskPath: nil)
                guard case .failure = outcome.result else { Issue.record("lying segment accepted"); continue }
            }
            _ = try run(ExifWriter.insert([[0xFF, 0xE1, 0x00, 0x02]], into: jpeg))
        }
        print("metadata hostile: \(blocks.count * 2 + 4) files in \(elapsed)")
        #expect(elapsed < .seconds(30))
    }

    /// `png` with a tEXt chunk inserted after IHDR.
    private func pngWithText(_ png: [UInt8], keyword: String, text: String) -> [UInt8] {
        let body = Array("tEXt".utf8) + Array(keyword.utf8) + [0] + Array(text.utf8)
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in body {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        crc ^= 0xFFFF_FFFF
        let length = UInt32(body.count - 4)
        let chunk = ExifWriter.bytes(length, 4, true) + body + ExifWriter.bytes(crc, 4, true)
        let ihdrEnd = 8 + 8 + 13 + 4
        return Array(png.prefix(ihdrEnd)) + chunk + Array(png.dropFirst(ihdrEnd))
    }
}
