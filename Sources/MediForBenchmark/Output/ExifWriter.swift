/// Writes a minimal EXIF APP1 segment (big-endian TIFF): IFD0 with Make, Model, optional Software, DateTime and
/// the Exif IFD pointer; the Exif IFD with DateTimeOriginal and PixelX/YDimension; IFD1 with a JPEG thumbnail.
/// It is inserted right after the JPEG's SOI marker, replacing libjpeg's JFIF APP0, as cameras do.
package enum ExifWriter {
    /// One IFD entry: tag, TIFF type (2 ASCII, 3 SHORT, 4 LONG), count and big-endian value bytes.
    private struct Entry {
        var tag: UInt16
        var type: UInt16
        var count: UInt32
        var value: [UInt8]

        static func ascii(_ tag: UInt16, _ text: String) -> Entry {
            let bytes = Array(text.utf8.filter { $0 >= 0x20 && $0 < 0x7F }) + [0]
            return Entry(tag: tag, type: 2, count: UInt32(bytes.count), value: bytes)
        }

        static func short(_ tag: UInt16, _ value: UInt16) -> Entry {
            Entry(tag: tag, type: 3, count: 1, value: bigEndian(UInt32(value) << 16))
        }

        static func long(_ tag: UInt16, _ value: UInt32) -> Entry {
            Entry(tag: tag, type: 4, count: 1, value: bigEndian(value))
        }
    }

    /// The TIFF body of the EXIF block ("MM", 42, IFD0 at 8, ...).
    /// - Parameters:
    ///   - metadata: The fields to write.
    ///   - width: The image's width, written unless `metadata.claimedSize` says otherwise; likewise `height`.
    ///   - thumbnail: A JPEG thumbnail for IFD1, or `nil` for none.
    package static func tiff(_ metadata: CameraMetadata, width: Int, height: Int, thumbnail: [UInt8]?) -> [UInt8] {
        var ifd0: [Entry] = [.ascii(0x010F, metadata.make), .ascii(0x0110, metadata.model)]
        if let software = metadata.software { ifd0.append(.ascii(0x0131, software)) }
        ifd0.append(.ascii(0x0132, metadata.dateTime))
        ifd0.append(.long(0x8769, 0))  // Exif IFD pointer, filled below
        let claimed = metadata.claimedSize ?? (width, height)
        let exif: [Entry] = [
            .ascii(0x9003, metadata.dateTimeOriginal), .long(0xA002, UInt32(clamping: claimed.width)),
            .long(0xA003, UInt32(clamping: claimed.height)),
        ]
        var ifd1: [Entry] = []
        if let thumbnail {
            ifd1 = [.short(0x0103, 6), .long(0x0201, 0), .long(0x0202, UInt32(thumbnail.count))]
        }
        let ifd0Offset = 8
        let exifOffset = ifd0Offset + size(of: ifd0)
        let ifd1Offset = exifOffset + size(of: exif)
        let thumbnailOffset = ifd1Offset + size(of: ifd1)
        ifd0[ifd0.count - 1] = .long(0x8769, UInt32(exifOffset))
        if !ifd1.isEmpty { ifd1[1] = .long(0x0201, UInt32(thumbnailOffset)) }

        var bytes: [UInt8] = [0x4D, 0x4D, 0x00, 0x2A] + bigEndian(UInt32(ifd0Offset))
        bytes += serialize(ifd0, at: ifd0Offset, next: ifd1.isEmpty ? 0 : ifd1Offset)
        bytes += serialize(exif, at: exifOffset, next: 0)
        if let thumbnail {
            bytes += serialize(ifd1, at: ifd1Offset, next: 0)
            bytes += thumbnail
        }
        return bytes
    }

    /// `jpeg` with an EXIF APP1 segment after SOI (and its JFIF APP0, if first, removed). Returns `jpeg` unchanged
    /// when it is not a JPEG or the segment would exceed 64 KB.
    package static func inserting(tiff: [UInt8], into jpeg: [UInt8]) -> [UInt8] {
        let payload = Array("Exif".utf8) + [0, 0] + tiff
        guard jpeg.count >= 4, jpeg[0] == 0xFF, jpeg[1] == 0xD8, payload.count + 2 <= 0xFFFF else { return jpeg }
        var rest = 2
        if jpeg[2] == 0xFF, jpeg[3] == 0xE0, jpeg.count >= 6 {
            let length = Int(jpeg[4]) << 8 | Int(jpeg[5])
            if 2 + 2 + length <= jpeg.count { rest = 2 + 2 + length }
        }
        let length = payload.count + 2
        var output: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)]
        output.reserveCapacity(jpeg.count + payload.count + 8)
        output += payload
        output += jpeg[rest...]
        return output
    }

    /// Bytes an IFD takes: count, entries, next pointer, then values longer than 4 bytes (each padded to even).
    private static func size(of entries: [Entry]) -> Int {
        guard !entries.isEmpty else { return 0 }
        let data = entries.reduce(0) { $0 + ($1.value.count > 4 ? ($1.value.count + 1) / 2 * 2 : 0) }
        return 2 + 12 * entries.count + 4 + data
    }

    private static func serialize(_ entries: [Entry], at offset: Int, next: Int) -> [UInt8] {
        let sorted = entries.sorted { $0.tag < $1.tag }
        var header: [UInt8] = [UInt8(sorted.count >> 8), UInt8(sorted.count & 0xFF)]
        var data: [UInt8] = []
        let dataStart = offset + 2 + 12 * sorted.count + 4
        for entry in sorted {
            header += [UInt8(entry.tag >> 8), UInt8(entry.tag & 0xFF), UInt8(entry.type >> 8), UInt8(entry.type & 0xFF)]
            header += bigEndian(entry.count)
            if entry.value.count <= 4 {
                header += entry.value + [UInt8](repeating: 0, count: 4 - entry.value.count)
            } else {
                header += bigEndian(UInt32(dataStart + data.count))
                data += entry.value
                if data.count % 2 == 1 { data.append(0) }
            }
        }
        header += bigEndian(UInt32(next))
        return header + data
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }
}
