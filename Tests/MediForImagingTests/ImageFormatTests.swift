import MediForImaging
import Testing

@Suite("format sniffing")
struct ImageFormatTests {
    @Test(
        "magic bytes name the format",
        arguments: [
            ([0xFF, 0xD8, 0xFF, 0xE0], ImageFormat.jpeg),
            ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0], .png),
            ([0x49, 0x49, 0x2A, 0x00], .tiff),
            ([0x4D, 0x4D, 0x00, 0x2A], .tiff),
            ([0x49, 0x49, 0x2B, 0x00], .tiff),
            (Array("RIFF\u{0}\u{0}\u{0}\u{0}WEBP".utf8), .webp),
            (Array("RIFF\u{0}\u{0}\u{0}\u{0}WAVE".utf8), .unknown),
            (Array("BM".utf8), .bmp),
            (Array("GIF87a".utf8), .gif),
            (Array("GIF89a".utf8), .gif),
            ([0xFF, 0xD8], .unknown),
            ([0x89, 0x50, 0x4E, 0x47], .unknown),
            ([], .unknown),
            ([0x00, 0x01, 0x02], .unknown),
        ] as [([UInt8], ImageFormat)])
    func sniff(bytes: [UInt8], format: ImageFormat) {
        #expect(ImageFormat(sniffing: bytes) == format)
    }

    @Test("only JPEG and PNG decode")
    func decodable() {
        #expect(ImageFormat.allCases.filter(\.isDecodable) == [.jpeg, .png])
    }
}
