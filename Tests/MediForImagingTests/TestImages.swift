import MediForImaging

/// Deterministic inputs and byte surgery for the imaging tests.
enum TestImages {
    /// A smooth colour test card: horizontal red ramp, vertical green ramp, a radial blue bowl. Compresses well, so
    /// JPEG round-trip errors stay small and stable.
    static func colorCard(width: Int, height: Int) throws -> PixelImage {
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let i = (y * width + x) * 3
                let dx = Double(x) - Double(width) / 2
                let dy = Double(y) - Double(height) / 2
                pixels[i] = UInt8(x * 255 / max(width - 1, 1))
                pixels[i + 1] = UInt8(y * 255 / max(height - 1, 1))
                pixels[i + 2] = UInt8(min(255, 255 * (dx * dx + dy * dy) / Double(width * height / 2 + 1)))
            }
        }
        return try PixelImage(width: width, height: height, channels: 3, pixels: pixels)
    }

    /// A smooth grey test card: diagonal ramp.
    static func grayCard(width: Int, height: Int) throws -> PixelImage {
        var pixels = [UInt8](repeating: 0, count: width * height)
        for y in 0..<height {
            for x in 0..<width { pixels[y * width + x] = UInt8((x + y) * 255 / max(width + height - 2, 1)) }
        }
        return try PixelImage(width: width, height: height, channels: 1, pixels: pixels)
    }

    /// Mean absolute difference of two equally shaped images.
    static func meanAbsoluteError(_ a: PixelImage, _ b: PixelImage) -> Double {
        precondition(a.pixels.count == b.pixels.count, "test images differ in shape")
        var sum = 0
        for i in a.pixels.indices { sum += abs(Int(a.pixels[i]) - Int(b.pixels[i])) }
        return Double(sum) / Double(a.pixels.count)
    }

    /// Bytes from a seeded generator (SplitMix64), the same on every run.
    static func randomBytes(count: Int, seed: UInt64) -> [UInt8] {
        var generator = SplitMix64(state: seed)
        return (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
    }

    /// Rewrites the dimensions in a JPEG's start-of-frame segment (SOF0...SOF15).
    static func patchingJPEGDimensions(_ jpeg: [UInt8], width: UInt16, height: UInt16) -> [UInt8] {
        var bytes = jpeg
        guard
            let frame = segmentOffset(
                in: jpeg, where: { (0xC0...0xCF).contains($0) && ![0xC4, 0xC8, 0xCC].contains($0) })
        else { preconditionFailure("no SOF segment") }
        bytes[frame + 5] = UInt8(height >> 8)
        bytes[frame + 6] = UInt8(height & 0xFF)
        bytes[frame + 7] = UInt8(width >> 8)
        bytes[frame + 8] = UInt8(width & 0xFF)
        return bytes
    }

    /// The entropy-coded data after the first start-of-scan segment, up to the end-of-image marker.
    static func entropyRange(in jpeg: [UInt8]) -> Range<Int> {
        guard let scan = segmentOffset(in: jpeg, where: { $0 == 0xDA }) else { preconditionFailure("no SOS") }
        let length = Int(jpeg[scan + 2]) << 8 | Int(jpeg[scan + 3])
        return (scan + 2 + length)..<(jpeg.count - 2)
    }

    /// Offset of the first marker segment (its 0xFF byte) whose marker code satisfies `matches`.
    private static func segmentOffset(in jpeg: [UInt8], where matches: (UInt8) -> Bool) -> Int? {
        var offset = 2
        while offset + 4 <= jpeg.count, jpeg[offset] == 0xFF {
            let marker = jpeg[offset + 1]
            if matches(marker) { return offset }
            offset += 2 + (Int(jpeg[offset + 2]) << 8 | Int(jpeg[offset + 3]))
        }
        return nil
    }

    /// Rewrites the dimensions in a PNG's IHDR chunk and fixes its CRC, so that only the size is wrong.
    static func patchingPNGDimensions(_ png: [UInt8], width: UInt32, height: UInt32) -> [UInt8] {
        var bytes = png
        for (index, value) in [width, height].enumerated() {
            for k in 0..<4 { bytes[16 + 4 * index + k] = UInt8(truncatingIfNeeded: value >> (24 - 8 * k)) }
        }
        let crc = crc32(bytes[12..<29])
        for k in 0..<4 { bytes[29 + k] = UInt8(truncatingIfNeeded: crc >> (24 - 8 * k)) }
        return bytes
    }

    /// The CRC-32 PNG chunks carry (ISO 3309, reflected, polynomial 0xEDB88320).
    static func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}

/// SplitMix64: a tiny, well-mixed, seedable generator.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
