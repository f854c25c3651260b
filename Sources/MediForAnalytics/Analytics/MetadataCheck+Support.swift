import Foundation

/// The metadata of one image file, read without trusting a single length or offset in it: every read is
/// bounds-checked, IFD chains are followed at most once per offset and at most ``MetadataReader/maxIFDs`` deep.
struct ImageMetadata: Sendable {
    /// EXIF fields (IFD0, Exif IFD, IFD1), when an EXIF block was found.
    var exif: ExifFields?
    /// The XMP packet's text, when present (first packet only).
    var xmp: String?
    /// Text of COM segments (JPEG) or tEXt/iTXt chunks (PNG), keyword and value joined.
    var comments: [String] = []
    /// An APP13 "Photoshop 3.0" resource block was present.
    var hasPhotoshopResources = false
    /// Quantization tables by table id (natural order), JPEG only.
    var quantizationTables: [Int: [UInt16]] = [:]
    /// Which table each frame component uses, in component order (JPEG only).
    var componentTables: [Int] = []
    /// Frame size from the SOF (JPEG) or IHDR (PNG) header.
    var frameWidth = 0
    var frameHeight = 0
    /// Problems met while reading (damaged EXIF and the like); reading goes on past them.
    var problems: [String] = []

    /// Whether the file carries any descriptive metadata at all.
    var isEmpty: Bool { exif == nil && xmp == nil && comments.isEmpty && !hasPhotoshopResources }
}

/// The EXIF fields the metadata check uses.
struct ExifFields: Sendable {
    var make: String?
    var model: String?
    var software: String?
    var dateTime: String?
    var dateTimeOriginal: String?
    var pixelXDimension: Int?
    var pixelYDimension: Int?
    /// The IFD1 JPEG thumbnail's bytes.
    var thumbnail: [UInt8]?
    /// Whether the IFD1 claims a thumbnail whose bytes are not inside the block.
    var thumbnailOutOfBounds = false
    var bigEndian = false
}

enum MetadataReader {
    static let maxIFDs = 8
    static let maxEntries = 1000
    static let maxString = 256
    static let maxComments = 64
    static let maxXMP = 1 << 20

    /// Reads the metadata of a JPEG: APP1 EXIF and XMP, APP13, COM, DQT and SOF, up to the first scan.
    ///
    /// - Throws: ``AnalysisError/unreadable(_:)`` when the marker structure itself is broken (a segment running
    ///   past the end of the file, a missing marker); damage inside EXIF is recorded in `problems` instead.
    static func readJPEG(_ data: [UInt8]) throws(AnalysisError) -> ImageMetadata {
        var meta = ImageMetadata()
        guard data.count >= 4, data[0] == 0xFF, data[1] == 0xD8 else { throw .unreadable("not a JPEG") }
        var position = 2
        while position < data.count {
            guard data[position] == 0xFF else {
                throw .unreadable("JPEG marker expected at byte \(position)")
            }
            while position < data.count && data[position] == 0xFF { position += 1 }
            guard position < data.count else { break }
            let marker = data[position]
            position += 1
            if marker == 0xD9 || marker == 0xDA { break }  // end of image, or start of scan: no more headers
            if (0xD0...0xD7).contains(marker) || marker == 0x01 { continue }
            guard position + 2 <= data.count else { throw .unreadable("JPEG file ends inside a marker") }
            let length = Int(data[position]) << 8 | Int(data[position + 1])
            guard length >= 2, position + length <= data.count else {
                throw .unreadable(String(format: "JPEG segment FF%02X at byte %d runs past the end of the file",
                                         marker, position - 2))
            }
            let payload = data[(position + 2)..<(position + length)]
            switch marker {
            case 0xE1: readAPP1(payload, into: &meta)
            case 0xED:
                if payload.starts(with: Array("Photoshop 3.0".utf8)) { meta.hasPhotoshopResources = true }
            case 0xFE where meta.comments.count < maxComments:
                meta.comments.append(text(payload.prefix(maxString)))
            case 0xDB: readDQT(payload, into: &meta)
            case 0xC0...0xCF where marker != 0xC4 && marker != 0xC8 && marker != 0xCC:
                readSOF(payload, into: &meta)
            default: break
            }
            position += length
        }
        return meta
    }

    private static func readAPP1(_ payload: ArraySlice<UInt8>, into meta: inout ImageMetadata) {
        let exifHeader: [UInt8] = [0x45, 0x78, 0x69, 0x66, 0, 0]
        let xmpHeader = Array("http://ns.adobe.com/xap/1.0/".utf8) + [0]
        if payload.starts(with: exifHeader) {
            guard meta.exif == nil else { return }
            meta.exif = readTIFF(Array(payload.dropFirst(6)), problems: &meta.problems)
        } else if payload.starts(with: xmpHeader), meta.xmp == nil {
            meta.xmp = String(decoding: payload.dropFirst(xmpHeader.count), as: UTF8.self)
        }
    }

    private static let zigzag: [Int] = [
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14,
        21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53,
        60, 61, 54, 47, 55, 62, 63,
    ]

    private static func readDQT(_ payload: ArraySlice<UInt8>, into meta: inout ImageMetadata) {
        var index = payload.startIndex
        while index < payload.endIndex {
            let precision = Int(payload[index] >> 4)
            let id = Int(payload[index] & 0x0F)
            let size = precision == 0 ? 64 : 128
            guard precision <= 1, id <= 3, index + 1 + size <= payload.endIndex else {
                meta.problems.append("malformed quantization table segment")
                return
            }
            var table = [UInt16](repeating: 0, count: 64)
            for k in 0..<64 {
                let value = precision == 0
                    ? UInt16(payload[index + 1 + k])
                    : UInt16(payload[index + 1 + 2 * k]) << 8 | UInt16(payload[index + 2 + 2 * k])
                table[zigzag[k]] = value
            }
            meta.quantizationTables[id] = table
            index += 1 + size
        }
    }

    private static func readSOF(_ payload: ArraySlice<UInt8>, into meta: inout ImageMetadata) {
        let base = payload.startIndex
        guard payload.count >= 6 else { return }
        meta.frameHeight = Int(payload[base + 1]) << 8 | Int(payload[base + 2])
        meta.frameWidth = Int(payload[base + 3]) << 8 | Int(payload[base + 4])
        let count = Int(payload[base + 5])
        guard payload.count >= 6 + 3 * count else { return }
        meta.componentTables = (0..<count).map { Int(payload[base + 6 + 3 * $0 + 2] & 0x0F) }
    }

    /// Reads a PNG's text chunks (tEXt, uncompressed iTXt, XMP in iTXt) and eXIf, up to IDAT.
    static func readPNG(_ data: [UInt8]) throws(AnalysisError) -> ImageMetadata {
        var meta = ImageMetadata()
        guard data.count >= 8 else { throw .unreadable("not a PNG") }
        var position = 8
        var chunks = 0
        while position + 8 <= data.count, chunks < 10_000 {
            chunks += 1
            let length = Int(data[position]) << 24 | Int(data[position + 1]) << 16 | Int(data[position + 2]) << 8
                | Int(data[position + 3])
            let type = String(decoding: data[(position + 4)..<(position + 8)], as: UTF8.self)
            let start = position + 8
            guard length <= data.count - start else { throw .unreadable("PNG chunk \(type) runs past the end") }
            let body = data[start..<(start + length)]
            switch type {
            case "IHDR" where length >= 8:
                meta.frameWidth = Int(body[start]) << 24 | Int(body[start + 1]) << 16 | Int(body[start + 2]) << 8
                    | Int(body[start + 3])
                meta.frameHeight = Int(body[start + 4]) << 24 | Int(body[start + 5]) << 16
                    | Int(body[start + 6]) << 8 | Int(body[start + 7])
            case "tEXt" where meta.comments.count < maxComments:
                meta.comments.append(text(body.prefix(maxString)))
            case "iTXt":
                let keyword = body.prefix { $0 != 0 }
                if keyword.elementsEqual("XML:com.adobe.xmp".utf8) {
                    meta.xmp = String(decoding: body.dropFirst(keyword.count).prefix(maxXMP), as: UTF8.self)
                } else if meta.comments.count < maxComments {
                    meta.comments.append(text(body.prefix(maxString)))
                }
            case "eXIf":
                meta.exif = readTIFF(Array(body), problems: &meta.problems)
            case "IDAT", "IEND":
                return meta
            default: break
            }
            position = start + length + 4
        }
        return meta
    }

    /// Printable text from bytes: NULs become ": " separators, other control characters spaces.
    static func text<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        var result = ""
        for byte in bytes {
            switch byte {
            case 0: if !result.hasSuffix(": ") { result += ": " }
            case 0x20...0x7E: result.append(Character(Unicode.Scalar(byte)))
            default: result.append(" ")
            }
        }
        return result.trimmingCharacters(in: .whitespaces)
    }

    // MARK: TIFF / EXIF

    private struct TIFF {
        let bytes: [UInt8]
        let bigEndian: Bool

        func u16(_ offset: Int) -> Int? {
            guard offset >= 0, offset <= bytes.count - 2 else { return nil }
            let a = Int(bytes[offset]), b = Int(bytes[offset + 1])
            return bigEndian ? a << 8 | b : b << 8 | a
        }

        func u32(_ offset: Int) -> Int? {
            guard let first = u16(offset), let second = u16(offset + 2) else { return nil }
            return bigEndian ? first << 16 | second : second << 16 | first
        }
    }

    private struct Entry {
        let tag: Int
        let type: Int
        let count: Int
        /// Where the value's bytes start (inline or at the offset), already checked to fit.
        let valueOffset: Int?
    }

    private static let typeSizes: [Int: Int] = [1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8]

    /// Parses a TIFF structure (the body of an EXIF block): IFD0, the Exif IFD it points to, and IFD1.
    static func readTIFF(_ bytes: [UInt8], problems: inout [String]) -> ExifFields? {
        guard bytes.count >= 8 else {
            problems.append("EXIF block too short (\(bytes.count) bytes)")
            return nil
        }
        let bigEndian: Bool
        switch (bytes[0], bytes[1]) {
        case (0x4D, 0x4D): bigEndian = true
        case (0x49, 0x49): bigEndian = false
        default:
            problems.append("EXIF block has no TIFF byte order mark")
            return nil
        }
        let tiff = TIFF(bytes: bytes, bigEndian: bigEndian)
        guard tiff.u16(2) == 42, let first = tiff.u32(4) else {
            problems.append("EXIF block has no TIFF magic number")
            return nil
        }
        var fields = ExifFields()
        fields.bigEndian = bigEndian
        var visited = Set<Int>()
        var chain: [(offset: Int, kind: Int)] = [(first, 0)]  // kind: 0 = IFD0, 1 = IFD1, 2 = Exif IFD
        var thumbnailOffset: Int?
        var thumbnailLength: Int?
        while let (offset, kind) = chain.popLast() {
            guard visited.count < maxIFDs else {
                problems.append("too many IFDs in EXIF")
                break
            }
            guard visited.insert(offset).inserted else {
                problems.append("EXIF IFD loop at offset \(offset)")
                continue
            }
            guard let (entries, next) = readIFD(tiff, at: offset, problems: &problems) else { continue }
            if kind == 0, next != 0 { chain.append((next, 1)) }
            for entry in entries {
                switch (kind, entry.tag) {
                case (0, 0x010F): fields.make = string(tiff, entry)
                case (0, 0x0110): fields.model = string(tiff, entry)
                case (0, 0x0131): fields.software = string(tiff, entry)
                case (0, 0x0132): fields.dateTime = string(tiff, entry)
                case (0, 0x8769): if let pointer = integer(tiff, entry) { chain.append((pointer, 2)) }
                case (2, 0x9003): fields.dateTimeOriginal = string(tiff, entry)
                case (2, 0xA002): fields.pixelXDimension = integer(tiff, entry)
                case (2, 0xA003): fields.pixelYDimension = integer(tiff, entry)
                case (1, 0x0201): thumbnailOffset = integer(tiff, entry)
                case (1, 0x0202): thumbnailLength = integer(tiff, entry)
                default: break
                }
            }
        }
        if let thumbnailOffset, let thumbnailLength, thumbnailLength > 0 {
            if thumbnailOffset >= 0, thumbnailLength <= bytes.count, thumbnailOffset <= bytes.count - thumbnailLength {
                fields.thumbnail = Array(bytes[thumbnailOffset..<(thumbnailOffset + thumbnailLength)])
            } else {
                fields.thumbnailOutOfBounds = true
                problems.append("EXIF thumbnail lies outside the EXIF block")
            }
        }
        return fields
    }

    private static func readIFD(_ tiff: TIFF, at offset: Int, problems: inout [String])
        -> (entries: [Entry], next: Int)?
    {
        guard let declared = tiff.u16(offset) else {
            problems.append("EXIF IFD offset \(offset) is outside the block")
            return nil
        }
        let fitting = max((tiff.bytes.count - offset - 2) / 12, 0)
        let count = min(declared, fitting, maxEntries)
        if count < declared { problems.append("EXIF IFD at \(offset) claims \(declared) entries, \(count) fit") }
        var entries: [Entry] = []
        entries.reserveCapacity(count)
        for index in 0..<count {
            let base = offset + 2 + 12 * index
            guard let tag = tiff.u16(base), let type = tiff.u16(base + 2), let number = tiff.u32(base + 4) else {
                break
            }
            guard let size = typeSizes[type] else { continue }
            let total = size * number  // ≤ 8 × (2^32 − 1): no overflow on 64-bit Int
            var valueOffset: Int?
            if total <= 4 {
                valueOffset = base + 8
            } else if let pointer = tiff.u32(base + 8), total <= tiff.bytes.count, pointer <= tiff.bytes.count - total {
                valueOffset = pointer
            } else {
                problems.append(String(format: "EXIF tag 0x%04X points outside the block", tag))
            }
            entries.append(Entry(tag: tag, type: type, count: number, valueOffset: valueOffset))
        }
        let next = count == declared ? tiff.u32(offset + 2 + 12 * count) ?? 0 : 0
        return (entries, next)
    }

    private static func string(_ tiff: TIFF, _ entry: Entry) -> String? {
        guard entry.type == 2 || entry.type == 7 || entry.type == 1, let start = entry.valueOffset else { return nil }
        let end = start + min(entry.count, maxString)
        let value = text(tiff.bytes[start..<end].prefix { $0 != 0 })
        return value.isEmpty ? nil : value
    }

    private static func integer(_ tiff: TIFF, _ entry: Entry) -> Int? {
        guard entry.count >= 1, let start = entry.valueOffset else { return nil }
        switch entry.type {
        case 3: return tiff.u16(start)
        case 4, 9: return tiff.u32(start)
        default: return nil
        }
    }
}
