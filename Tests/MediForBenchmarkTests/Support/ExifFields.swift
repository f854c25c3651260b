import Foundation

/// A small, independent EXIF reader for checking what the generator writes: the APP1 `Exif` segment of a JPEG,
/// its IFD0, Exif IFD and IFD1 (either byte order). ASCII values as strings, SHORT and LONG as integers.
struct ExifFields {
    var values: [UInt16: String] = [:]
    var thumbnail: [UInt8]?

    var make: String? { values[0x010F] }
    var model: String? { values[0x0110] }
    var software: String? { values[0x0131] }
    var dateTime: String? { values[0x0132] }
    var dateTimeOriginal: String? { values[0x9003] }
    var pixelSize: (Int, Int)? {
        guard let x = values[0xA002].flatMap(Int.init), let y = values[0xA003].flatMap(Int.init) else { return nil }
        return (x, y)
    }

    /// The EXIF of `jpeg`, or nil when it has none.
    init?(jpeg: [UInt8]) {
        guard jpeg.count > 4, jpeg[0] == 0xFF, jpeg[1] == 0xD8 else { return nil }
        var position = 2
        var tiff: [UInt8]?
        while position + 4 <= jpeg.count, jpeg[position] == 0xFF {
            let marker = jpeg[position + 1]
            if marker == 0xDA || marker == 0xD9 { break }
            let length = Int(jpeg[position + 2]) << 8 | Int(jpeg[position + 3])
            guard length >= 2, position + 2 + length <= jpeg.count else { return nil }
            let payload = Array(jpeg[(position + 4)..<(position + 2 + length)])
            if marker == 0xE1, payload.starts(with: Array("Exif".utf8) + [0, 0]) {
                tiff = Array(payload.dropFirst(6))
                break
            }
            position += 2 + length
        }
        guard let tiff, tiff.count >= 8 else { return nil }
        let big = tiff[0] == 0x4D
        func u16(_ at: Int) -> Int {
            guard at >= 0, at + 2 <= tiff.count else { return 0 }
            return big ? Int(tiff[at]) << 8 | Int(tiff[at + 1]) : Int(tiff[at + 1]) << 8 | Int(tiff[at])
        }
        func u32(_ at: Int) -> Int { big ? u16(at) << 16 | u16(at + 2) : u16(at + 2) << 16 | u16(at) }
        var queue = [u32(4)]
        var visited = Set<Int>()
        var thumbnailOffset = 0, thumbnailLength = 0
        while let offset = queue.popLast(), visited.insert(offset).inserted, visited.count < 8 {
            let count = u16(offset)
            for index in 0..<count {
                let entry = offset + 2 + 12 * index
                let tag = UInt16(u16(entry)), type = u16(entry + 2), number = u32(entry + 4)
                switch type {
                case 2:
                    let start = number <= 4 ? entry + 8 : u32(entry + 8)
                    guard start >= 0, start + number <= tiff.count else { continue }
                    values[tag] = String(decoding: tiff[start..<(start + number)].prefix { $0 != 0 }, as: UTF8.self)
                case 3: values[tag] = "\(u16(entry + 8))"
                case 4: values[tag] = "\(u32(entry + 8))"
                default: continue
                }
            }
            let next = u32(offset + 2 + 12 * count)
            if next != 0 { queue.append(next) }
            if let pointer = values.removeValue(forKey: 0x8769).flatMap(Int.init) { queue.append(pointer) }
            if let start = values[0x0201].flatMap(Int.init), let length = values[0x0202].flatMap(Int.init) {
                thumbnailOffset = start
                thumbnailLength = length
            }
        }
        if thumbnailLength > 0, thumbnailOffset + thumbnailLength <= tiff.count {
            thumbnail = Array(tiff[thumbnailOffset..<(thumbnailOffset + thumbnailLength)])
        }
    }
}
