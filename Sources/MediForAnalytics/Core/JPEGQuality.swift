/// The IJG standard quantization tables and quality estimation from a JPEG's tables.
public enum JPEGQuality {
    /// Annex K luminance table, natural (row-major) order.
    public static let standardLuminance: [Int] = [
        16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
        14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
        49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
    ]

    /// Annex K chrominance table, natural order.
    public static let standardChrominance: [Int] = [
        17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99,
        47, 66, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
    ]

    /// The table libjpeg builds for `quality` (1…100) from a standard table.
    public static func scaled(_ base: [Int], quality: Int) -> [Int] {
        let q = min(max(quality, 1), 100)
        let factor = q < 50 ? 5000 / q : 200 - 2 * q
        return base.map { min(max(($0 * factor + 50) / 100, 1), 255) }
    }

    /// The IJG quality whose luminance table is closest to `table`, and how far off it is (mean absolute
    /// difference per entry; 0 means the file was written by libjpeg-style scaling at exactly that quality).
    public static func estimate(luminance table: [UInt16]) -> (quality: Int, error: Double) {
        guard table.count == 64 else { return (0, .infinity) }
        var best = (quality: 0, error: Double.infinity)
        for quality in 1...100 {
            let candidate = scaled(standardLuminance, quality: quality)
            var total = 0
            for index in 0..<64 { total += abs(candidate[index] - Int(table[index])) }
            let error = Double(total) / 64
            if error < best.error { best = (quality, error) }
        }
        return best
    }
}
