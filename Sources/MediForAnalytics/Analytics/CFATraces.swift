import Foundation
import MediForImaging

/// Colour filter array (CFA) demosaicing traces.
///
/// Method: P. Ferrara, T. Bianchi, A. De Rosa, A. Piva, "Image forgery localization via fine-grained analysis of
/// CFA artifacts", IEEE Transactions on Information Forensics and Security 7(5), 2012. A camera samples one
/// colour per pixel through a Bayer filter and interpolates the two missing ones. Interpolated samples are
/// (nearly) a linear function of their neighbours, acquired samples are not, so a simple interpolation predictor
/// leaves a much smaller error at interpolated positions than at acquired ones. Where this asymmetry is missing
/// in an image that shows it elsewhere, the pixels did not come out of the same demosaicing: pasted from another
/// source, resampled, or painted.
///
/// Here, on the green channel (the green sites of the four Bayer arrangements RGGB, BGGR, GRBG, GBRG form one of
/// two quincunx lattices, so the four 2×2 hypotheses reduce to two for green): the prediction error is the
/// pixel minus the mean of its four direct neighbours (the bilinear demosaicing kernel). Its energy is summed
/// separately on the two lattices per 8×8 block; the local feature is the log ratio of acquired-site to
/// interpolated-site mean energy over a 16×16 window (2×2 blocks, 8-pixel stride), Ferrara's "L" statistic
/// without the Gaussian weighting. The lattice with the larger median ratio is taken as the acquired one, and
/// the median over the textured windows (error energy ≥ 4× the noise floor, the median interpolated-site energy)
/// is the image's own CFA strength S. Instead of Ferrara's two-Gaussian EM fit the decision is made per window
/// against the image's own statistics: under the CFA model a window of mean energy m keeps its interpolated
/// sites at the noise floor N and puts the rest on the acquired sites, so it should show a log ratio of
/// min(S, log((2m − N)/N)). Windows where that prediction is below 1 (flat, saturated or noisy areas) carry no
/// evidence either way; the others lack the CFA signature when their log ratio falls below 0.3 of the
/// prediction. Such windows are grouped into 8-connected clusters; the score grows with the size of the largest
/// cluster and is scaled down when S itself is weak (no CFA trace means no verdict). The mask marks the windows
/// of clusters of 3 or more, plus the uninformative windows they enclose.
struct CFATraces: ForensicAnalytic {
    let descriptor = AnalyticDescriptor(
        id: "cfa", name: "CFA demosaicing traces",
        summary: "Regions lacking the Bayer demosaicing signature that the rest of the image carries.",
        citation: "Ferrara, Bianchi, De Rosa, Piva, Image forgery localization via fine-grained analysis of CFA "
            + "artifacts, IEEE TIFS 2012")

    /// Block side in pixels; windows are 2×2 blocks.
    static let block = 8
    /// Windows whose mean error energy exceeds this multiple of the noise floor measure the image's strength.
    static let busyFactor: Float = 4
    /// A window is informative when the CFA model predicts at least this log ratio for it.
    static let minimumEvidence: Float = 1.0
    /// A window lacks the CFA signature when its log ratio is below this fraction of the predicted one.
    static let missingFraction: Float = 0.3
    /// Below this CFA strength (log ratio) the image shows no usable CFA trace.
    static let minimumStrength: Float = 0.7
    /// At and above this strength the trace is fully trusted.
    static let fullStrength: Float = 1.3

    func analyze(_ input: AnalysisInput) throws(AnalysisError) -> AnalysisResult {
        let image = try input.image()
        guard image.channels == 3 else {
            return .optOut("greyscale image: no colour channels to carry a Bayer demosaicing trace")
        }
        guard image.width >= 64, image.height >= 64 else {
            return .optOut("image is smaller than 64×64 pixels; CFA statistics need several 16×16 windows")
        }
        let energies = Self.blockEnergies(image)
        let columns = energies.columns - 1
        let rows = energies.rows - 1
        // Per window: mean error energy per site on the even and the odd lattice.
        var even = [Float](repeating: 0, count: columns * rows)
        var odd = [Float](repeating: 0, count: columns * rows)
        for row in 0..<rows {
            for column in 0..<columns {
                let a = row * energies.columns + column
                let b = a + energies.columns
                let evenSum = energies.even[a] + energies.even[a + 1] + energies.even[b] + energies.even[b + 1]
                let oddSum = energies.odd[a] + energies.odd[a + 1] + energies.odd[b] + energies.odd[b + 1]
                let evenSites = energies.evenCount[a] + energies.evenCount[a + 1] + energies.evenCount[b]
                    + energies.evenCount[b + 1]
                let oddSites = energies.oddCount[a] + energies.oddCount[a + 1] + energies.oddCount[b]
                    + energies.oddCount[b + 1]
                even[row * columns + column] = evenSum / max(evenSites, 1)
                odd[row * columns + column] = oddSum / max(oddSites, 1)
            }
        }
        // Which lattice is acquired: the sign of the median log ratio over the busier half of the windows.
        let total = zip(even, odd).map { $0 + $1 }
        let busy = ForensicMath.median(total)
        let orientation = ForensicMath.median(zip(even, odd).filter { $0 + $1 >= busy }.map { Self.logRatio($1, $0) })
        let oddAcquired = orientation >= 0
        let acquired = oddAcquired ? odd : even
        let interpolated = oddAcquired ? even : odd
        let noiseFloor = max(ForensicMath.median(interpolated), 0.02)
        var ratios = [Float](repeating: 0, count: columns * rows)
        var busyRatios: [Float] = []
        for index in ratios.indices {
            ratios[index] = Self.logRatio(acquired[index], interpolated[index])
            if (acquired[index] + interpolated[index]) / 2 > Self.busyFactor * noiseFloor {
                busyRatios.append(ratios[index])
            }
        }
        let lattice = oddAcquired ? "odd (RGGB/BGGR)" : "even (GRBG/GBRG)"
        guard busyRatios.count >= 12 else {
            return AnalysisResult(
                score: 0.05,
                explanation: "too little texture to judge CFA traces (\(busyRatios.count) textured windows)")
        }
        let strength = ForensicMath.median(busyRatios)
        guard strength >= Self.minimumStrength else {
            return AnalysisResult(
                score: 0.05,
                explanation: String(
                    format: "no CFA trace: acquired/interpolated error log ratio %.2f (needs ≥ %.1f); "
                        + "the image was not demosaiced, or compression or resizing erased the trace",
                    Double(strength), Double(Self.minimumStrength)))
        }
        // What the CFA model predicts for each window: interpolated sites at the noise floor, the rest of its
        // energy on the acquired sites, capped by the image's strength. Windows where that prediction is weak
        // (flat or noisy) carry no evidence; the others lack the trace when they fall far below it.
        var suspicious = [Bool](repeating: false, count: columns * rows)
        var informative = [Bool](repeating: false, count: columns * rows)
        var informativeCount = 0
        for index in ratios.indices {
            let mean = (acquired[index] + interpolated[index]) / 2
            let expected = min(strength, log(max(2 * mean - noiseFloor, noiseFloor) / noiseFloor))
            guard expected >= Self.minimumEvidence else { continue }
            informativeCount += 1
            informative[index] = true
            suspicious[index] = ratios[index] < Self.missingFraction * expected
        }
        let clusters = Self.clusters(suspicious, columns: columns, rows: rows)
        let largest = clusters.max { $0.count < $1.count } ?? []
        let midpoint = max(8.0, 2e-4 * Double(columns * rows))
        let trust = Double(min(max((strength - Self.minimumStrength) / (Self.fullStrength - Self.minimumStrength), 0), 1))
        let score = 0.03 + 0.97 * trust * ForensicMath.logistic(Double(largest.count), midpoint: midpoint, width: 2)
        let inside = ForensicMath.median(largest.map { ratios[$0] })
        var marked = [Float](repeating: 0, count: columns * rows)
        for cluster in clusters where cluster.count >= 3 {
            for index in cluster { marked[index] = 1 }
        }
        Self.fillHoles(&marked, informative: informative, columns: columns, rows: rows)
        let mask = try Self.mask(marked, columns: columns, rows: rows, width: image.width, height: image.height)
        let flagged = clusters.filter { $0.count >= 3 }.reduce(0) { $0 + $1.count }
        return AnalysisResult(
            score: score, mask: mask,
            explanation: String(
                format: "CFA trace on the %@ green lattice, strength %.2f (log error ratio, %d of %d windows "
                    + "informative); largest region without it: %d windows of 16×16 px (log ratio %.2f), "
                    + "%d windows flagged",
                lattice, Double(strength), informativeCount, columns * rows, largest.count,
                Double(largest.isEmpty ? strength : inside), flagged))
    }

    /// Log of the ratio of acquired to interpolated error energy, with a small floor for flat areas.
    static func logRatio(_ acquired: Float, _ interpolated: Float) -> Float {
        log((acquired + 0.05) / (interpolated + 0.05))
    }

    /// Per 8×8 block: the green prediction-error energy summed over the even ((x+y) even) and odd lattice
    /// sites, and how many sites of each contributed (the 1-pixel image border has no full neighbourhood).
    static func blockEnergies(_ image: PixelImage)
        -> (even: [Float], odd: [Float], evenCount: [Float], oddCount: [Float], columns: Int, rows: Int)
    {
        let width = image.width
        let columns = width / block
        let rows = image.height / block
        var even = [Float](repeating: 0, count: columns * rows)
        var odd = [Float](repeating: 0, count: columns * rows)
        var evenCount = [Float](repeating: 0, count: columns * rows)
        var oddCount = [Float](repeating: 0, count: columns * rows)
        let lastX = min(width - 1, columns * block)
        let lastY = min(image.height - 1, rows * block)
        let stride = width * 3
        image.pixels.withUnsafeBufferPointer { pixels in
            for y in 1..<lastY {
                let rowBase = (y / block) * columns
                for x in 1..<lastX {
                    let index = y * stride + x * 3 + 1
                    let neighbours = Float(pixels[index - 3]) + Float(pixels[index + 3])
                        + Float(pixels[index - stride]) + Float(pixels[index + stride])
                    let error = Float(pixels[index]) - 0.25 * neighbours
                    let cell = rowBase + x / block
                    if (x + y) & 1 == 0 {
                        even[cell] += error * error
                        evenCount[cell] += 1
                    } else {
                        odd[cell] += error * error
                        oddCount[cell] += 1
                    }
                }
            }
        }
        return (even, odd, evenCount, oddCount, columns, rows)
    }

    /// 8-connected components of the set cells of a grid, as lists of cell indices.
    static func clusters(_ set: [Bool], columns: Int, rows: Int) -> [[Int]] {
        var seen = [Bool](repeating: false, count: set.count)
        var result: [[Int]] = []
        var stack: [Int] = []
        for start in set.indices where set[start] && !seen[start] {
            var members: [Int] = []
            seen[start] = true
            stack.append(start)
            while let cell = stack.popLast() {
                members.append(cell)
                let row = cell / columns
                let column = cell % columns
                for dy in -1...1 {
                    for dx in -1...1 {
                        let y = row + dy
                        let x = column + dx
                        guard y >= 0, y < rows, x >= 0, x < columns else { continue }
                        let next = y * columns + x
                        if set[next] && !seen[next] {
                            seen[next] = true
                            stack.append(next)
                        }
                    }
                }
            }
            result.append(members)
        }
        return result
    }

    /// Marks the uninformative windows that flagged windows enclose (flat parts of a pasted region carry no
    /// evidence themselves): those not reachable from the grid's border without crossing a flagged window.
    static func fillHoles(_ marked: inout [Float], informative: [Bool], columns: Int, rows: Int) {
        var reached = [Bool](repeating: false, count: marked.count)
        var stack: [Int] = []
        for index in marked.indices where marked[index] == 0 {
            let row = index / columns, column = index % columns
            if row == 0 || column == 0 || row == rows - 1 || column == columns - 1 {
                reached[index] = true
                stack.append(index)
            }
        }
        while let cell = stack.popLast() {
            let row = cell / columns, column = cell % columns
            for direction in 0..<4 {
                let y = row + (direction == 0 ? -1 : direction == 1 ? 1 : 0)
                let x = column + (direction == 2 ? -1 : direction == 3 ? 1 : 0)
                guard y >= 0, y < rows, x >= 0, x < columns else { continue }
                let next = y * columns + x
                if !reached[next] && marked[next] == 0 {
                    reached[next] = true
                    stack.append(next)
                }
            }
        }
        for index in marked.indices where !reached[index] && !informative[index] { marked[index] = 1 }
    }

    /// The mask: each marked window darkens the 16×16 pixels it covers, softened by a small blur.
    static func mask(_ marked: [Float], columns: Int, rows: Int, width: Int, height: Int) throws(AnalysisError)
        -> AnalysisMask
    {
        var plane = [Float](repeating: 0, count: width * height)
        for row in 0..<rows {
            for column in 0..<columns where marked[row * columns + column] > 0 {
                for y in (row * block)..<min((row + 2) * block, height) {
                    for x in (column * block)..<min((column + 2) * block, width) { plane[y * width + x] = 1 }
                }
            }
        }
        let suspicion: GrayImage
        do { suspicion = try GrayImage(width: width, height: height, pixels: plane) } catch {
            throw .internalError("mask plane: \(error)")
        }
        return try AnalysisMask(suspicion: ForensicMath.boxBlur(suspicion, radius: 4), low: 0.1, high: 0.7)
    }
}
