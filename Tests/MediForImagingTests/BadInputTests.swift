import MediForImaging
import Testing

/// Damaged, hostile and odd inputs: each must fail with a typed error or decode as documented, never crash,
/// print, or allocate for dimensions it refuses.
@Suite("bad input")
struct BadInputTests {
    static func sampleJPEG() throws -> [UInt8] {
        try encodeJPEG(try TestImages.colorCard(width: 96, height: 64), quality: 85)
    }

    @Test("zero bytes are truncated input, for every entry point")
    func empty() {
        let expected = ImagingError.truncated("input is empty")
        #expect(throws: expected) { try decodeImage(data: []) }
        #expect(throws: expected) { try decodeImageRepairingDamage(data: []) }
        #expect(throws: expected) { try readImageInfo(data: []) }
        #expect(throws: expected) { try readJPEGCoefficients(data: []) }
        #expect(throws: expected) { try decodeJPEG(data: []) }
        #expect(throws: expected) { try decodePNG(data: []) }
    }

    @Test("random bytes are an unsupported format", arguments: [1, 2, 3, 4])
    func randomBytes(seed: UInt64) throws {
        var bytes = TestImages.randomBytes(count: 1000, seed: seed)
        bytes[0] = 0x00  // no magic number starts with 0x00
        #expect(throws: ImagingError.unsupportedFormat("unrecognised image data")) { try decodeImage(data: bytes) }
    }

    @Test("random bytes behind a JPEG signature fail as damaged data", arguments: [5, 6, 7])
    func randomJPEGBody(seed: UInt64) {
        let bytes: [UInt8] = [0xFF, 0xD8, 0xFF] + TestImages.randomBytes(count: 2000, seed: seed)
        #expect {
            try decodeImage(data: bytes)
        } throws: { error in
            switch error as? ImagingError {
            case .corrupt(let message), .truncated(let message), .unsupportedFormat(let message): !message.isEmpty
            case .tooLarge, .limitExceeded: true
            default: false
            }
        }
    }

    // Decision: a cut-short JPEG is an error by default (an analytic should not score invented pixels), and
    // decodes with the missing part mid-grey plus a warning through decodeImageRepairingDamage.
    @Test("a JPEG truncated at half its length")
    func truncatedJPEG() throws {
        let jpeg = try Self.sampleJPEG()
        let half = Array(jpeg.prefix(jpeg.count / 2))
        #expect(throws: ImagingError.truncated("Premature end of JPEG file")) { try decodeImage(data: half) }
        #expect(throws: ImagingError.truncated("Premature end of JPEG file")) { try readJPEGCoefficients(data: half) }

        let repaired = try decodeImageRepairingDamage(data: half)
        #expect(repaired.isRepaired)
        #expect(repaired.firstWarning == "Premature end of JPEG file")
        #expect(repaired.image.width == 96 && repaired.image.height == 64)
        // libjpeg fills what is missing with mid-grey: the last row is flat.
        let last = repaired.image.pixels.suffix(96 * 3)
        #expect(last.allSatisfy { (120...136).contains($0) })
    }

    @Test("a JPEG whose header is cut short fails even when repair is allowed")
    func truncatedHeader() throws {
        let head = Array(try Self.sampleJPEG().prefix(40))
        #expect {
            try decodeImageRepairingDamage(data: head)
        } throws: { error in
            guard case ImagingError.truncated = error else { return false }
            return true
        }
    }

    @Test("a JPEG with corrupted entropy-coded data", arguments: [11, 12, 13])
    func corruptEntropy(seed: UInt64) throws {
        var jpeg = try Self.sampleJPEG()
        let scan = TestImages.entropyRange(in: jpeg)
        let start = scan.lowerBound + scan.count / 4
        // Random bytes without 0xFF, so no marker is forged: only the Huffman stream is damaged.
        let noise = TestImages.randomBytes(count: scan.count / 2, seed: seed).map { $0 == 0xFF ? 0x7F : $0 }
        jpeg.replaceSubrange(start..<start + noise.count, with: noise)

        #expect {
            try decodeImage(data: jpeg)
        } throws: { error in
            switch error as? ImagingError {
            case .corrupt(let message), .truncated(let message):
                message.hasPrefix("Corrupt JPEG data") || message.hasPrefix("Premature end")
            default: false
            }
        }
        let repaired = try decodeImageRepairingDamage(data: jpeg)
        #expect(repaired.isRepaired)
        #expect(repaired.image.width == 96 && repaired.image.height == 64)
    }

    @Test(
        "a JPEG header claiming a huge image fails with tooLarge before allocating",
        arguments: [
            (UInt16(65535), UInt16(65535)), (30_000, 30_000), (20_001, 8), (15_000, 15_000),
        ])
    func tooLargeJPEG(width: UInt16, height: UInt16) throws {
        let jpeg = TestImages.patchingJPEGDimensions(try Self.sampleJPEG(), width: width, height: height)
        let expected = ImagingError.tooLarge(width: Int(width), height: Int(height))
        #expect(throws: expected) { try decodeImage(data: jpeg) }
        #expect(throws: expected) { try decodeImageRepairingDamage(data: jpeg) }
        #expect(throws: expected) { try readImageInfo(data: jpeg) }
        #expect(throws: expected) { try readJPEGCoefficients(data: jpeg) }
    }

    @Test("caller limits apply to small images too")
    func callerLimits() throws {
        let jpeg = try Self.sampleJPEG()
        let png = try encodePNG(try TestImages.colorCard(width: 96, height: 64))
        let limits = ImageLimits(maxWidth: 1000, maxHeight: 1000, maxPixels: 96 * 64 - 1)
        #expect(throws: ImagingError.tooLarge(width: 96, height: 64)) { try decodeImage(data: jpeg, limits: limits) }
        #expect(throws: ImagingError.tooLarge(width: 96, height: 64)) { try decodeImage(data: png, limits: limits) }
        #expect(try decodeImage(data: jpeg, limits: ImageLimits(maxPixels: 96 * 64)).width == 96)
    }

    @Test(
        "recognised but unsupported formats say which format",
        arguments: [
            ([0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0], "TIFF"),
            (Array("RIFF\u{0}\u{0}\u{0}\u{0}WEBPVP8 ".utf8), "WebP"),
            (Array("BM".utf8) + [UInt8](repeating: 0, count: 60), "BMP"),
            (Array("GIF89a".utf8) + [1, 0, 1, 0, 0, 0, 0], "GIF"),
        ] as [([UInt8], String)])
    func unsupportedFormats(bytes: [UInt8], name: String) {
        let expected = ImagingError.unsupportedFormat("\(name) is not supported")
        #expect(throws: expected) { try decodeImage(data: bytes) }
        #expect(throws: expected) { try readImageInfo(data: bytes) }
    }

    @Test("a PNG passed to decodeJPEG and a JPEG passed to decodePNG are refused")
    func wrongDecoder() throws {
        let jpeg = try Self.sampleJPEG()
        let png = try encodePNGMask(width: 1, height: 1, pixels: [0])
        #expect(throws: ImagingError.unsupportedFormat("not a JPEG")) { try decodeJPEG(data: png) }
        #expect(throws: ImagingError.unsupportedFormat("not a PNG")) { try decodePNG(data: jpeg) }
    }
}
