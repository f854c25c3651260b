import Foundation

/// Reads a few descriptive EXIF fields from the start of a JPEG file for the metadata table (`EXIF:Make`, …).
///
/// Every offset and length in the file is checked against the bytes given; IFDs are followed at most once each and
/// strings are capped, so a damaged or hostile file yields fewer fields, never a crash.
enum ExifReader {
    /// The fields found, keyed `EXIF:<Name>`.
    static func fields(fromJPEGPrefix data: [UInt8]) -> [String: String] {
        guard let tiff = exifBlock(data) else { return [:] }
        return parseTIFF(tiff)
    }

    /// The TIFF bytes of the first `Exif` APP1 segment.
    private static func exifBlock(_ data: [UInt8]) -> ArraySlice<UInt8>? {
        guard data.count > 4, data[0] == 0xFF, data[1] == 0xD8 else { return nil }
        var position = 2
        while position + 4 <= data.count, data[position] == 0xFF {
            let marker = data[position + 1]
            if marker == 0xDA || marker == 0xD9 { return nil }
            let length = Int(data[position + 2]) << 8 | Int(data[position + 3])
            guard length >= 2, position + 2 + length <= data.count else { return nil }
            let payload = data[(position + 4)..<(position + 2 + length)]
            if marker == 0xE1, payload.starts(with: Array("Exif\0\0".utf8)) {
                return payload.dropFirst(6)
            }
            position += 2 + length
        }
        return nil
    }

    private static let ifd0Tags: [UInt16: String] = [
        0x010F: "Make", 0x0110: "Model", 0x0131: "Software", 0x0132: "DateTime", 0x0112: "Orientation",
        0x013B: "Artist", 0x8298: "Copyright",
    ]
    private static let exifTags: [UInt16: String] = [
        0x9003: "DateTimeOriginal", 0x9004: "DateTimeDigitized", 0xA002: "PixelXDimension",
        0xA003: "PixelYDimension", 0xA434: "LensModel", 0x8827: "ISO",
    ]

    private static func parseTIFF(_ tiff: ArraySlice<UInt8>) -> [String: String] {
        let bytes = Array(tiff)
        guard bytes.count >= 8 else { return [:] }
        let little: Bool
        switch (bytes[0], bytes[1]) {
        case (0x49, 0x49): little = true
        case (0x4D, 0x4D): little = false
        default: return [:]
        }
        func u16(_ offset: Int) -> Int? {
            guard offset >= 0, offset + 2 <= bytes.count else { return nil }
            return little
                ? Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 : Int(bytes[offset]) << 8 | Int(bytes[offset + 1])
        }
        func u32(_ offset: Int) -> Int? {
            guard let low = u16(little ? offset : offset + 2), let high = u16(little ? offset + 2 : offset) else {
                return nil
            }
            return high << 16 | low
        }
        var fields: [String: String] = [:]
        var visited: Set<Int> = []
        func readIFD(_ offset: Int, _ names: [UInt16: String]) -> (exif: Int?, gps: Int?) {
            guard visited.insert(offset).inserted, let count = u16(offset), count <= 500 else { return (nil, nil) }
            var exif: Int?
            var gps: Int?
            for index in 0..<count {
                let entry = offset + 2 + index * 12
                guard let tag = u16(entry).map(UInt16.init), let type = u16(entry + 2), let items = u32(entry + 4)
                else { break }
                if tag == 0x8769 { exif = u32(entry + 8) }
                if tag == 0x8825 { gps = u32(entry + 8) }
                guard let name = names[tag] else { continue }
                switch type {
                case 2:  // ASCII
                    guard items > 0, items <= 256 else { continue }
                    let start = items <= 4 ? entry + 8 : (u32(entry + 8) ?? -1)
                    guard start >= 0, start + items <= bytes.count else { continue }
                    let text = String(decoding: bytes[start..<(start + items)].prefix { $0 != 0 }, as: UTF8.self)
                        .trimmingCharacters(in: .whitespaces)
                    if !text.isEmpty { fields["EXIF:" + name] = text }
                case 3:  // SHORT
                    if let value = u16(entry + 8) { fields["EXIF:" + name] = String(value) }
                case 4:  // LONG
                    if let value = u32(entry + 8) { fields["EXIF:" + name] = String(value) }
                default:
                    continue
                }
            }
            return (exif, gps)
        }
        guard let first = u32(4) else { return [:] }
        let pointers = readIFD(first, ifd0Tags)
        if let exif = pointers.exif { _ = readIFD(exif, exifTags) }
        if let gps = pointers.gps, let count = u16(gps), count > 0 { fields["EXIF:GPS"] = "present" }
        return fields
    }
}
