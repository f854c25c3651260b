import Foundation
import MediForImaging

/// Building blocks for the double-JPEG analytics (JPEG ghosts, aligned and non-aligned double quantization): the
/// luminance coefficients as a validated block grid, low-frequency DCTs of the decoded image on any grid,
/// block-map filtering and connected regions, a linear-time median, the normal distribution function, and block
/// maps turned into masks. Everything works on contiguous buffers and allocates nothing per pixel or per block.
enum DoubleJPEGMath {
    /// Natural (row-major) coefficient index of each zig-zag rank: `zigzag[0]` is DC, `zigzag[1]` is (u 1, v 0).
    static let zigzag: [Int] = [
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14,
        21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53,
        60, 61, 54, 47, 55, 62, 63,
    ]

    /// The luminance plane's quantized coefficients, restricted to the blocks lying wholly inside the image.
    struct Luma {
        /// Full blocks per row and block rows used (`columns * 8 <= width`).
        let columns: Int
        let rows: Int
        /// Blocks per stored row (the file's component width in blocks, at least `columns`).
        let stride: Int
        /// The 64 quantization steps, natural order, each at least 1.
        let table: [Int]
        /// `stride * storedRows * 64` quantized values, 64 per block in natural order.
        let coefficients: [Int16]

        /// Offset of block (`column`, `row`) in ``coefficients``.
        @inline(__always) func offset(column: Int, row: Int) -> Int { (row * stride + column) * 64 }
    }

    /// The luminance component of a grey or YCbCr JPEG, validated so that every index used later is in range;
    /// nil when the file stores colour some other way (RGB or CMYK JPEGs have no luminance plane).
    ///
    /// - Throws: ``AnalysisError/unreadable(_:)`` when the component's sizes or table are inconsistent.
    static func luma(_ jpeg: JPEGCoefficients) throws(AnalysisError) -> Luma? {
        guard jpeg.colorModel == .yCbCr || jpeg.colorModel == .gray, let y = jpeg.components.first else { return nil }
        guard y.quantizationTable.count == 64, y.blocksWide >= 0, y.blocksHigh >= 0 else {
            throw .unreadable("malformed luminance component")
        }
        let (blocks, overflow) = y.blocksWide.multipliedReportingOverflow(by: y.blocksHigh)
        guard !overflow, blocks <= Int.max / 64, y.coefficients.count == blocks * 64 else {
            throw .unreadable("luminance coefficients do not match the component size")
        }
        let table = y.quantizationTable.map { Int($0) }
        guard table.allSatisfy({ $0 >= 1 }) else { throw .unreadable("quantization table has a zero step") }
        return Luma(
            columns: min(jpeg.width / 8, y.blocksWide), rows: min(jpeg.height / 8, y.blocksHigh), stride: y.blocksWide,
            table: table, coefficients: y.coefficients)
    }

    /// The orthonormal 8-point DCT-II, `basis[u * 8 + x]`: along rows and columns it is JPEG's forward DCT.
    static let basis: [Float] = (0..<64).map { index in
        let u = index / 8
        let x = index % 8
        let norm = u == 0 ? (1.0 / 8).squareRoot() : (2.0 / 8).squareRoot()
        return Float(norm * cos(Double((2 * x + 1) * u) * Double.pi / 16))
    }

    /// The unquantized DCT coefficients (level-shifted by 128, as JPEG computes them) of the 8×8 blocks of `plane`
    /// on the grid starting at (`offsetX`, `offsetY`), taking every `step`-th block in each direction, for the
    /// natural-order `frequencies`. Returns `frequencies.count` values per block, blocks row-major.
    static func blockCoefficients(
        _ plane: GrayImage, offsetX: Int, offsetY: Int, frequencies: [Int], step: Int = 1
    ) -> (values: [Float], columns: Int, rows: Int) {
        let stride = max(step, 1)
        let span = 8 * stride
        guard offsetX >= 0, offsetY >= 0, plane.width - offsetX >= 8, plane.height - offsetY >= 8,
              frequencies.allSatisfy({ (0..<64).contains($0) })
        else { return ([], 0, 0) }
        let columns = (plane.width - offsetX - 8) / span + 1
        let rows = (plane.height - offsetY - 8) / span + 1
        let horizontal = (frequencies.map { $0 % 8 }.max() ?? 0) + 1
        let count = frequencies.count
        var values = [Float](repeating: 0, count: columns * rows * count)
        var partial = [Float](repeating: 0, count: horizontal * 8)
        plane.pixels.withUnsafeBufferPointer { source in
            basis.withUnsafeBufferPointer { basis in
                values.withUnsafeMutableBufferPointer { target in
                    partial.withUnsafeMutableBufferPointer { partial in
                        for row in 0..<rows {
                            for column in 0..<columns {
                                let left = offsetX + column * span
                                let top = offsetY + row * span
                                for y in 0..<8 {
                                    let base = (top + y) * plane.width + left
                                    for u in 0..<horizontal {
                                        var sum: Float = 0
                                        for x in 0..<8 { sum += basis[u * 8 + x] * (source[base + x] - 128) }
                                        partial[u * 8 + y] = sum
                                    }
                                }
                                let out = (row * columns + column) * count
                                for (slot, frequency) in frequencies.enumerated() {
                                    let u = frequency % 8
                                    let v = frequency / 8
                                    var sum: Float = 0
                                    for y in 0..<8 { sum += basis[v * 8 + y] * partial[u * 8 + y] }
                                    target[out + slot] = sum
                                }
                            }
                        }
                    }
                }
            }
        }
        return (values, columns, rows)
    }

    /// Sums over the (2r+1)×(2r+1) neighbourhood of every cell of a `columns`×`rows` map (edges truncated).
    static func boxSum(_ values: [Float], columns: Int, rows: Int, radius: Int) -> [Float] {
        guard radius > 0, columns > 0, rows > 0, values.count == columns * rows else { return values }
        var horizontal = [Float](repeating: 0, count: values.count)
        var output = [Float](repeating: 0, count: values.count)
        values.withUnsafeBufferPointer { source in
            horizontal.withUnsafeMutableBufferPointer { target in
                for row in 0..<rows {
                    let base = row * columns
                    var sum: Float = 0
                    for c in 0..<min(radius, columns) { sum += source[base + c] }
                    for column in 0..<columns {
                        if column + radius < columns { sum += source[base + column + radius] }
                        if column - radius - 1 >= 0 { sum -= source[base + column - radius - 1] }
                        target[base + column] = sum
                    }
                }
            }
        }
        horizontal.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                for row in 0..<rows {
                    let base = row * columns
                    for r in max(row - radius, 0)...min(row + radius, rows - 1) {
                        let other = r * columns
                        for column in 0..<columns { target[base + column] += source[other + column] }
                    }
                }
            }
        }
        return output
    }

    /// 4-connected regions of the set cells: a label per cell (-1 where unset) and each region's cell count.
    static func regions(_ flags: [Bool], columns: Int, rows: Int) -> (labels: [Int32], sizes: [Int]) {
        var labels = [Int32](repeating: -1, count: flags.count)
        var sizes: [Int] = []
        guard columns > 0, rows > 0, flags.count == columns * rows else { return (labels, sizes) }
        var stack: [Int] = []
        for start in flags.indices where flags[start] && labels[start] < 0 {
            let label = Int32(sizes.count)
            var size = 0
            labels[start] = label
            stack.append(start)
            while let cell = stack.popLast() {
                size += 1
                let column = cell % columns
                for side in 0..<4 {
                    let next: Int
                    switch side {
                    case 0: next = column > 0 ? cell - 1 : -1
                    case 1: next = column + 1 < columns ? cell + 1 : -1
                    case 2: next = cell - columns
                    default: next = cell + columns < flags.count ? cell + columns : -1
                    }
                    if next >= 0, flags[next], labels[next] < 0 {
                        labels[next] = label
                        stack.append(next)
                    }
                }
            }
            sizes.append(size)
        }
        return (labels, sizes)
    }

    /// The median of `values` in linear expected time (quickselect on the caller's scratch copy; 0 when empty).
    static func median(_ values: inout [Float]) -> Float {
        guard !values.isEmpty else { return 0 }
        let count = values.count
        return values.withUnsafeMutableBufferPointer { NoiseMath.select($0, count: count, k: (count - 1) / 2) }
    }

    /// The standard normal distribution function.
    @inline(__always) static func normalCDF(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

    /// The standard normal distribution function from a table (steps of 1/128 over ±8, linear interpolation;
    /// error below 1e-5), for inner loops.
    @inline(__always) static func tabulatedNormalCDF(_ x: Double) -> Double {
        let position = (x + 8) * 128
        if position <= 0 { return 0 }
        if position >= Double(normalTable.count - 1) { return 1 }
        let index = Int(position)
        let fraction = position - Double(index)
        return normalTable[index] + fraction * (normalTable[index + 1] - normalTable[index])
    }

    private static let normalTable: [Double] = (0...(16 * 128)).map { normalCDF(Double($0) / 128 - 8) }

    /// Per 8×8 block of the grid starting at (`offsetX`, `offsetY`): whether at least `minimum` of its pixels are
    /// clipped (a channel at 0…1 or 254…255). Clipping in a decode between two compressions moves DCT coefficients
    /// off the lattice of the first quantizer, so such blocks carry no evidence either way.
    static func clippedBlocks(_ image: PixelImage, columns: Int, rows: Int, offsetX: Int = 0, offsetY: Int = 0,
                              minimum: Int = 4) -> [Bool]
    {
        var counts = [Int32](repeating: 0, count: columns * rows)
        let channels = image.channels
        guard columns > 0, rows > 0, offsetX >= 0, offsetY >= 0, offsetX + columns * 8 <= image.width,
              offsetY + rows * 8 <= image.height
        else { return [Bool](repeating: false, count: max(columns * rows, 0)) }
        image.pixels.withUnsafeBufferPointer { source in
            for y in 0..<(rows * 8) {
                let base = ((offsetY + y) * image.width + offsetX) * channels
                let blockRow = (y >> 3) * columns
                for x in 0..<(columns * 8) {
                    var clipped = false
                    for c in 0..<channels {
                        let value = source[base + x * channels + c]
                        if value <= 1 || value >= 254 { clipped = true }
                    }
                    if clipped { counts[blockRow + (x >> 3)] += 1 }
                }
            }
        }
        return counts.map { Int($0) >= minimum }
    }

    /// A mask from a per-block suspicion map on the 8×8 grid starting at (`offsetX`, `offsetY`): `low` maps to
    /// 255 (untouched), `high` to 0; pixels outside the grid stay 255.
    static func blockMask(
        _ values: [Float], columns: Int, rows: Int, offsetX: Int = 0, offsetY: Int = 0, width: Int, height: Int,
        low: Float, high: Float
    ) throws(AnalysisError) -> AnalysisMask {
        guard values.count == columns * rows, offsetX >= 0, offsetY >= 0, width > 0, height > 0 else {
            throw .internalError("block map of \(values.count) values for \(columns)x\(rows)")
        }
        let span = max(high - low, 1e-6)
        let shades = values.map { value -> UInt8 in
            let t = min(max((value - low) / span, 0), 1)
            return t.isNaN ? 255 : UInt8((1 - t) * 255 + 0.5)
        }
        var pixels = [UInt8](repeating: 255, count: width * height)
        let usedRows = min(rows, max((height - offsetY) / 8, 0))
        let usedColumns = min(columns, max((width - offsetX) / 8, 0))
        pixels.withUnsafeMutableBufferPointer { target in
            for row in 0..<usedRows {
                for y in 0..<8 {
                    let base = (offsetY + row * 8 + y) * width + offsetX
                    for column in 0..<usedColumns {
                        let shade = shades[row * columns + column]
                        let start = base + column * 8
                        for x in 0..<8 { target[start + x] = shade }
                    }
                }
            }
        }
        return try AnalysisMask(width: width, height: height, pixels: pixels)
    }
}
