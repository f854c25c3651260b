import MediForEval
import Testing

@Suite("no-score zones")
struct NoScoreZoneTests {
    /// Kernel footprints as offsets `(dx, dy)`, written out by hand from MediScore's `getKern` (OpenCV's
    /// `MORPH_ELLIPSE` for disc; the identity matrix for line; Gaussian σ = 0.3 keeps every cell at these sizes).
    static func footprint(_ shape: KernelShape, size: Int) -> [(Int, Int)] {
        let radius = size / 2
        var cells: [(Int, Int)] = []
        for dy in -radius...radius {
            for dx in -radius...radius {
                let inside: Bool =
                    switch (shape, size) {
                    case (.box, _), (.gaussian, _): true
                    case (.diamond, _): abs(dx) + abs(dy) <= radius
                    case (.line, _): dx == dy
                    // 3×3 ellipse is a cross; 5×5 is the square minus the four corner pairs:
                    // 0 0 1 0 0 / 1 1 1 1 1 / 1 1 1 1 1 / 1 1 1 1 1 / 0 0 1 0 0
                    case (.disc, 3): dx == 0 || dy == 0
                    case (.disc, _): abs(dy) < radius || dx == 0
                    }
                if inside { cells.append((dx, dy)) }
            }
        }
        return cells
    }

    @Test(
        "a single manipulated pixel dilates into the kernel's footprint",
        arguments: [(KernelShape.box, 24), (.disc, 16), (.diamond, 12), (.line, 4), (.gaussian, 24)]
    )
    func footprintSize(shape: KernelShape, ringPixels: Int) throws {
        // 9×9 white image, one black pixel in the middle; no erosion, 5×5 dilation: the ring is the footprint
        // minus the pixel itself.
        var pixels = [UInt8](repeating: 255, count: 81)
        pixels[40] = 0
        let reference = try MaskPlane(width: 9, height: 9, pixels: pixels)
        let scorer = MaskScorer(configuration: .init(erosionKernelSize: 0, dilationKernelSize: 5, kernelShape: shape))
        let zone = try scorer.noScoreZone(reference: reference, system: reference)
        #expect(zone.boundaryPixelCount == ringPixels)
    }

    @Test("the image border neither erodes nor grows a region (OpenCV's border rule)")
    func border() throws {
        // Fully manipulated 5×5 reference: erosion ignores the outside, so nothing is eroded and there is no ring.
        let all = try MaskPlane(width: 5, height: 5, repeating: 0)
        let scorer = MaskScorer(configuration: .init(erosionKernelSize: 3, dilationKernelSize: 3))
        #expect(try scorer.noScoreZone(reference: all, system: all).boundaryPixelCount == 0)
        // A block in the corner: the ring only runs along its inner edges.
        let corner = try mask(["##...", "##...", ".....", ".....", "....."])
        let zone = try scorer.noScoreZone(reference: corner, system: corner)
        // Eroded: (0,0) only. Dilated: rows/columns 0–2 (9 px). Ring: 8 px.
        #expect(zone.boundaryPixelCount == 8)
        #expect(zone.flags[0] == 0)
    }

    static func bruteForceRing(
        _ reference: MaskPlane, erosion: [(Int, Int)], dilation: [(Int, Int)]
    ) -> [Bool] {
        let (width, height) = (reference.width, reference.height)
        func manipulated(_ x: Int, _ y: Int) -> Bool { reference[x: x, y: y] < 255 }
        var ring = [Bool](repeating: false, count: width * height)
        for y in 0..<height {
            for x in 0..<width {
                let inImage = { (dx: Int, dy: Int) in x + dx >= 0 && x + dx < width && y + dy >= 0 && y + dy < height }
                let eroded = erosion.filter(inImage).allSatisfy { manipulated(x + $0.0, y + $0.1) }
                let dilated = dilation.filter(inImage).contains { manipulated(x + $0.0, y + $0.1) }
                ring[y * width + x] = dilated && !eroded
            }
        }
        return ring
    }

    @Test(
        "the ring equals a brute-force erosion and dilation for every kernel shape",
        arguments: KernelShape.allCases
    )
    func bruteForce(shape: KernelShape) throws {
        var generator = SplitMix(seed: 11)
        let width = 29
        let height = 19
        // Blobs: random rectangles of manipulated pixels, plus some isolated dark specks.
        var pixels = [UInt8](repeating: 255, count: width * height)
        for _ in 0..<6 {
            let x0 = Int(generator.next() % UInt64(width))
            let y0 = Int(generator.next() % UInt64(height))
            let w = 1 + Int(generator.next() % 8)
            let h = 1 + Int(generator.next() % 6)
            for y in y0..<min(y0 + h, height) {
                for x in x0..<min(x0 + w, width) { pixels[y * width + x] = UInt8(generator.next() % 200) }
            }
        }
        let reference = try MaskPlane(width: width, height: height, pixels: pixels)
        for (erosion, dilation) in [(5, 3), (3, 5), (0, 5), (5, 0)] {
            let scorer = MaskScorer(
                configuration: .init(erosionKernelSize: erosion, dilationKernelSize: dilation, kernelShape: shape))
            let zone = try scorer.noScoreZone(reference: reference, system: reference)
            let expected = Self.bruteForceRing(
                reference,
                erosion: erosion == 0 ? [(0, 0)] : Self.footprint(shape, size: erosion),
                dilation: dilation == 0 ? [(0, 0)] : Self.footprint(shape, size: dilation))
            #expect(
                zone.flags.map { $0 & NoScoreZone.boundary != 0 } == expected, "\(shape) eks \(erosion) dks \(dilation)"
            )
        }
    }
}
