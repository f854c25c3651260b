import MediForImaging

/// A tiny EXIF/XMP writer for the metadata tests: builds TIFF structures by hand (either byte order) and splices
/// APP1 segments into JPEG bytes produced by libjpeg.
enum ExifWriter {
    /// One IFD entry; `data` is the value's bytes in the block's byte order.
    struct Entry {
        var tag: UInt16
        var type: UInt16
        var count: UInt32
        var data: [UInt8]
    }

    static func ascii(_ tag: UInt16, _ text: String) -> Entry {
        let bytes = Array(text.utf8) + [0]
        return Entry(tag: tag, type: 2, count: UInt32(bytes.count), data: bytes)
    }

    static func long(_ tag: UInt16, _ value: UInt32, bigEndian: Bool) -> Entry {
        Entry(tag: tag, type: 4, count: 1, data: bytes(value, 4, bigEndian))
    }

    static func short(_ tag: UInt16, _ value: UInt16, bigEndian: Bool) -> Entry {
        Entry(tag: tag, type: 3, count: 1, data: bytes(UInt32(value), 2, bigEndian) + [0, 0])
    }

    static func bytes(_ value: UInt32, _ size: Int, _ bigEndian: Bool) -> [UInt8] {
        let little = (0..<size).map { UInt8((value >> (8 * UInt32($0))) & 0xFF) }
        return bigEndian ? little.reversed() : little
    }

    /// What a camera-like EXIF block holds.
    struct Fields {
        var make: String? = "Canon"
        var model: String? = "Canon EOS 5D Mark IV"
        var software: String? = nil
        var dateTime: String? = "2023:06:01 10:00:00"
        var dateTimeOriginal: String? = "2023:06:01 10:00:00"
        var pixelX: UInt32? = nil
        var pixelY: UInt32? = nil
        var thumbnail: [UInt8]? = nil
        var bigEndian = false
    }

    /// A TIFF block: IFD0 (Make, Model, Software, DateTime, Exif pointer), the Exif IFD (DateTimeOriginal,
    /// PixelX/YDimension) and IFD1 with the JPEG thumbnail.
    static func tiff(_ fields: Fields) -> [UInt8] {
        let be = fields.bigEndian
        var ifd0: [Entry] = []
        if let make = fields.make { ifd0.append(ascii(0x010F, make)) }
        if let model = fields.model { ifd0.append(ascii(0x0110, model)) }
        if let software = fields.software { ifd0.append(ascii(0x0131, software)) }
        if let dateTime = fields.dateTime { ifd0.append(ascii(0x0132, dateTime)) }
        ifd0.append(long(0x8769, 0, bigEndian: be))  // patched below
        var exif: [Entry] = []
        if let original = fields.dateTimeOriginal { exif.append(ascii(0x9003, original)) }
        if let x = fields.pixelX { exif.append(long(0xA002, x, bigEndian: be)) }
        if let y = fields.pixelY { exif.append(long(0xA003, y, bigEndian: be)) }
        var ifd1: [Entry] = []
        if let thumbnail = fields.thumbnail {
            ifd1 = [short(0x0103, 6, bigEndian: be), long(0x0201, 0, bigEndian: be),
                    long(0x0202, UInt32(thumbnail.count), bigEndian: be)]
        }
        let ifd0Start = 8
        let exifStart = ifd0Start + size(ifd0)
        let ifd1Start = exifStart + size(exif)
        let thumbStart = ifd1Start + size(ifd1)
        ifd0[ifd0.count - 1].data = bytes(UInt32(exifStart), 4, be)
        if !ifd1.isEmpty { ifd1[1].data = bytes(UInt32(thumbStart), 4, be) }
        var out: [UInt8] = be ? [0x4D, 0x4D, 0, 42] : [0x49, 0x49, 42, 0]
        out += bytes(UInt32(ifd0Start), 4, be)
        out += layout(ifd0, at: ifd0Start, next: ifd1.isEmpty ? 0 : UInt32(ifd1Start), be)
        out += layout(exif, at: exifStart, next: 0, be)
        if !ifd1.isEmpty { out += layout(ifd1, at: ifd1Start, next: 0, be) }
        out += fields.thumbnail ?? []
        return out
    }

    static func size(_ entries: [Entry]) -> Int {
        guard !entries.isEmpty else { return 0 }
        return 2 + 12 * entries.count + 4 + entries.reduce(0) { $0 + ($1.data.count > 4 ? ($1.data.count + 1) & ~1 : 0) }
    }

    /// An IFD at `start` with its long values right after it.
    static func layout(_ entries: [Entry], at start: Int, next: UInt32, _ be: Bool) -> [UInt8] {
        guard !entries.isEmpty else { return [] }
        var head = bytes(UInt32(entries.count), 2, be)
        var tail: [UInt8] = []
        let dataStart = start + 2 + 12 * entries.count + 4
        for entry in entries {
            head += bytes(UInt32(entry.tag), 2, be) + bytes(UInt32(entry.type), 2, be) + bytes(entry.count, 4, be)
            if entry.data.count <= 4 {
                head += entry.data + [UInt8](repeating: 0, count: 4 - entry.data.count)
            } else {
                head += bytes(UInt32(dataStart + tail.count), 4, be)
                tail += entry.data
                if tail.count % 2 == 1 { tail.append(0) }
            }
        }
        return head + bytes(next, 4, be) + tail
    }

    /// An APP marker segment with `payload` (length computed; payload cut to fit 65533 bytes).
    static func segment(_ marker: UInt8, _ payload: [UInt8]) -> [UInt8] {
        let body = Array(payload.prefix(65533))
        let length = body.count + 2
        return [0xFF, marker, UInt8(length >> 8), UInt8(length & 0xFF)] + body
    }

    static func exifSegment(_ tiff: [UInt8]) -> [UInt8] { segment(0xE1, [0x45, 0x78, 0x69, 0x66, 0, 0] + tiff) }

    static func xmpSegment(_ xml: String) -> [UInt8] {
        segment(0xE1, Array("http://ns.adobe.com/xap/1.0/".utf8) + [0] + Array(xml.utf8))
    }

    /// `jpeg` with its JFIF APP0 removed (cameras write EXIF instead) and `segments` inserted after SOI.
    static func insert(_ segments: [[UInt8]], into jpeg: [UInt8], keepJFIF: Bool = false) -> [UInt8] {
        var rest = Array(jpeg.dropFirst(2))
        if !keepJFIF, rest.count > 4, rest[0] == 0xFF, rest[1] == 0xE0 {
            let length = Int(rest[2]) << 8 | Int(rest[3])
            rest = Array(rest.dropFirst(2 + length))
        }
        return [0xFF, 0xD8] + segments.flatMap { $0 } + rest
    }
}
