import Foundation

/// How a resampled pixel is computed from its source neighbourhood.
package enum Interpolation: String, Hashable, Sendable, CaseIterable {
    /// 2×2 neighbourhood, linear weights.
    case bilinear
    /// 4×4 neighbourhood, Keys' cubic convolution with a = −0.5.
    case bicubic
}

/// An affine map from output pixel positions to source positions:
/// `sx = a·x + b·y + c`, `sy = d·x + e·y + f`, pixel centres at integer coordinates.
package struct AffineMap: Hashable, Sendable {
    var a, b, c, d, e, f: Double

    /// The map that scales by `scale` and rotates by `degrees` (counter-clockwise on screen), taking the output
    /// point `outputCentre` to the source point `sourceCentre`.
    package static func scaleRotate(
        scale: Double, degrees: Double, outputCentre: (x: Double, y: Double), sourceCentre: (x: Double, y: Double)
    ) -> AffineMap {
        let angle = degrees * Double.pi / 180
        let cosine = cos(angle) / scale, sine = sin(angle) / scale
        // Inverse of the forward rotation-scale: R(−θ)/s.
        let a = cosine, b = -sine, d = sine, e = cosine
        return AffineMap(
            a: a, b: b, c: sourceCentre.x - a * outputCentre.x - b * outputCentre.y,
            d: d, e: e, f: sourceCentre.y - d * outputCentre.x - e * outputCentre.y)
    }

    /// Source position of output pixel `(x, y)`.
    package func apply(_ x: Double, _ y: Double) -> (x: Double, y: Double) {
        (a * x + b * y + c, d * x + e * y + f)
    }
}

extension Raster {
    /// Resamples this raster into a `width`×`height` patch whose top-left output pixel is `(originX, originY)`:
    /// output pixel `(originX + i, originY + j)` takes the source at `map` of that position, edges clamped.
    /// Where `coverage` is given (one weight per patch pixel), pixels with weight 0 are left black.
    package func warped(
        width: Int, height: Int, originX: Int, originY: Int, map: AffineMap, interpolation: Interpolation,
        coverage: [Float]? = nil
    ) -> [UInt8] {
        var patch = [UInt8](repeating: 0, count: width * height * 3)
        let sourceWidth = self.width, sourceHeight = self.height
        pixels.withUnsafeBufferPointer { source in
            patch.withUnsafeMutableBufferPointer { out in
                for j in 0..<height {
                    let outY = Double(originY + j)
                    for i in 0..<width {
                        if let coverage, coverage[j * width + i] <= 0 { continue }
                        let position = map.apply(Double(originX + i), outY)
                        let target = (j * width + i) * 3
                        switch interpolation {
                        case .bilinear:
                            Self.bilinear(source, sourceWidth, sourceHeight, position.x, position.y, out, target)
                        case .bicubic:
                            Self.bicubic(source, sourceWidth, sourceHeight, position.x, position.y, out, target)
                        }
                    }
                }
            }
        }
        return patch
    }

    private static func bilinear(
        _ source: UnsafeBufferPointer<UInt8>, _ width: Int, _ height: Int, _ x: Double, _ y: Double,
        _ out: UnsafeMutableBufferPointer<UInt8>, _ target: Int
    ) {
        let clampedX = min(max(x, 0), Double(width - 1)), clampedY = min(max(y, 0), Double(height - 1))
        let x0 = Int(clampedX), y0 = Int(clampedY)
        let x1 = min(x0 + 1, width - 1), y1 = min(y0 + 1, height - 1)
        let fx = clampedX - Double(x0), fy = clampedY - Double(y0)
        let w00 = (1 - fx) * (1 - fy), w10 = fx * (1 - fy), w01 = (1 - fx) * fy, w11 = fx * fy
        let p00 = (y0 * width + x0) * 3, p10 = (y0 * width + x1) * 3
        let p01 = (y1 * width + x0) * 3, p11 = (y1 * width + x1) * 3
        for c in 0..<3 {
            let value = w00 * Double(source[p00 + c]) + w10 * Double(source[p10 + c]) + w01 * Double(source[p01 + c])
                + w11 * Double(source[p11 + c])
            out[target + c] = UInt8(min(max(value.rounded(), 0), 255))
        }
    }

    private static func cubicWeights(_ t: Double) -> (Double, Double, Double, Double) {
        // Keys (1981), a = −0.5, for the taps at offsets −1, 0, 1, 2.
        func kernel(_ s: Double) -> Double {
            let s = abs(s)
            if s < 1 { return (1.5 * s - 2.5) * s * s + 1 }
            if s < 2 { return ((-0.5 * s + 2.5) * s - 4) * s + 2 }
            return 0
        }
        return (kernel(t + 1), kernel(t), kernel(1 - t), kernel(2 - t))
    }

    /// Element `index` of a weight quadruple (a tuple, so sampling allocates nothing).
    private static func tap(_ weights: (Double, Double, Double, Double), _ index: Int) -> Double {
        switch index {
        case 0: weights.0
        case 1: weights.1
        case 2: weights.2
        default: weights.3
        }
    }

    private static func bicubic(
        _ source: UnsafeBufferPointer<UInt8>, _ width: Int, _ height: Int, _ x: Double, _ y: Double,
        _ out: UnsafeMutableBufferPointer<UInt8>, _ target: Int
    ) {
        let clampedX = min(max(x, 0), Double(width - 1)), clampedY = min(max(y, 0), Double(height - 1))
        let x0 = Int(clampedX.rounded(.down)), y0 = Int(clampedY.rounded(.down))
        let wx = cubicWeights(clampedX - Double(x0)), wy = cubicWeights(clampedY - Double(y0))
        var sums = (0.0, 0.0, 0.0)
        for m in 0..<4 {
            let row = min(max(y0 - 1 + m, 0), height - 1) * width
            var rowSums = (0.0, 0.0, 0.0)
            for n in 0..<4 {
                let p = (row + min(max(x0 - 1 + n, 0), width - 1)) * 3
                let weight = tap(wx, n)
                rowSums.0 += weight * Double(source[p])
                rowSums.1 += weight * Double(source[p + 1])
                rowSums.2 += weight * Double(source[p + 2])
            }
            let weight = tap(wy, m)
            sums.0 += weight * rowSums.0
            sums.1 += weight * rowSums.1
            sums.2 += weight * rowSums.2
        }
        out[target] = UInt8(min(max(sums.0.rounded(), 0), 255))
        out[target + 1] = UInt8(min(max(sums.1.rounded(), 0), 255))
        out[target + 2] = UInt8(min(max(sums.2.rounded(), 0), 255))
    }
}
