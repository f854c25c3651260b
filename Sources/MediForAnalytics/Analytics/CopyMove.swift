import Foundation
import MediForImaging

/// Copy-move (cloning) detection by dense matching of rotation-invariant features.
///
/// Method: D. Cozzolino, G. Poggi, L. Verdoliva, "Efficient dense-field copy–move forgery detection", IEEE
/// Transactions on Information Forensics and Security 10(11), 2015. Every pixel gets a rotation-invariant
/// descriptor of its neighbourhood; a PatchMatch search finds, for each pixel, its most similar pixel elsewhere in
/// the image (never closer than a minimum offset); the resulting offset field is median filtered and checked by
/// dense linear fitting: where a region was cloned, even rotated or rescaled, the offsets form a smooth affine
/// field, elsewhere they are noise.
///
/// Here (a variant sized for speed): the image's luminance is averaged down to at most 1.5 MP. The descriptor is
/// the magnitudes of Gaussian-weighted complex moments up to order 4 (|c_pq|, the rotation invariants Zernike
/// magnitudes are made of; Cozzolino uses Zernike or polar-cosine moments on a disc), plus the weighted mean and
/// the two radial moments, computed for every pixel with separable filters (σ = 3 px) and scaled per feature by
/// its robust spread; they tolerate small scale changes (±10 %) because the weight is smooth. Pixels whose
/// neighbourhood is nearly planar (sky, walls: residual deviation below 2 grey levels) take no part: flat areas
/// match anything. Matches must be at least 16 px away, and a pixel on a one-dimensional structure (edge, pole,
/// rim: structure-tensor coherence above 0.6) may not match along its own direction (within about 18°), which
/// removes the trivial self-similarity of lines. After the 5×5 median and a 7×7 affine fit (mean squared
/// residual below 1 px²), the surviving correspondences are clustered by a RANSAC similarity transform
/// (rotation, scale 0.8–1.25, shift; a pair counts for T or T⁻¹, so source and copy fall into one cluster). A
/// cluster is judged by its solid area (inlier pixels whose 5×5 neighbourhood are all inliers: clones are
/// regions, natural repetitions along edges and rims are thin) and by the normalized correlation of the
/// high-pass image between the matched pixels. The score is logistic in that area (midpoint 1000 working pixels)
/// times a ramp on the correlation (0.6–0.85). The mask marks both source and copy of the clusters scoring at
/// least 0.2, morphologically closed (radius 6) and widened by σ, at the image's size.
struct CopyMove: ForensicAnalytic {
    let descriptor = AnalyticDescriptor(
        id: "copymove", name: "Copy-move detection",
        summary: "Regions cloned elsewhere in the same image, also when rotated or rescaled slightly.",
        citation: "Cozzolino, Poggi, Verdoliva, Efficient dense-field copy-move forgery detection, IEEE TIFS 2015")

    static let maxWorkingPixels = 1_500_000
    static let sigma: Float = 3
    static let minimumOffset = 16
    static let minimumTexture: Float = 2
    static let maximumResidual: Float = 1
    static let inlierDistance: Float = 2

    /// One similarity transform q = a·p + b (complex numbers: x + iy) and the correspondences that follow it.
    struct Cluster {
        var a: (re: Float, im: Float)
        var b: (re: Float, im: Float)
        var pixels: [Int]
        var partners: [(Float, Float)]
        var solidArea = 0
        var correlation: Float = 0
    }

    func analyze(_ input: AnalysisInput) throws(AnalysisError) -> AnalysisResult {
        let luminance = try input.luminance()
        guard luminance.width >= 64, luminance.height >= 64 else {
            return .optOut("image is smaller than 64×64 pixels; copy-move detection needs room for two regions")
        }
        let factor = Int(Double(luminance.width * luminance.height).squareRoot()
            / Double(Self.maxWorkingPixels).squareRoot() + 0.999_999)
        let working = try Self.reduced(luminance, by: max(factor, 1))
        let width = working.width, height = working.height
        let field = CopyMoveField.features(working, sigma: Self.sigma)
        let active = field.texture.map { $0 >= Self.minimumTexture }
        let normalized = Self.normalized(field.features, active: active)
        let normals = CopyMoveField.edgeNormals(working, radius: 4, coherence: 0.6)
        let matches = CopyMoveField.nearestNeighbours(
            features: normalized, active: active, normals: normals, width: width, height: height,
            minimumOffset: Self.minimumOffset, iterations: 4, seed: 0x5EED)
        let matched = matches.distance.map { $0 < .infinity }
        let dx = CopyMoveField.medianFiltered(matches.dx, matched: matched, width: width, height: height)
        let dy = CopyMoveField.medianFiltered(matches.dy, matched: matched, width: width, height: height)
        let residual = CopyMoveField.fitResidual(dx: dx, dy: dy, matched: matched, width: width, height: height, radius: 3)
        var candidates: [Int] = []
        for index in 0..<(width * height) where residual[index] < Self.maximumResidual {
            let ox = Int(dx[index]), oy = Int(dy[index])
            if ox * ox + oy * oy >= Self.minimumOffset * Self.minimumOffset { candidates.append(index) }
        }
        var clusters: [Cluster] = []
        var remaining = candidates
        var random = CopyMoveField.Random(state: 0xC0FFEE)
        while clusters.count < 3, remaining.count >= 50,
              var cluster = Self.ransac(remaining, dx: dx, dy: dy, width: width, random: &random), cluster.pixels.count >= 50
        {
            cluster.solidArea = Self.solidArea(cluster.pixels, width: width, height: height)
            cluster.correlation = Self.correlation(cluster, highPass: field.highPass, width: width, height: height)
            let taken = Set(cluster.pixels)
            remaining.removeAll { taken.contains($0) }
            clusters.append(cluster)
        }
        let scored = clusters.map { Self.score($0) }
        let bestIndex = scored.indices.max { scored[$0] < scored[$1] }
        let score = bestIndex.map { scored[$0] } ?? 0
        let accepted = clusters.indices.filter { scored[$0] >= 0.2 }.map { clusters[$0] }
        let mask = try Self.mask(accepted, factor: factor, working: (width, height), image: (luminance.width, luminance.height))
        let summary: String
        if let bestIndex {
            let best = clusters[bestIndex]
            let scale = hypot(best.a.re, best.a.im)
            let angle = atan2(best.a.im, best.a.re) * 180 / .pi
            summary = String(
                format: "best cloned-region cluster: %d matched pixels, solid area %d, similarity scale %.3f, "
                    + "rotation %.1f°, high-pass correlation %.2f",
                best.pixels.count, best.solidArea, Double(scale), Double(angle), Double(best.correlation))
        } else {
            summary = "no consistent cloned region"
        }
        return AnalysisResult(
            score: score, mask: mask,
            explanation: summary + String(
                format: " (working size %d×%d, %d textured pixels, %d locally consistent matches)",
                width, height, active.count { $0 }, candidates.count))
    }

    /// The score of one cluster: logistic in its solid area, times a ramp on its high-pass correlation.
    static func score(_ cluster: Cluster) -> Double {
        let area = ForensicMath.logistic(Double(cluster.solidArea), midpoint: 1000, width: 200)
        let agreement = min(max((Double(cluster.correlation) - 0.6) / 0.25, 0), 1)
        return area * agreement
    }

    /// `plane` averaged over `factor`×`factor` blocks (partial blocks at the edges dropped).
    static func reduced(_ plane: GrayImage, by factor: Int) throws(AnalysisError) -> GrayImage {
        guard factor > 1 else { return plane }
        let blocks = ForensicMath.blockMeans(plane, size: factor)
        do { return try GrayImage(width: blocks.columns, height: blocks.rows, pixels: blocks.values) } catch {
            throw .internalError("working image: \(error)")
        }
    }

    /// Features scaled per dimension by their median absolute deviation over (a sample of) the active pixels.
    static func normalized(_ features: [Float], active: [Bool]) -> [Float] {
        let d = CopyMoveField.dimensions
        let count = active.count
        let stride = max(count / 50_000, 1)
        var scaled = features
        for k in 0..<d {
            var sample: [Float] = []
            for index in Swift.stride(from: 0, to: count, by: stride) where active[index] { sample.append(features[index * d + k]) }
            let center = ForensicMath.median(sample)
            let spread = ForensicMath.median(sample.map { abs($0 - center) }) + 1e-3
            for index in 0..<count { scaled[index * d + k] = features[index * d + k] / spread }
        }
        return scaled
    }

    /// RANSAC for the similarity transform followed by most candidate correspondences p → p + offset(p), counting
    /// a pair when it follows the transform or its inverse; refined by least squares on the inliers.
    static func ransac(_ candidates: [Int], dx: [Int32], dy: [Int32], width: Int, random: inout CopyMoveField.Random)
        -> Cluster?
    {
        let n = candidates.count
        let points = candidates.map { (Float($0 % width), Float($0 / width)) }
        let targets = candidates.map { (Float($0 % width + Int(dx[$0])), Float($0 / width + Int(dy[$0]))) }
        let sampleStride = max(n / 4000, 1)
        let eps2 = inlierDistance * inlierDistance
        func follows(_ i: Int, _ a: (Float, Float), _ b: (Float, Float)) -> Int {
            let (px, py) = points[i], (qx, qy) = targets[i]
            let fx = a.0 * px - a.1 * py + b.0 - qx, fy = a.1 * px + a.0 * py + b.1 - qy
            if fx * fx + fy * fy < eps2 { return 1 }
            let rx = a.0 * qx - a.1 * qy + b.0 - px, ry = a.1 * qx + a.0 * qy + b.1 - py
            return rx * rx + ry * ry < eps2 ? -1 : 0
        }
        var best: (a: (Float, Float), b: (Float, Float), votes: Int)?
        for _ in 0..<600 {
            let i = random.below(n)
            let j = min(max(i + random.within(1500), 0), n - 1)
            let (p1, p2, q1, q2) = (points[i], points[j], targets[i], targets[j])
            let ux = p2.0 - p1.0, uy = p2.1 - p1.1, vx = q2.0 - q1.0, vy = q2.1 - q1.1
            let norm = ux * ux + uy * uy
            guard norm >= 64, norm <= 40_000 else { continue }
            let a = ((vx * ux + vy * uy) / norm, (vy * ux - vx * uy) / norm)
            let scale = hypot(a.0, a.1)
            guard scale >= 0.8, scale <= 1.25 else { continue }
            let b = (q1.0 - (a.0 * p1.0 - a.1 * p1.1), q1.1 - (a.1 * p1.0 + a.0 * p1.1))
            var votes = 0
            for k in Swift.stride(from: 0, to: n, by: sampleStride) where follows(k, a, b) != 0 { votes += 1 }
            if votes > (best?.votes ?? 0) { best = (a, b, votes) }
        }
        guard var model = best else { return nil }
        // Least-squares refinement on the pairs oriented source → copy.
        for _ in 0..<2 {
            var sp = (0.0, 0.0), sq = (0.0, 0.0), m = 0.0
            var pairs: [(Double, Double, Double, Double)] = []
            for k in 0..<n {
                let side = follows(k, model.a, model.b)
                guard side != 0 else { continue }
                let (p, q) = side > 0 ? (points[k], targets[k]) : (targets[k], points[k])
                pairs.append((Double(p.0), Double(p.1), Double(q.0), Double(q.1)))
                sp.0 += Double(p.0); sp.1 += Double(p.1); sq.0 += Double(q.0); sq.1 += Double(q.1); m += 1
            }
            guard m >= 3 else { break }
            let pm = (sp.0 / m, sp.1 / m), qm = (sq.0 / m, sq.1 / m)
            var num = (0.0, 0.0), den = 0.0
            for (px, py, qx, qy) in pairs {
                let ux = px - pm.0, uy = py - pm.1, vx = qx - qm.0, vy = qy - qm.1
                num.0 += vx * ux + vy * uy
                num.1 += vy * ux - vx * uy
                den += ux * ux + uy * uy
            }
            guard den > 1 else { break }
            let a = (num.0 / den, num.1 / den)
            let b = (qm.0 - (a.0 * pm.0 - a.1 * pm.1), qm.1 - (a.1 * pm.0 + a.0 * pm.1))
            model.a = (Float(a.0), Float(a.1))
            model.b = (Float(b.0), Float(b.1))
        }
        var cluster = Cluster(a: (model.a.0, model.a.1), b: (model.b.0, model.b.1), pixels: [], partners: [])
        for k in 0..<n where follows(k, model.a, model.b) != 0 {
            cluster.pixels.append(candidates[k])
            cluster.partners.append(targets[k])
        }
        return cluster
    }

    /// Inlier pixels whose whole 5×5 neighbourhood is inliers.
    static func solidArea(_ pixels: [Int], width: Int, height: Int) -> Int {
        var inside = [Bool](repeating: false, count: width * height)
        for p in pixels { inside[p] = true }
        var area = 0
        for p in pixels {
            let x = p % width, y = p / width
            guard x >= 2, y >= 2, x < width - 2, y < height - 2 else { continue }
            var solid = true
            for yy in (y - 2)...(y + 2) where solid {
                for xx in (x - 2)...(x + 2) where !inside[yy * width + xx] { solid = false; break }
            }
            if solid { area += 1 }
        }
        return area
    }

    /// Normalized correlation of the high-pass image at the cluster's pixels and at their partners (bilinear).
    static func correlation(_ cluster: Cluster, highPass: [Float], width: Int, height: Int) -> Float {
        var sa: Float = 0, sb: Float = 0, saa: Float = 0, sbb: Float = 0, sab: Float = 0, n: Float = 0
        for (p, q) in zip(cluster.pixels, cluster.partners) {
            let x = min(max(q.0, 0), Float(width - 1)), y = min(max(q.1, 0), Float(height - 1))
            let x0 = min(Int(x), width - 2), y0 = min(Int(y), height - 2)
            let fx = x - Float(x0), fy = y - Float(y0)
            let i = y0 * width + x0
            let b = (1 - fy) * ((1 - fx) * highPass[i] + fx * highPass[i + 1])
                + fy * ((1 - fx) * highPass[i + width] + fx * highPass[i + width + 1])
            let a = highPass[p]
            sa += a; sb += b; saa += a * a; sbb += b * b; sab += a * b; n += 1
        }
        guard n > 1 else { return 0 }
        let va = saa / n - (sa / n) * (sa / n), vb = sbb / n - (sb / n) * (sb / n)
        guard va > 1e-6, vb > 1e-6 else { return 0 }
        return (sab / n - sa / n * sb / n) / (va * vb).squareRoot()
    }

    /// Both ends of every accepted correspondence, closed, widened by the descriptor's radius, scaled to the image.
    static func mask(_ clusters: [Cluster], factor: Int, working: (Int, Int), image: (Int, Int)) throws(AnalysisError)
        -> AnalysisMask
    {
        let (width, height) = working
        var marked = [Float](repeating: 0, count: width * height)
        for cluster in clusters {
            for (p, q) in zip(cluster.pixels, cluster.partners) {
                marked[p] = 1
                let x = Int(q.0.rounded()), y = Int(q.1.rounded())
                if x >= 0, x < width, y >= 0, y < height { marked[y * width + x] = 1 }
            }
        }
        // Morphological closing (dilate, then erode, radius 6) fills the gaps between matched pixels; a final
        // dilation by the descriptor's radius covers the region's border.
        func blurred(_ values: [Float], _ radius: Int) throws(AnalysisError) -> [Float] {
            do { return ForensicMath.boxBlur(try GrayImage(width: width, height: height, pixels: values), radius: radius).pixels }
            catch { throw .internalError("mask plane: \(error)") }
        }
        let dilated = try blurred(marked, 6).map { $0 > 1e-6 ? Float(1) : 0 }
        let closed = try blurred(dilated, 6).map { $0 > 0.999 ? Float(1) : 0 }
        let spread = try blurred(closed, Int(Self.sigma))
        var pixels = [UInt8](repeating: 255, count: image.0 * image.1)
        spread.withUnsafeBufferPointer { source in
            for y in 0..<image.1 {
                let sy = min(y / factor, height - 1)
                for x in 0..<image.0 {
                    let value = source[sy * width + min(x / factor, width - 1)]
                    pixels[y * image.0 + x] = value > 0.3 ? 0 : (value > 0.05 ? 160 : 255)
                }
            }
        }
        return try AnalysisMask(width: image.0, height: image.1, pixels: pixels)
    }
}
