import Foundation
import MediForAnalytics
import MediForImaging
import Testing

/// Forgeries for the JPEG-grid analytics (block artifact grid, DCT blocking, DCT zeros): a 384×288 host saved once
/// at a camera-like quality, with a 128×96 region replaced by content from another photo whose own JPEG grid or
/// compression differs, then saved a last time.
enum GridForgery {
    static let width = 384
    static let height = 288
    /// The replaced region (on the host's 8×8 grid).
    static let region = Region(x: 128, y: 96, width: 128, height: 96)

    /// How the result is saved at the end.
    enum Final: Sendable, Hashable, CustomStringConvertible {
        case jpeg(Int)
        case png

        var description: String {
            switch self {
            case .jpeg(let quality): "JPEG \(quality)"
            case .png: "PNG"
            }
        }
    }

    static func save(_ image: PixelImage, _ final: Final) throws -> [UInt8] {
        switch final {
        case .jpeg(let quality): try encodeJPEG(image, quality: quality)
        case .png: try encodePNG(image)
        }
    }

    /// The host photo's top-left crop, decoded after one JPEG save at `quality`.
    static func host(_ name: String, quality: Int = 70) throws -> PixelImage {
        let photo = try SampleImages.load(name)
        return try Forgery.compressed(try Forgery.crop(photo, width: width, height: height), quality: quality)
    }

    /// A crop of another photo (astronaut, or coffee when the host is the astronaut), 16 pixels larger than the host
    /// so that it can be shifted.
    static func donor(for name: String) throws -> PixelImage {
        let other = name == "astronaut.png" ? "coffee.png" : "astronaut.png"
        return try Forgery.crop(try SampleImages.load(other), width: width + 16, height: height + 16, x: 50, y: 40)
    }

    /// The host saved once at 70, then saved again as `final` without any change.
    static func clean(_ name: String, final: Final) throws -> [UInt8] { try save(try host(name), final) }

    /// The region replaced by donor content that was itself saved at 70 on its own grid, taken `shiftX`, `shiftY`
    /// pixels off so that its block grid no longer lines up with the host's; then saved as `final`.
    static func misalignedPaste(_ name: String, shiftX: Int = 3, shiftY: Int = 5, final: Final) throws -> [UInt8] {
        let donor = try Forgery.compressed(try donor(for: name), quality: 70)
        let forged = try Forgery.paste(
            donor, into: try host(name), region: region, fromX: region.x + shiftX, fromY: region.y + shiftY)
        return try save(forged, final)
    }

    /// The region replaced, on the host's grid, by donor content never compressed (`donorQuality` nil) or saved
    /// once at `donorQuality`; then saved as `final`.
    static func differentlyCompressedPaste(_ name: String, donorQuality: Int?, final: Final) throws -> [UInt8] {
        var donor = try donor(for: name)
        if let donorQuality { donor = try Forgery.compressed(donor, quality: donorQuality) }
        let forged = try Forgery.paste(donor, into: try host(name), region: region, fromX: region.x, fromY: region.y)
        return try save(forged, final)
    }

    /// Writes the forged image and the mask side by side (mask as grey) to `path` as PNG, for looking at.
    static func writeSideBySide(_ bytes: [UInt8], mask: AnalysisMask, to path: String) throws {
        let image = try decodeImage(data: bytes)
        var pixels = [UInt8](repeating: 0, count: image.width * 2 * image.height * 3)
        for y in 0..<image.height {
            for x in 0..<image.width {
                for c in 0..<3 {
                    let left = (y * image.width * 2 + x) * 3 + c
                    pixels[left] = image.pixels[(y * image.width + x) * image.channels + min(c, image.channels - 1)]
                    pixels[left + image.width * 3] = mask.pixels[y * mask.width + x]
                }
            }
        }
        let combined = try PixelImage(width: image.width * 2, height: image.height, channels: 3, pixels: pixels)
        try Data(try encodePNG(combined)).write(to: URL(fileURLWithPath: path))
    }
}

