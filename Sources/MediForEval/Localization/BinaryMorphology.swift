/// Binary dilation and erosion of a 0/1 plane with OpenCV's border rule: pixels outside the image never count,
/// so a region touching the border is neither grown from nor eroded by the outside.
enum BinaryMorphology {
    /// 1 where some pixel of `plane` under the element (centred on the pixel) is 1.
    static func dilate(_ plane: [UInt8], width: Int, height: Int, element: StructuringElement) -> [UInt8] {
        guard width > 0, height > 0 else { return plane }
        if element.isFullSquare {
            return dilateSquare(plane, width: width, height: height, radius: element.radius)
        }
        return dilateRuns(plane, width: width, height: height, element: element)
    }

    /// 1 where every in-image pixel of `plane` under the element is 1: the complement of dilating the complement.
    static func erode(_ plane: [UInt8], width: Int, height: Int, element: StructuringElement) -> [UInt8] {
        let complement = plane.map { 1 - $0 }
        return dilate(complement, width: width, height: height, element: element).map { 1 - $0 }
    }

    /// Separable square: a horizontal then a vertical sliding count, O(pixels) whatever the radius.
    private static func dilateSquare(_ plane: [UInt8], width: Int, height: Int, radius: Int) -> [UInt8] {
        var horizontal = [UInt8](repeating: 0, count: plane.count)
        var output = [UInt8](repeating: 0, count: plane.count)
        plane.withUnsafeBufferPointer { source in
            horizontal.withUnsafeMutableBufferPointer { rows in
                for y in 0..<height {
                    let base = y * width
                    var count = 0
                    for x in 0..<min(radius, width) { count += Int(source[base + x]) }
                    for x in 0..<width {
                        if x + radius < width { count += Int(source[base + x + radius]) }
                        if x - radius - 1 >= 0 { count -= Int(source[base + x - radius - 1]) }
                        rows[base + x] = count > 0 ? 1 : 0
                    }
                }
            }
        }
        horizontal.withUnsafeBufferPointer { rows in
            output.withUnsafeMutableBufferPointer { out in
                var counts = [Int](repeating: 0, count: width)
                for y in 0..<min(radius, height) {
                    for x in 0..<width { counts[x] += Int(rows[y * width + x]) }
                }
                for y in 0..<height {
                    if y + radius < height {
                        let base = (y + radius) * width
                        for x in 0..<width { counts[x] += Int(rows[base + x]) }
                    }
                    if y - radius - 1 >= 0 {
                        let base = (y - radius - 1) * width
                        for x in 0..<width { counts[x] -= Int(rows[base + x]) }
                    }
                    let base = y * width
                    for x in 0..<width { out[base + x] = counts[x] > 0 ? 1 : 0 }
                }
            }
        }
        return output
    }

    /// Any other element: per-row prefix sums, then for each row offset and run a window test per pixel,
    /// O(pixels × runs).
    private static func dilateRuns(_ plane: [UInt8], width: Int, height: Int, element: StructuringElement) -> [UInt8] {
        let stride = width + 1
        var prefix = [Int32](repeating: 0, count: height * stride)
        plane.withUnsafeBufferPointer { source in
            prefix.withUnsafeMutableBufferPointer { sums in
                for y in 0..<height {
                    var running: Int32 = 0
                    for x in 0..<width {
                        running += Int32(source[y * width + x])
                        sums[y * stride + x + 1] = running
                    }
                }
            }
        }
        var output = [UInt8](repeating: 0, count: plane.count)
        prefix.withUnsafeBufferPointer { sums in
            output.withUnsafeMutableBufferPointer { out in
                for y in 0..<height {
                    for (dy, runs) in element.rows {
                        let sourceRow = y + dy
                        guard sourceRow >= 0, sourceRow < height else { continue }
                        let rowBase = sourceRow * stride
                        for run in runs {
                            for x in 0..<width where out[y * width + x] == 0 {
                                let low = max(x + run.lowerBound, 0)
                                let high = min(x + run.upperBound, width - 1)
                                if low <= high, sums[rowBase + high + 1] - sums[rowBase + low] > 0 {
                                    out[y * width + x] = 1
                                }
                            }
                        }
                    }
                }
            }
        }
        return output
    }
}
