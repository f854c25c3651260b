import Foundation

/// A normalised 1-D Gaussian kernel of radius ⌈3σ⌉, applied separably (rows, then columns) with edges clamped.
package struct GaussianKernel: Sendable {
    /// The weights, `2 * radius + 1` of them, summing to 1.
    package let weights: [Float]
    /// Half the kernel's length.
    package let radius: Int

    /// A kernel for `sigma` pixels (at least 0.1).
    package init(sigma: Double) {
        let sigma = max(sigma, 0.1)
        let radius = max(Int((3 * sigma).rounded(.up)), 1)
        var weights = (-radius...radius).map { Float(exp(-Double($0 * $0) / (2 * sigma * sigma))) }
        let total = weights.reduce(0, +)
        for index in weights.indices { weights[index] /= total }
        self.weights = weights
        self.radius = radius
    }

    /// Blurs a `width`×`height` plane in place.
    package func blur(_ plane: inout [Float], width: Int, height: Int) {
        guard width > 0, height > 0, plane.count == width * height else { return }
        var scratch = [Float](repeating: 0, count: plane.count)
        let radius = radius
        weights.withUnsafeBufferPointer { kernel in
            plane.withUnsafeMutableBufferPointer { data in
                scratch.withUnsafeMutableBufferPointer { temp in
                    // Rows: data → temp.
                    for row in 0..<height {
                        let base = row * width
                        for column in 0..<width {
                            var sum: Float = 0
                            for k in -radius...radius {
                                let source = min(max(column + k, 0), width - 1)
                                sum += kernel[k + radius] * data[base + source]
                            }
                            temp[base + column] = sum
                        }
                    }
                    // Columns: temp → data.
                    for row in 0..<height {
                        for column in 0..<width {
                            var sum: Float = 0
                            for k in -radius...radius {
                                let source = min(max(row + k, 0), height - 1)
                                sum += kernel[k + radius] * temp[source * width + column]
                            }
                            data[row * width + column] = sum
                        }
                    }
                }
            }
        }
    }
}
