import MediForImaging
import Testing

@Suite("PNG encode and decode")
struct PNGTests {
    @Test("a mask written as PNG decodes to the same bytes")
    func maskRoundTrip() throws {
        let pixels = TestImages.randomBytes(count: 33 * 17, seed: 7)
        let png = try encodePNGMask(width: 33, height: 17, pixels: pixels)
        #expect(ImageFormat(sniffing: png) == .png)
        let info = try readImageInfo(data: png)
        #expect(info.colorModel == .gray && info.bitDepth == 8 && info.decodedChannels == 1)

        let decoded = try decodePNG(data: png)
        #expect(decoded.width == 33 && decoded.height == 17 && decoded.channels == 1)
        #expect(decoded.pixels == pixels)
        #expect(try decodeImage(data: png) == decoded)
    }

    @Test("an RGB image written as PNG decodes losslessly")
    func rgbRoundTrip() throws {
        let source = try TestImages.colorCard(width: 19, height: 11)
        #expect(try decodePNG(data: try encodePNG(source)) == source)
    }

    /// One storage layout of the same 5x3 picture, and what decoding it must give.
    struct Layout: Sendable, CustomTestStringConvertible {
        var name: String
        var colorType: PNGColorType
        var bitDepth: Int
        var interlaced = false
        var testDescription: String { name }
    }

    static let layouts: [Layout] = [
        Layout(name: "8-bit grey", colorType: .gray, bitDepth: 8),
        Layout(name: "16-bit grey", colorType: .gray, bitDepth: 16),
        Layout(name: "8-bit grey+alpha", colorType: .grayAlpha, bitDepth: 8),
        Layout(name: "16-bit grey+alpha", colorType: .grayAlpha, bitDepth: 16),
        Layout(name: "8-bit RGB", colorType: .rgb, bitDepth: 8),
        Layout(name: "16-bit RGB", colorType: .rgb, bitDepth: 16),
        Layout(name: "8-bit RGBA", colorType: .rgba, bitDepth: 8),
        Layout(name: "16-bit RGBA", colorType: .rgba, bitDepth: 16),
        Layout(name: "palette", colorType: .palette, bitDepth: 8),
        Layout(name: "interlaced RGB", colorType: .rgb, bitDepth: 8, interlaced: true),
        Layout(name: "interlaced 16-bit grey", colorType: .gray, bitDepth: 16, interlaced: true),
    ]

    @Test("every colour type and depth decodes to 8-bit grey or RGB with the file's values", arguments: layouts)
    func decodesLayout(_ layout: Layout) throws {
        let (width, height) = (5, 3)
        let isColor = layout.colorType == .rgb || layout.colorType == .rgba || layout.colorType == .palette
        // Expected 8-bit values: pixel p, channel c -> 16 * p + 10 * c (within 0...255 for 15 pixels).
        var expected = [UInt8]()
        var samples = [UInt8]()
        var palette = [UInt8]()
        for p in 0..<(width * height) {
            let colors = (0..<(isColor ? 3 : 1)).map { UInt8((16 * p + 10 * $0) % 256) }
            expected += colors
            if layout.colorType == .palette {
                palette += colors
                samples.append(UInt8(p))
                continue
            }
            let stored = colors + (layout.colorType == .rgba || layout.colorType == .grayAlpha ? [77] : [])
            for value in stored {
                // 16-bit v * 257 scales back to exactly v.
                samples += layout.bitDepth == 16 ? [value, value] : [value]
            }
        }
        let png = try encodePNGSamples(
            samples, width: width, height: height, colorType: layout.colorType, bitDepth: layout.bitDepth,
            palette: palette, interlaced: layout.interlaced)

        let info = try readImageInfo(data: png)
        #expect(info.bitDepth == layout.bitDepth)
        #expect(info.isProgressive == layout.interlaced)
        #expect(info.decodedChannels == (isColor ? 3 : 1))
        let decoded = try decodeImage(data: png)
        #expect(decoded.width == width && decoded.height == height)
        #expect(decoded.channels == (isColor ? 3 : 1))
        #expect(decoded.pixels == expected)
    }

    @Test("1x1 PNG", arguments: [1, 3])
    func onePixel(channels: Int) throws {
        let source = try PixelImage(width: 1, height: 1, channels: channels, repeating: 9)
        #expect(try decodeImage(data: try encodePNG(source)) == source)
    }

    @Test("a PNG cut in half is truncated")
    func truncated() throws {
        let png = try encodePNGMask(width: 64, height: 64, pixels: TestImages.randomBytes(count: 4096, seed: 3))
        let half = Array(png.prefix(png.count / 2))
        #expect(throws: ImagingError.truncated("unexpected end of PNG data")) { try decodePNG(data: half) }
        // The header alone is intact, so it still reads.
        #expect(try readImageInfo(data: half).width == 64)
    }

    @Test("a damaged IDAT chunk is corrupt")
    func corruptData() throws {
        var png = try encodePNGMask(width: 64, height: 64, pixels: TestImages.randomBytes(count: 4096, seed: 4))
        png[png.count / 2] ^= 0x5A
        #expect {
            try decodePNG(data: png)
        } throws: { error in
            guard case ImagingError.corrupt(let message) = error else { return false }
            return !message.isEmpty
        }
    }

    @Test(
        "an IHDR claiming a huge image fails before allocating",
        arguments: [
            (UInt32(65535), UInt32(65535)), (2_000_000, 1), (30_000, 100),
        ])
    func tooLarge(width: UInt32, height: UInt32) throws {
        let png = TestImages.patchingPNGDimensions(
            try encodePNGMask(width: 2, height: 2, pixels: [1, 2, 3, 4]),
            width: width, height: height)
        let expected = ImagingError.tooLarge(width: Int(width), height: Int(height))
        #expect(throws: expected) { try decodePNG(data: png) }
        #expect(throws: expected) { try readImageInfo(data: png) }
    }

    @Test("mask and sample arguments are checked")
    func badArguments() {
        #expect(throws: ImagingError.self) { try encodePNGMask(width: 3, height: 3, pixels: [0, 1]) }
        #expect(throws: ImagingError.self) { try encodePNGMask(width: 0, height: 3, pixels: []) }
        #expect(throws: ImagingError.self) {
            try encodePNGSamples([0], width: 1, height: 1, colorType: .palette, bitDepth: 8, palette: [])
        }
    }
}
