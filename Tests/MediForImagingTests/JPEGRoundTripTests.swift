import MediForImaging
import Testing

@Suite("JPEG encode and decode")
struct JPEGRoundTripTests {
    @Test(
        "an RGB image survives quality 90 with a small error", arguments: [ChromaSubsampling.subsampled420, .full444])
    func rgbRoundTrip(chroma: ChromaSubsampling) throws {
        let source = try TestImages.colorCard(width: 67, height: 45)
        let jpeg = try encodeJPEG(source, quality: 90, chroma: chroma)
        #expect(ImageFormat(sniffing: jpeg) == .jpeg)

        let decoded = try decodeImage(data: jpeg)
        #expect(decoded.width == 67)
        #expect(decoded.height == 45)
        #expect(decoded.channels == 3)
        // Tolerance: quality 90 on a smooth card measures ~1 level of mean error; 3 leaves room for libjpeg
        // versions without admitting a wrong colour conversion (which costs tens of levels).
        #expect(TestImages.meanAbsoluteError(source, decoded) < 3)
    }

    @Test("a grey image survives quality 90 and stays one channel")
    func grayRoundTrip() throws {
        let source = try TestImages.grayCard(width: 40, height: 31)
        let jpeg = try encodeJPEG(source, quality: 90)
        let info = try readImageInfo(data: jpeg)
        #expect(info.colorModel == .gray)
        #expect(info.componentCount == 1)

        let decoded = try decodeImage(data: jpeg)
        #expect(decoded.channels == 1)
        #expect(decoded.width == 40 && decoded.height == 31)
        #expect(TestImages.meanAbsoluteError(source, decoded) < 2)
    }

    @Test("a progressive JPEG decodes and carries the same coefficients as the baseline one")
    func progressive() throws {
        let source = try TestImages.colorCard(width: 50, height: 34)
        let progressive = try encodeJPEG(source, quality: 80, progressive: true)
        let baseline = try encodeJPEG(source, quality: 80)
        #expect(try readImageInfo(data: progressive).isProgressive)
        #expect(try !readImageInfo(data: baseline).isProgressive)

        let decoded = try decodeImage(data: progressive)
        #expect(decoded.width == 50 && decoded.height == 34 && decoded.channels == 3)
        #expect(TestImages.meanAbsoluteError(source, decoded) < 4)

        // Progression changes only the entropy coding; the quantised DCT is the same.
        let progressiveCoefficients = try readJPEGCoefficients(data: progressive)
        #expect(progressiveCoefficients.isProgressive)
        #expect(progressiveCoefficients.components == (try readJPEGCoefficients(data: baseline)).components)
    }

    @Test("a progressive JPEG with more scans than the limit is refused")
    func scanLimit() throws {
        let jpeg = try encodeJPEG(try TestImages.colorCard(width: 16, height: 16), quality: 80, progressive: true)
        let limits = ImageLimits(maxScans: 3)
        #expect {
            try decodeImage(data: jpeg, limits: limits)
        } throws: { error in
            guard case ImagingError.limitExceeded = error else { return false }
            return true
        }
        #expect(throws: ImagingError.self) { try readJPEGCoefficients(data: jpeg, limits: limits) }
    }

    @Test("1x1 images encode and decode", arguments: [1, 3])
    func onePixel(channels: Int) throws {
        let source = try PixelImage(
            width: 1, height: 1, channels: channels, pixels: Array([200, 40, 90].prefix(channels)))
        let decoded = try decodeImage(data: try encodeJPEG(source, quality: 95))
        #expect(decoded.width == 1 && decoded.height == 1 && decoded.channels == channels)
        // One pixel of 4:2:0 chroma is still exact enough: allow the colour conversion's rounding.
        #expect(TestImages.meanAbsoluteError(source, decoded) <= 3)
    }

    @Test("a CMYK JPEG decodes to RGB")
    func cmyk() throws {
        let source = try TestImages.colorCard(width: 24, height: 20)
        // Adobe convention (inverted ink, as Photoshop writes it): stored C,M,Y = R,G,B and K = 255 means no black.
        var samples = [UInt8]()
        samples.reserveCapacity(24 * 20 * 4)
        for i in stride(from: 0, to: source.pixels.count, by: 3) {
            samples += [source.pixels[i], source.pixels[i + 1], source.pixels[i + 2], 255]
        }
        let jpeg = try encodeJPEGSamples(samples, width: 24, height: 20, components: 4, quality: 95)
        let info = try readImageInfo(data: jpeg)
        #expect(info.colorModel == .cmyk)
        #expect(info.componentCount == 4)
        #expect(info.decodedChannels == 3)

        let decoded = try decodeImage(data: jpeg)
        #expect(decoded.channels == 3)
        #expect(TestImages.meanAbsoluteError(source, decoded) < 3)
    }

    @Test("encoder arguments are checked", arguments: [0, 101, -5])
    func badQuality(quality: Int) throws {
        let image = try TestImages.grayCard(width: 8, height: 8)
        #expect(throws: ImagingError.invalidArgument("JPEG quality must be 1...100, got \(quality)")) {
            try encodeJPEG(image, quality: quality)
        }
    }

    @Test("a sample buffer that does not match the dimensions is refused")
    func mismatchedSamples() {
        #expect(throws: ImagingError.self) { try PixelImage(width: 4, height: 4, channels: 3, pixels: [1, 2, 3]) }
        #expect(throws: ImagingError.self) { try PixelImage(width: 2, height: 2, channels: 2, pixels: [0, 0, 0, 0]) }
        #expect(throws: ImagingError.self) {
            try encodeJPEGSamples([1, 2, 3], width: 2, height: 2, components: 1, quality: 80)
        }
    }
}
