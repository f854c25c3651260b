import Foundation
import MediForImaging

/// The dense feature field, nearest-neighbour field and offset-field checks of ``CopyMove``.
enum CopyMoveField {
    /// Number of features per pixel.
    static let dimensions = 9

    /// Rotation-invariant moments of a Gaussian-weighted neighbourhood of every pixel, and the texture left after
    /// removing the best plane.
    ///
    /// With the isotropic weight w(r) = exp(−r²/2σ²), the complex moments c_pq = Σ w (x+iy)^p (x−iy)^q I only
    /// change phase, by e^{i(p−q)θ}, when the patch rotates by θ about its centre, so their magnitudes are
    /// rotation invariants (the moments Zernike magnitudes are built from). Because the Gaussian is separable,
    /// every c_pq up to order 4 comes from the 15 geometric moments m_ab = Σ w x^a y^b I, each one horizontal
    /// pass with w(x)·x^a and one vertical pass with w(y)·y^b. Features: the weighted mean, the two radial
    /// moments c11 and c22 with the mean removed, and |c10|, |c20|, |c21|, |c30|, |c31|, |c40|.
    static func features(_ plane: GrayImage, sigma: Float) -> (features: [Float], texture: [Float], highPass: [Float]) {
        let width = plane.width
        let height = plane.height
        let radius = Int((3 * sigma).rounded(.up))
        let taps = 2 * radius + 1
        let positions = (0..<taps).map { Float($0 - radius) / sigma }
        let weight = positions.map { exp(-$0 * $0 / 2) }
        // Kernels w·x^a, a = 0...4.
        let kernels = (0...4).map { a in (0..<taps).map { weight[$0] * pow(positions[$0], Float(a)) } }
        let w0 = weight.reduce(0, +)
        let w2 = zip(weight, positions).reduce(0) { $0 + $1.0 * $1.1 * $1.1 }
        let w4 = zip(weight, positions).reduce(0) { $0 + $1.0 * pow($1.1, 4) }
        let norm = w0 * w0
        let radial2 = 2 * w2 * w0            // Σ w r²
        let radial4 = 2 * w4 * w0 + 2 * w2 * w2  // Σ w r⁴
        let count = width * height
        // Horizontal passes: 5 moment planes (kernels w·x^a) and one of squared samples (kernel w), one buffer.
        var horizontal = [Float](repeating: 0, count: 6 * count)
        var padded = [Float](repeating: 0, count: width + 2 * radius)
        var squared = padded
        let columnIndex = (0..<(width + 2 * radius)).map { mirror($0 - radius, width) }
        let rowIndex = (0..<(height + 2 * radius)).map { mirror($0 - radius, height) }
        let flatKernels = kernels.flatMap { $0 }
        plane.pixels.withUnsafeBufferPointer { source in
            horizontal.withUnsafeMutableBufferPointer { out in
                flatKernels.withUnsafeBufferPointer { kernel in
                    for y in 0..<height {
                        for k in 0..<padded.count {
                            let v = source[y * width + columnIndex[k]]
                            padded[k] = v
                            squared[k] = v * v
                        }
                        padded.withUnsafeBufferPointer { row in
                            squared.withUnsafeBufferPointer { rowSquared in
                                for a in 0..<6 {
                                    let input = a < 5 ? row : rowSquared
                                    let taps0 = (a < 5 ? a : 0) * taps
                                    let target = a * count + y * width
                                    for x in 0..<width {
                                        var sum: Float = 0
                                        for t in 0..<taps { sum += kernel[taps0 + t] * input[x + t] }
                                        out[target + x] = sum
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        // Vertical passes, one output row at a time: moment m_ab = plane a filtered with kernel b (a + b ≤ 4),
        // plus the squared-sample plane with kernel 0 (slot 25).
        var features = [Float](repeating: 0, count: count * dimensions)
        var texture = [Float](repeating: 0, count: count)
        var highPass = [Float](repeating: 0, count: count)
        var rows = [Float](repeating: 0, count: 26 * width)  // rows[(a * 5 + b) * width + x]
        let pairs = (0...4).flatMap { a in (0...(4 - a)).map { b in (a, b) } } + [(5, 0)]
        let wxx = w2 * w0
        horizontal.withUnsafeBufferPointer { h in
            flatKernels.withUnsafeBufferPointer { kernel in
                plane.pixels.withUnsafeBufferPointer { source in
                    rows.withUnsafeMutableBufferPointer { m in
                        for y in 0..<height {
                            for (a, b) in pairs {
                                let slot = a == 5 ? 25 : a * 5 + b
                                let acc = slot * width
                                for x in 0..<width { m[acc + x] = 0 }
                                for t in 0..<taps {
                                    let k = kernel[b * taps + t]
                                    let from = a * count + rowIndex[y + t] * width
                                    for x in 0..<width { m[acc + x] += k * h[from + x] }
                                }
                            }
                            for x in 0..<width {
                                func at(_ a: Int, _ b: Int) -> Float { m[(a * 5 + b) * width + x] }
                                let m00 = at(0, 0), m10 = at(1, 0), m01 = at(0, 1)
                                let m20 = at(2, 0), m11 = at(1, 1), m02 = at(0, 2)
                                let m30 = at(3, 0), m21 = at(2, 1), m12 = at(1, 2), m03 = at(0, 3)
                                let m40 = at(4, 0), m31 = at(3, 1), m22 = at(2, 2), m13 = at(1, 3), m04 = at(0, 4)
                                let mean = m00 / norm
                                let index = y * width + x
                                let base = index * dimensions
                                features[base] = mean
                                features[base + 1] = (m20 + m02 - mean * radial2) / norm
                                features[base + 2] = (m40 + 2 * m22 + m04 - mean * radial4) / norm
                                features[base + 3] = hypot(m10, m01) / norm
                                features[base + 4] = hypot(m20 - m02, 2 * m11) / norm
                                features[base + 5] = hypot(m30 + m12, m21 + m03) / norm
                                features[base + 6] = hypot(m30 - 3 * m12, 3 * m21 - m03) / norm
                                features[base + 7] = hypot(m40 - m04, 2 * (m31 + m13)) / norm
                                features[base + 8] = hypot(m40 - 6 * m22 + m04, 4 * (m31 - m13)) / norm
                                let squares = m[25 * width + x]
                                let residual = (squares - m00 * m00 / norm - (m10 * m10 + m01 * m01) / wxx) / norm
                                texture[index] = max(residual, 0).squareRoot()
                                highPass[index] = source[index] - mean
                            }
                        }
                    }
                }
            }
        }
        return (features, texture, highPass)
    }

    /// Per pixel, the unit gradient direction where the neighbourhood is one-dimensional (an edge, a line, a
    /// stripe: structure-tensor coherence ((λ1 − λ2)/(λ1 + λ2))² above `coherence`), else (0, 0). Such pixels are
    /// similar to themselves shifted along the structure, which is no evidence of cloning.
    static func edgeNormals(_ plane: GrayImage, radius: Int, coherence: Float) -> (nx: [Float], ny: [Float]) {
        let width = plane.width, height = plane.height
        var xx = [Float](repeating: 0, count: width * height)
        var yy = xx, xy = xx
        plane.pixels.withUnsafeBufferPointer { p in
            for y in 1..<(height - 1) {
                for x in 1..<(width - 1) {
                    let i = y * width + x
                    let gx = (p[i + 1] - p[i - 1]) / 2, gy = (p[i + width] - p[i - width]) / 2
                    xx[i] = gx * gx
                    yy[i] = gy * gy
                    xy[i] = gx * gy
                }
            }
        }
        func smooth(_ values: [Float]) -> [Float] {
            guard let plane = try? GrayImage(width: width, height: height, pixels: values) else { return values }
            return ForensicMath.boxBlur(plane, radius: radius).pixels
        }
        let sxx = smooth(xx), syy = smooth(yy), sxy = smooth(xy)
        var nx = [Float](repeating: 0, count: width * height)
        var ny = nx
        for i in 0..<(width * height) {
            let trace = sxx[i] + syy[i]
            guard trace > 1e-3 else { continue }
            let difference = sxx[i] - syy[i]
            let spread = (difference * difference + 4 * sxy[i] * sxy[i]).squareRoot()
            guard spread * spread >= coherence * trace * trace else { continue }
            // Dominant eigenvector of [[sxx, sxy], [sxy, syy]]: the gradient direction.
            let angle = 0.5 * atan2(2 * sxy[i], difference)
            nx[i] = cos(angle)
            ny[i] = sin(angle)
        }
        return (nx, ny)
    }

    static func mirror(_ value: Int, _ count: Int) -> Int {
        guard count > 1 else { return 0 }
        var v = value
        while v < 0 || v >= count { v = v < 0 ? -v : 2 * count - 2 - v }
        return v
    }

    /// A small deterministic generator (PCG-style LCG with an xorshift output).
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (state ^ (state >> 29)) >> 11
        }
        mutating func below(_ bound: Int) -> Int { bound <= 1 ? 0 : Int(next() % UInt64(bound)) }
        mutating func within(_ radius: Int) -> Int { below(2 * radius + 1) - radius }
    }

    /// PatchMatch (Barnes et al. 2009) over the active pixels: for each, the offset to its most similar other
    /// active pixel at least `minimumOffset` away (and not along the pixel's edge, see ``edgeNormals``), by random initialisation, propagation from the scan-order
    /// neighbours and random search at halving radii. Inactive pixels keep distance +∞.
    static func nearestNeighbours(
        features: [Float], active: [Bool], normals: (nx: [Float], ny: [Float]), width: Int, height: Int,
        minimumOffset: Int, iterations: Int, seed: UInt64
    ) -> (dx: [Int32], dy: [Int32], distance: [Float]) {
        let count = width * height
        var dx = [Int32](repeating: 0, count: count)
        var dy = [Int32](repeating: 0, count: count)
        var distance = [Float](repeating: .infinity, count: count)
        var random = Random(state: seed)
        let minimum2 = minimumOffset * minimumOffset
        let d = dimensions
        features.withUnsafeBufferPointer { f in
          active.withUnsafeBufferPointer { on in
          normals.nx.withUnsafeBufferPointer { nx in
          normals.ny.withUnsafeBufferPointer { ny in
            dx.withUnsafeMutableBufferPointer { dx in
              dy.withUnsafeMutableBufferPointer { dy in
                distance.withUnsafeMutableBufferPointer { distance in
                    @inline(__always) func cost(_ p: Int, _ x: Int, _ y: Int, _ ox: Int, _ oy: Int, _ bound: Float) -> Float {
                        let tx = x + ox, ty = y + oy
                        guard tx >= 0, tx < width, ty >= 0, ty < height, ox * ox + oy * oy >= minimum2 else {
                            return .infinity
                        }
                        let q = ty * width + tx
                        guard on[q] else { return .infinity }
                        // On an edge or line, a shift along it (within about 18°) matches trivially.
                        let across = Float(ox) * nx[p] + Float(oy) * ny[p]
                        if nx[p] != 0 || ny[p] != 0, across * across < 0.1 * Float(ox * ox + oy * oy) { return .infinity }
                        var sum: Float = 0
                        let pb = p * d, qb = q * d
                        for k in 0..<d {
                            let diff = f[pb + k] - f[qb + k]
                            sum += diff * diff
                        }
                        return sum
                    }
                    @inline(__always) func consider(_ p: Int, _ x: Int, _ y: Int, _ ox: Int, _ oy: Int) {
                        let c = cost(p, x, y, ox, oy, distance[p])
                        if c < distance[p] {
                            dx[p] = Int32(ox)
                            dy[p] = Int32(oy)
                            distance[p] = c
                        }
                    }
                    for p in 0..<count where on[p] {
                        let x = p % width, y = p / width
                        for _ in 0..<4 { consider(p, x, y, random.below(width) - x, random.below(height) - y) }
                    }
                    let maxRadius = max(width, height) / 2
                    for iteration in 0..<iterations {
                        let forward = iteration % 2 == 0
                        let step = forward ? -1 : 1
                        for n in 0..<count {
                            let p = forward ? n : count - 1 - n
                            guard on[p] else { continue }
                            let x = p % width, y = p / width
                            // Propagation from the neighbours already visited in this scan.
                            let nx = x + step
                            if nx >= 0, nx < width, distance[p + step] < .infinity {
                                consider(p, x, y, Int(dx[p + step]), Int(dy[p + step]))
                            }
                            let ny = y + step
                            if ny >= 0, ny < height, distance[p + step * width] < .infinity {
                                consider(p, x, y, Int(dx[p + step * width]), Int(dy[p + step * width]))
                            }
                            var radius = maxRadius
                            while radius >= 1 {
                                consider(p, x, y, Int(dx[p]) + random.within(radius), Int(dy[p]) + random.within(radius))
                                radius /= 2
                            }
                        }
                    }
                }
              }
            }
          }
          }
          }
        }
        return (dx, dy, distance)
    }

    /// The offsets replaced by the median over the matched pixels of their 5×5 neighbourhood (Cozzolino's
    /// regularisation of the field before the fit).
    static func medianFiltered(_ values: [Int32], matched: [Bool], width: Int, height: Int) -> [Int32] {
        var output = values
        var window = [Int32](repeating: 0, count: 25)
        values.withUnsafeBufferPointer { values in
        matched.withUnsafeBufferPointer { matched in
        output.withUnsafeMutableBufferPointer { output in
        window.withUnsafeMutableBufferPointer { window in
        for y in 0..<height {
            for x in 0..<width where matched[y * width + x] {
                var n = 0
                for yy in max(y - 2, 0)...min(y + 2, height - 1) {
                    for xx in max(x - 2, 0)...min(x + 2, width - 1) where matched[yy * width + xx] {
                        // Insertion into the sorted prefix.
                        var k = n
                        let v = values[yy * width + xx]
                        while k > 0 && window[k - 1] > v {
                            window[k] = window[k - 1]
                            k -= 1
                        }
                        window[k] = v
                        n += 1
                    }
                }
                output[y * width + x] = window[n / 2]
            }
        }
        }
        }
        }
        }
        return output
    }

    /// Per pixel, the mean squared residual of the best affine fit of the offset field over the matched pixels
    /// of its (2r+1)² window (Cozzolino's dense linear fitting): small where the field is a smooth copy of a
    /// region (translation, rotation, scaling), large where matches are random. +∞ where fewer than half the
    /// window's pixels are matched. Window sums are sliding, in Double.
    static func fitResidual(dx: [Int32], dy: [Int32], matched: [Bool], width: Int, height: Int, radius r: Int) -> [Float] {
        let quantities = 14
        var columnSums = [Double](repeating: 0, count: width * quantities)
        var output = [Float](repeating: .infinity, count: width * height)
        let needed = Double((2 * r + 1) * (2 * r + 1)) / 2
        dx.withUnsafeBufferPointer { dx in
          dy.withUnsafeBufferPointer { dy in
            matched.withUnsafeBufferPointer { matched in
              columnSums.withUnsafeMutableBufferPointer { columns in
                output.withUnsafeMutableBufferPointer { output in
                    func addRow(_ y: Int, _ sign: Double) {
                        for x in 0..<width where matched[y * width + x] {
                            let px = Double(x), py = Double(y)
                            let ox = Double(dx[y * width + x]), oy = Double(dy[y * width + x])
                            let c = x * quantities
                            columns[c] += sign
                            columns[c + 1] += sign * px
                            columns[c + 2] += sign * py
                            columns[c + 3] += sign * px * px
                            columns[c + 4] += sign * px * py
                            columns[c + 5] += sign * py * py
                            columns[c + 6] += sign * ox
                            columns[c + 7] += sign * oy
                            columns[c + 8] += sign * px * ox
                            columns[c + 9] += sign * py * ox
                            columns[c + 10] += sign * px * oy
                            columns[c + 11] += sign * py * oy
                            columns[c + 12] += sign * ox * ox
                            columns[c + 13] += sign * oy * oy
                        }
                    }
                    for y in 0..<min(r, height) { addRow(y, 1) }
                    withUnsafeTemporaryAllocation(of: Double.self, capacity: quantities) { s in
                        for y in 0..<height {
                            if y + r < height { addRow(y + r, 1) }
                            if y - r - 1 >= 0 { addRow(y - r - 1, -1) }
                            for q in 0..<quantities { s[q] = 0 }
                            for x in 0..<min(r, width) { for q in 0..<quantities { s[q] += columns[x * quantities + q] } }
                            for x in 0..<width {
                                if x + r < width { for q in 0..<quantities { s[q] += columns[(x + r) * quantities + q] } }
                                if x - r - 1 >= 0 { for q in 0..<quantities { s[q] -= columns[(x - r - 1) * quantities + q] } }
                                let n = s[0]
                                guard n >= needed, matched[y * width + x] else { continue }
                                let mx = s[1] / n, my = s[2] / n
                                let sxx = s[3] - n * mx * mx, sxy = s[4] - n * mx * my, syy = s[5] - n * my * my
                                let det = sxx * syy - sxy * sxy
                                guard det > 1e-6 else { continue }
                                func component(_ mean: Double, _ sxo: Double, _ syo: Double, _ soo: Double) -> Double {
                                    let cxo = sxo - n * mx * mean, cyo = syo - n * my * mean, coo = soo - n * mean * mean
                                    let alpha = (syy * cxo - sxy * cyo) / det
                                    let beta = (sxx * cyo - sxy * cxo) / det
                                    return coo - alpha * cxo - beta * cyo
                                }
                                let residual = component(s[6] / n, s[8], s[9], s[12]) + component(s[7] / n, s[10], s[11], s[13])
                                output[y * width + x] = Float(max(residual, 0) / n)
                            }
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
