import Foundation

/// The EXIF a JPEG probe carries, as a camera would write it: Make, Model, DateTime, DateTimeOriginal, the pixel
/// dimensions and a 160×120-bounded thumbnail. Metadata targets change one field (see
/// ``CaseRenderer/editMetadata(_:random:)``); everything else describes the probe truthfully.
package struct CameraMetadata: Sendable {
    /// EXIF Make.
    package var make: String
    /// EXIF Model.
    package var model: String
    /// EXIF Software; `nil` for camera originals.
    package var software: String?
    /// EXIF DateTimeOriginal, `YYYY:MM:DD HH:MM:SS`.
    package var dateTimeOriginal: String
    /// EXIF DateTime (last modified); equal to DateTimeOriginal unless edited.
    package var dateTime: String
    /// PixelXDimension and PixelYDimension to claim; `nil` = the probe's own size.
    package var claimedSize: (width: Int, height: Int)?
    /// The picture the thumbnail shows; `nil` = the probe itself.
    package var thumbnailSource: Raster?

    /// Editors written into the Software tag of `software` targets (each one the metadata analytic knows).
    package static let editors = [
        "Adobe Photoshop CC 2019 (Windows)", "Adobe Photoshop Lightroom Classic 9.2", "GIMP 2.10.22",
        "Snapseed 2.19", "Paint.NET 4.3", "Pixelmator Pro 2.0", "darktable 3.4.0", "Affinity Photo 1.9",
    ]

    /// Camera models a host photo can be attributed to.
    static let cameras: [(make: String, model: String)] = [
        ("Canon", "Canon EOS 80D"), ("NIKON CORPORATION", "NIKON D750"), ("SONY", "ILCE-7M3"),
        ("FUJIFILM", "X-T3"), ("Panasonic", "DMC-GH4"), ("OLYMPUS CORPORATION", "E-M10MarkII"),
        ("Apple", "iPhone 8"), ("samsung", "SM-G960F"),
    ]

    /// The camera of the photo `hostID` (the same for every probe of a host) and a capture time drawn from
    /// `random`.
    package static func camera(for hostID: String, random: inout SeededRandom) -> CameraMetadata {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325  // FNV-1a: stable across runs, unlike Hasher
        for byte in hostID.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        let camera = cameras[Int(hash % UInt64(cameras.count))]
        let date = String(
            format: "%04d:%02d:%02d %02d:%02d:%02d", random.int(in: 2015...2021), random.int(in: 1...12),
            random.int(in: 1...28), random.int(in: 7...20), random.int(in: 0...59), random.int(in: 0...59))
        return CameraMetadata(
            make: camera.make, model: camera.model, software: nil, dateTimeOriginal: date, dateTime: date)
    }

    /// `date` moved `days` later (calendar-correct via Foundation, in UTC).
    package static func later(_ date: String, days: Int) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy:MM:dd HH:mm:ss"
        guard let parsed = formatter.date(from: date) else { return date }
        return formatter.string(from: parsed.addingTimeInterval(Double(days) * 86_400 + 3_600 * 3))
    }
}
