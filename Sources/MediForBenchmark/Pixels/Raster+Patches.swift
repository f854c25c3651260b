import Foundation

/// Patches: `width`×`height` RGB blocks computed from the raster around a box, and compositing them back through
/// a region's alpha matte. Reads outside the raster are clamped to its edge.
extension Raster {
    /// The pixels of the box at `(x, y)`.
    package func patch(x: Int, y: Int, width boxWidth: Int, height boxHeight: Int) -> [UInt8] {
        var patch = [UInt8](repeating: 0, count: boxWidth * boxHeight * 3)
        pixels.withUnsafeBufferPointer { source in
            patch.withUnsafeMutableBufferPointer { out in
                for row in 0..<boxHeight {
                    let sourceRow = min(max(y + row, 0), height - 1) * width
                    for column in 0..<boxWidth {
                        let from = (sourceRow + min(max(x + column, 0), width - 1)) * 3
                        let to = (row * boxWidth + column) * 3
                        out[to] = source[from]
                        out[to + 1] = source[from + 1]
                        out[to + 2] = source[from + 2]
                    }
                }
            }
        }
        return patch
    }

    /// The box blurred with a Gaussian of `sigma` pixels (the blur reads around the box, so its edge is seamless).
    package func blurredPatch(x: Int, y: Int, width boxWidth: Int, height boxHeight: Int, sigma: Double) -> [UInt8] {
        let kernel = GaussianKernel(sigma: sigma)
        let margin = kernel.radius
        let windowWidth = boxWidth + 2 * margin, windowHeight = boxHeight + 2 * margin
        let window = patch(x: x - margin, y: y - margin, width: windowWidth, height: windowHeight)
        var result = [UInt8](repeating: 0, count: boxWidth * boxHeight * 3)
        var plane = [Float](repeating: 0, count: windowWidth * windowHeight)
        for channel in 0..<3 {
            for index in 0..<(windowWidth * windowHeight) { plane[index] = Float(window[index * 3 + channel]) }
            kernel.blur(&plane, width: windowWidth, height: windowHeight)
            for row in 0..<boxHeight {
                for column in 0..<boxWidth {
                    let value = plane[(row + margin) * windowWidth + column + margin].rounded()
                    result[(row * boxWidth + column) * 3 + channel] = UInt8(min(max(value, 0), 255))
                }
            }
        }
        return result
    }

    /// The box median-filtered with a `size`×`size` window (3 or 5) in each channel.
    package func medianPatch(x: Int, y: Int, width boxWidth: Int, height boxHeight: Int, size: Int) -> [UInt8] {
        let radius = size / 2
        let windowWidth = boxWidth + 2 * radius, windowHeight = boxHeight + 2 * radius
        let window = patch(x: x - radius, y: y - radius, width: windowWidth, height: windowHeight)
        var result = [UInt8](repeating: 0, count: boxWidth * boxHeight * 3)
        var scratch = [UInt8](repeating: 0, count: size * size)
        let middle = size * size / 2
        window.withUnsafeBufferPointer { source in
            scratch.withUnsafeMutableBufferPointer { values in
                for row in 0..<boxHeight {
                    for column in 0..<boxWidth {
                        for channel in 0..<3 {
                            var count = 0
                            for dy in 0..<size {
                                let base = ((row + dy) * windowWidth + column) * 3 + channel
                                for dx in 0..<size {
                                    // Insertion into the sorted prefix: at most 25 values.
                                    let value = source[base + dx * 3]
                                    var slot = count
                                    while slot > 0 && values[slot - 1] > value {
                                        values[slot] = values[slot - 1]
                                        slot -= 1
                                    }
                                    values[slot] = value
                                    count += 1
                                }
                            }
                            result[(row * boxWidth + column) * 3 + channel] = values[middle]
                        }
                    }
                }
            }
        }
        return result
    }

    /// The box with zero-mean Gaussian noise of `sigma` grey levels added to every sample, independently.
    package func noisyPatch(
        x: Int, y: Int, width boxWidth: Int, height boxHeight: Int, sigma: Double, random: inout SeededRandom
    ) -> [UInt8] {
        var result = patch(x: x, y: y, width: boxWidth, height: boxHeight)
        for index in result.indices {
            let value = (Double(result[index]) + sigma * random.normal()).rounded()
            result[index] = UInt8(min(max(value, 0), 255))
        }
        return result
    }

    /// Blends `patch` (the region's box size) into the raster: `alpha · patch + (1 − alpha) · raster`, rounded.
    package mutating func composite(_ patch: [UInt8], through region: Region) {
        guard patch.count == region.width * region.height * 3 else { return }
        let width = self.width, height = self.height
        pixels.withUnsafeMutableBufferPointer { target in
            for row in 0..<region.height {
                let imageRow = region.y + row
                guard imageRow >= 0, imageRow < height else { continue }
                for column in 0..<region.width {
                    let weight = region.alpha[row * region.width + column]
                    guard weight > 0 else { continue }
                    let imageColumn = region.x + column
                    guard imageColumn >= 0, imageColumn < width else { continue }
                    let to = (imageRow * width + imageColumn) * 3
                    let from = (row * region.width + column) * 3
                    if weight >= 1 {
                        target[to] = patch[from]
                        target[to + 1] = patch[from + 1]
                        target[to + 2] = patch[from + 2]
                    } else {
                        for c in 0..<3 {
                            let value = weight * Float(patch[from + c]) + (1 - weight) * Float(target[to + c])
                            target[to + c] = UInt8(min(max(value.rounded(), 0), 255))
                        }
                    }
                }
            }
        }
    }
}
